"""Print a report to the terminal or write it to a file."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click
from rich.console import Console

from seawall.cli.errors import UserError
from seawall.findings.formats import RENDERERS, ReportMeta
from seawall.findings.formats.text import DEFAULT_WIDTH, report_renderables
from seawall.findings.model import Finding


def emit_report(
    findings: Sequence[Finding], meta: ReportMeta, fmt: str, output: Path | None
) -> None:
    """Write the report to ``output``, or print it to stdout.

    Text on a terminal is colored unless NO_COLOR is set. A file or a
    redirected stdout gets the plain rendering.
    """
    if output is not None:
        write_text_file(output, RENDERERS[fmt](findings, meta))
        click.echo(f"wrote {fmt} report to {output}", err=True)
        return
    if fmt == "text" and sys.stdout.isatty():
        stdout_console().print(report_renderables(findings, meta))
        return
    # Redirected text output gets the plain rendering, which has no trailing padding.
    click.echo(RENDERERS[fmt](findings, meta), nl=False)


def stdout_console() -> Console:
    """Return a console on stdout: the terminal's width on a TTY, DEFAULT_WIDTH otherwise."""
    is_terminal = sys.stdout.isatty()
    return Console(
        file=sys.stdout,
        width=None if is_terminal else DEFAULT_WIDTH,
        highlight=False,
        emoji=False,
        no_color=True if os.environ.get("NO_COLOR") else None,
    )


def write_text_file(path: Path, text: str, mode: int = 0o644) -> None:
    """Write ``text`` to ``path``, raising UserError with the path when that fails."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise UserError(f"could not write {path}: {error.strerror or error}") from error
