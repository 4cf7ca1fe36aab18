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
    """Return a console on stdout: the terminal's width on a TTY, DEFAULT_WIDTH otherwise.

    A non-empty NO_COLOR turns off every style (https://no-color.org).
    """
    is_terminal = sys.stdout.isatty()
    if os.environ.get("NO_COLOR"):
        # rich's no_color drops colors but still emits bold, dim and italic;
        # no color system emits no escape codes at all.
        return Console(
            file=sys.stdout,
            width=None if is_terminal else DEFAULT_WIDTH,
            highlight=False,
            emoji=False,
            color_system=None,
        )
    return Console(
        file=sys.stdout,
        width=None if is_terminal else DEFAULT_WIDTH,
        highlight=False,
        emoji=False,
    )


def check_output_path(path: Path, dash_hint: str) -> None:
    """Raise UserError unless ``path`` can be created or replaced as a file.

    ``dash_hint`` ends the message for ``-o -`` and says what to do instead.
    Commands call this before collecting, so that a typo in the path fails in
    a second rather than after a collection of many minutes.
    """
    if str(path) == "-":
        raise UserError(f"-o - (stdout) is not supported; {dash_hint}")
    if path.is_dir():
        raise UserError(f"-o {path} is a folder; pass a file path inside it")
    folder = path.parent
    if not folder.is_dir():
        raise UserError(
            f"cannot write {path}: the folder {folder} does not exist; create it or "
            "choose another path"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(
            f"cannot write {path}: the folder {folder} is not writable; choose a writable folder"
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"cannot write {path}: the file is read-only; choose another path")


def write_text_file(path: Path, text: str, mode: int = 0o644) -> None:
    """Write ``text`` to ``path``, raising UserError with the path when that fails."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise UserError(f"could not write {path}: {error.strerror or error}") from error
