"""Exceptions the CLI turns into one line on stderr and an exit code."""

from __future__ import annotations

from typing import IO, Any

import click

# Exit codes: 0 no failure or error result at the --fail-on level, 1 one at that level,
# 2 invalid input or AWS setup, 3 an internal error, 130 interrupted by Ctrl-C.
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class UserError(click.ClickException):
    """Invalid input, a credential problem or an unreadable snapshot: exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", file=file, err=file is None)


class InternalError(click.ClickException):
    """An unexpected exception: exit 3, with the details only at -v."""

    exit_code = EXIT_INTERNAL

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(
            f"internal error: {self.format_message()}, rerun with -v for details",
            file=file,
            err=file is None,
        )
