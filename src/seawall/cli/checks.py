"""``seawall checks list``: the registered checks and their metadata."""

from __future__ import annotations

import json

import click
from rich.table import Table

from seawall.checks.registry import Check
from seawall.checks.runner import load_checks
from seawall.cli.report_output import stdout_console
from seawall.cli.selection import choose_checks
from seawall.findings.model import Practice, Severity


@click.group("checks")
def checks_group() -> None:
    """Show the checks seawall runs."""


@checks_group.command("list")
@click.option(
    "--practice",
    "practices",
    multiple=True,
    type=click.Choice([practice.value for practice in Practice]),
    help="List only the checks of this practice area; repeat for more.",
)
@click.option(
    "--severity",
    "min_severity",
    type=click.Choice([severity.value for severity in Severity]),
    metavar="SEVERITY",
    help="List only checks of SEVERITY or worse.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
def list_checks(practices: tuple[str, ...], min_severity: str | None, as_json: bool) -> None:
    """List each check's id, severity, practice, title and mapped controls."""
    chosen = choose_checks(load_checks(), (), practices, min_severity)
    if as_json:
        click.echo(json.dumps([check_record(item) for item in chosen], indent=2))
        return
    table = Table(title=f"{len(chosen)} checks", title_justify="left")
    for name in ("id", "severity", "practice", "title", "controls"):
        table.add_column(name, overflow="fold")
    for item in chosen:
        meta = item.meta
        table.add_row(
            meta.id, meta.severity.value, meta.practice.value, meta.title, " ".join(meta.controls)
        )
    stdout_console().print(table)


def check_record(item: Check) -> dict[str, object]:
    meta = item.meta
    return {
        "id": meta.id,
        "severity": meta.severity.value,
        "practice": meta.practice.value,
        "title": meta.title,
        "controls": list(meta.controls),
        "permissions": list(meta.permissions),
    }
