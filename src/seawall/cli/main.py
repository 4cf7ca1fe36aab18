"""The ``seawall`` command group and the console entry point."""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

import seawall
from seawall.cli.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, InternalError, UserError
from seawall.cli.logging_setup import configure_logging

log = logging.getLogger(__name__)

# Command name -> (module, attribute). Each command module is imported only
# when its command runs or help lists it, because importing all of them
# (boto3, the action catalog, the policy engine) costs about 0.4 s at start.
_LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "scan": ("seawall.cli.scan", "scan"),
    "collect": ("seawall.cli.collect", "collect"),
    "checks": ("seawall.cli.checks", "checks_group"),
    "trail": ("seawall.cli.trail", "trail_group"),
    "catalog": ("seawall.cli.catalog", "catalog_group"),
    "policy": ("seawall.cli.policy", "policy_group"),
    "compliance": ("seawall.cli.compliance", "compliance_group"),
}


class SeawallGroup(click.Group):
    """A group that turns known errors into one line and exit 2, and any other into exit 3.

    The handling sits here, not only in ``main``, so that click's test runner
    gets the same exit codes and messages as the installed command.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY_COMMANDS and cmd_name not in self.commands:
            module, attribute = _LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, click.Abort) as error:
            # 128 + SIGINT, the shell's code for a program stopped by Ctrl-C.
            click.echo("interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from error
        except (click.exceptions.Exit, click.ClickException):
            raise
        except Exception as error:
            if _is_user_error(error):
                raise UserError(str(error)) from error
            # At -v the traceback goes to the log; without it the user sees one line.
            log.info("internal error", exc_info=True)
            raise InternalError(f"{type(error).__name__}: {error}") from error


@click.group(
    cls=SeawallGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(seawall.__version__, "--version", prog_name="seawall")
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Log progress and internal error tracebacks to stderr; -vv adds debug detail.",
)
def cli(verbose: int) -> None:
    """Audit AWS accounts against the AWS security baseline.

    Start with 'seawall scan --demo', which needs no AWS account.
    Exit codes: 0 done, 1 a failure or error result at the --fail-on severity, 2 invalid
    input or AWS setup, 3 internal error, 130 interrupted (Ctrl-C).
    """
    configure_logging(verbose)


def _is_user_error(error: Exception) -> bool:
    """Tell whether ``error`` is a setup or input problem the user can fix."""
    from seawall.aws.errors import AwsSetupError
    from seawall.inventory.snapshot_file import SnapshotError

    return isinstance(error, AwsSetupError | SnapshotError)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit; an error escaping click still ends in one line and exit 3."""
    try:
        cli.main(args=argv, prog_name="seawall")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as error:
        # click handles everything raised inside commands, so only a failure
        # in click itself or in argument parsing setup can land here.
        click.echo(
            f"internal error: {type(error).__name__}: {error}, rerun with -v for details",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
