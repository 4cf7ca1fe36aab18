"""The ``seawall`` command group and the console entry point."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

import seawall
from seawall.aws.errors import AwsSetupError
from seawall.cli.catalog import catalog_group
from seawall.cli.checks import checks_group
from seawall.cli.collect import collect
from seawall.cli.compliance import compliance_group
from seawall.cli.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, InternalError, UserError
from seawall.cli.logging_setup import configure_logging
from seawall.cli.policy import policy_group
from seawall.cli.scan import scan
from seawall.cli.trail import trail_group
from seawall.inventory.snapshot_file import SnapshotError

log = logging.getLogger(__name__)


class SeawallGroup(click.Group):
    """A group that turns known errors into one line and exit 2, and any other into exit 3.

    The handling sits here, not only in ``main``, so that click's test runner
    gets the same exit codes and messages as the installed command.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, click.Abort) as error:
            # 128 + SIGINT, the shell's code for a program stopped by Ctrl-C.
            click.echo("interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from error
        except (click.exceptions.Exit, click.ClickException):
            raise
        except (AwsSetupError, SnapshotError) as error:
            raise UserError(str(error)) from error
        except Exception as error:
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


cli.add_command(scan)
cli.add_command(collect)
cli.add_command(checks_group)
cli.add_command(trail_group)
cli.add_command(catalog_group)
cli.add_command(policy_group)
cli.add_command(compliance_group)


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
