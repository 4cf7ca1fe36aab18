"""``seawall checks list``: the registered checks and their metadata."""

from __future__ import annotations

import json
import sys

import click
from rich import box
from rich.table import Table
from rich.text import Text

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
    """List each check's id, severity, practice, title and mapped controls.

    On a terminal the list is a table; piped, it has one plain line per check.
    """
    chosen = choose_checks(load_checks(), (), practices, min_severity)
    if as_json:
        click.echo(json.dumps([check_record(item) for item in chosen], indent=2))
        return
    if not sys.stdout.isatty():
        click.echo(plain_check_lines(chosen), nl=False)
        return
    table = Table(title=f"{len(chosen)} checks", title_justify="left", box=box.SIMPLE_HEAD)
    # The title goes under the id so that the long ids fit on one line at 100 columns.
    table.add_column("id / title", ratio=1)
    table.add_column("severity", no_wrap=True)
    table.add_column("practice", no_wrap=True)
    table.add_column("controls", no_wrap=True)
    for item in chosen:
        meta = item.meta
        id_and_title = Text(meta.id, style="bold")
        id_and_title.append(f"\n{meta.title}", style="default")
        table.add_row(
            id_and_title, meta.severity.value, meta.practice.value, "\n".join(meta.controls)
        )
    stdout_console().print(table)


def plain_check_lines(chosen: list[Check]) -> str:
    """Render a header and one line per check, in aligned columns without trailing spaces.

    Piped output gets this form so that grep and cut see a whole check per line.
    """
    rows = [("id", "severity", "practice", "controls", "title")]
    for item in chosen:
        meta = item.meta
        controls = ",".join(meta.controls) or "-"
        rows.append((meta.id, meta.severity.value, meta.practice.value, controls, meta.title))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for row in rows:
        cells = [value.ljust(width) for value, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    return "\n".join(lines) + "\n"


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
