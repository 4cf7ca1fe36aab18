"""``seawall collect``: record an account's configuration into a snapshot file."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click

from seawall.cli.aws_options import aws_options
from seawall.cli.report_output import check_output_path
from seawall.cli.scan import collect_live
from seawall.inventory.snapshot_file import save_snapshot

log = logging.getLogger(__name__)


@click.command()
@aws_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    required=True,
    help="Snapshot file to write (gzip JSON, mode 0600).",
)
def collect(output: Path, **aws: Any) -> None:
    """Collect an account's configuration into a snapshot for 'seawall scan --snapshot'.

    The snapshot contains every read-only API response of the collection, with
    secret values replaced by their redacted shape.
    """
    check_output_path(output, "a snapshot must go to a file, so pass a file path")
    snapshot = collect_live(aws)
    save_snapshot(snapshot, output)
    regions = len(snapshot.regions)
    records = len(snapshot.records)
    click.echo(
        f"wrote snapshot of account {snapshot.account_id} "
        f"({regions} {'region' if regions == 1 else 'regions'}, {records} records) to {output}",
        err=True,
    )
