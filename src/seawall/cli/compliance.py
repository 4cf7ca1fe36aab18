"""``seawall compliance coverage``: which checks cover each control of a framework."""

from __future__ import annotations

import json

import click
from rich import box
from rich.table import Table

from seawall.checks.runner import load_checks
from seawall.cli.report_output import stdout_console
from seawall.compliance.frameworks import Control, Framework, coverage, load_frameworks

FRAMEWORK_IDS = ("cis", "fsbp")


@click.group("compliance")
def compliance_group() -> None:
    """Show how the checks map to CIS and AWS FSBP controls."""


@compliance_group.command("coverage")
@click.option(
    "--framework",
    "framework_id",
    type=click.Choice(FRAMEWORK_IDS),
    default="cis",
    show_default=True,
    help="Framework to report: cis (CIS AWS Foundations Benchmark v5.0.0) or fsbp "
    "(AWS Foundational Security Best Practices, as Security Hub control ids).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead of a table.")
def coverage_command(framework_id: str, as_json: bool) -> None:
    """List each control, its title and the checks covering it, then the uncovered count."""
    framework = load_frameworks()[framework_id]
    covering = coverage(framework, load_checks().values())
    if as_json:
        click.echo(json.dumps(coverage_record(framework, covering), indent=2))
        return
    uncovered = [control_id for control_id, checks in covering.items() if not checks]
    table = Table(
        title=f"{framework.name} {framework.version}: "
        f"{len(covering) - len(uncovered)} of {len(covering)} controls covered",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("control", no_wrap=True)
    table.add_column("title", ratio=1)
    table.add_column("checks", no_wrap=True)
    for control_id, checks in covering.items():
        control = framework.controls[control_id]
        table.add_row(
            control_id, _title_with_notes(control), "\n".join(checks) if checks else "uncovered"
        )
    stdout_console().print(table)


def _title_with_notes(control: Control) -> str:
    notes = []
    if control.level is not None:
        notes.append(f"level {control.level}")
    if control.automated is False:
        notes.append("manual")
    if control.severity is not None:
        notes.append(control.severity)
    if not control.in_standard:
        notes.append("not in the FSBP standard")
    return f"{control.title} ({', '.join(notes)})" if notes else control.title


def coverage_record(framework: Framework, covering: dict[str, list[str]]) -> dict[str, object]:
    controls = []
    for control_id, checks in covering.items():
        control = framework.controls[control_id]
        controls.append(
            {
                "id": control.id,
                "title": control.title,
                "level": control.level,
                "automated": control.automated,
                "severity": control.severity,
                "in_standard": control.in_standard,
                "checks": checks,
            }
        )
    return {
        "framework": framework.id,
        "name": framework.name,
        "version": framework.version,
        "covered": sum(1 for checks in covering.values() if checks),
        "total": len(covering),
        "controls": controls,
    }
