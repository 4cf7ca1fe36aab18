"""The terminal report: a summary by practice, then failures worst first, then errors.

``report_renderables`` builds rich renderables that the CLI prints to a
console (colored on a TTY); ``render_text`` renders the same report as
plain text for ``-o FILE``.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from seawall.findings.formats.report import (
    ReportMeta,
    count_by_practice,
    count_by_status,
    with_status,
    worst_first,
)
from seawall.findings.model import Finding, Severity, Status

DEFAULT_WIDTH = 100

_SEVERITY_STYLES: dict[Severity, str] = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFORMATIONAL: "dim",
}
_STATUS_COLUMNS: tuple[tuple[Status, str, str], ...] = (
    (Status.PASS, "pass", "green"),
    (Status.FAIL, "fail", "red"),
    (Status.ERROR, "error", "yellow"),
    (Status.NOT_APPLICABLE, "n/a", "dim"),
)


def render_text(findings: Sequence[Finding], meta: ReportMeta, width: int = DEFAULT_WIDTH) -> str:
    """Render the report as plain text without color or other terminal codes."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        no_color=True,
        emoji=False,
        highlight=False,
    )
    console.print(report_renderables(findings, meta))
    # rich pads table titles and wrapped lines to the full width.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def report_renderables(findings: Sequence[Finding], meta: ReportMeta) -> Group:
    """Build the whole report as one rich renderable."""
    parts: list[RenderableType] = [header(meta), Text(""), summary_table(findings)]
    failures = worst_first(with_status(findings, Status.FAIL))
    errors = worst_first(with_status(findings, Status.ERROR))
    parts.append(Text(""))
    if failures:
        parts.append(Text(f"Failures ({len(failures)}), worst first", style="bold"))
        parts.append(failures_grid(failures))
    else:
        parts.append(Text("No failures.", style="bold green"))
    if errors:
        parts.append(Text(""))
        parts.append(Text(f"Errors ({len(errors)}): could not assess", style="bold"))
        parts.extend(error_block(item) for item in errors)
    return Group(*parts)


def header(meta: ReportMeta) -> Text:
    regions = ", ".join(meta.regions) if meta.regions else "(none)"
    text = Text()
    text.append(f"seawall {meta.seawall_version}", style="bold")
    text.append(f"  account {safe_text(meta.account)}\n")
    text.append(f"Regions: {safe_text(regions)}\n")
    text.append(f"Time:    {meta.generated_at}")
    if meta.collected_at and meta.collected_at != meta.generated_at:
        text.append(f"\nData collected at {meta.collected_at}")
    return text


def summary_table(findings: Sequence[Finding]) -> Table:
    """Count results per practice and status, with a total row."""
    table = Table(title="Summary by practice", title_justify="left", show_footer=True)
    totals = count_by_status(findings)
    table.add_column("practice", footer="total")
    for status, label, style in _STATUS_COLUMNS:
        table.add_column(label, justify="right", style=style, footer=str(totals[status.value]))
    table.add_column("total", justify="right", footer=str(len(findings)))
    for practice, counts in count_by_practice(findings).items():
        cells = [str(counts[status.value]) for status, _, _ in _STATUS_COLUMNS]
        table.add_row(practice.value, *cells, str(sum(counts.values())))
    return table


def failures_grid(failures: Sequence[Finding]) -> Table:
    """Lay out the failures in two columns, so that long values wrap under their own column.

    Each failure shows severity, check and title, then resource, region,
    reason and the whole remediation, wrapped in its column.
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=len(Severity.INFORMATIONAL.value))
    grid.add_column(overflow="fold")
    for item in failures:
        heading = Text(item.check_id, style="bold")
        heading.append(f"  {safe_text(item.title)}", style="default")
        grid.add_row(
            Text(item.severity.value.upper(), style=_SEVERITY_STYLES[item.severity]), heading
        )
        grid.add_row("  resource:", safe_text(item.resource))
        grid.add_row("  region:", safe_text(item.region))
        grid.add_row("  reason:", safe_text(item.reason))
        fix = remediation_text(item.remediation)
        if fix:
            grid.add_row("  fix:", Text(fix, style="green"))
    return grid


def error_block(item: Finding) -> Group:
    """Show one error: check, resource and region, then the reason indented below."""
    heading = Text(item.check_id, style="bold")
    heading.append(f"  {safe_text(item.resource)} ({safe_text(item.region)})", style="default")
    reason = Text(safe_text(item.reason), style="yellow")
    return Group(Padding(heading, (0, 0, 0, 2)), Padding(reason, (0, 0, 0, 4)))


def remediation_text(remediation: str) -> str:
    """Return the whole remediation with its common indent and blank edge lines removed.

    Control characters are escaped line by line, so the line breaks of a
    multi-line command or policy stay while the cell wraps long lines.
    """
    lines = [safe_text(line.rstrip()) for line in textwrap.dedent(remediation).splitlines()]
    return "\n".join(lines).strip("\n")


def safe_text(value: str) -> str:
    """Replace control characters, which resource names can carry, so they cannot
    move the cursor or recolor the terminal."""
    return "".join(
        f"\\x{ord(char):02x}" if unicodedata.category(char) == "Cc" else char for char in value
    )
