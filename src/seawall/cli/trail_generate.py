"""``seawall trail generate-policy``: a least-privilege policy from a principal's events."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from botocore.exceptions import BotoCoreError, ClientError

from seawall.aws.session import SessionOptions, create_session
from seawall.cli.errors import EXIT_FINDINGS, UserError
from seawall.inventory.snapshot import Snapshot
from seawall.inventory.snapshot_file import SnapshotError, load_snapshot
from seawall.policy.catalog import load_catalog
from seawall.trail.filters import TrailFilter
from seawall.trail.generate import (
    GenerationReport,
    PrincipalArnError,
    TrailPrincipal,
    UnusedReport,
    UnusedReportError,
    generate_policy,
    parse_principal,
    unused_actions,
)
from seawall.trail.generate.render import report_to_dict, summary_lines
from seawall.trail.reading import SkippedFile, iter_records
from seawall.trail.sources import TrailInputError, TrailSource, open_source
from seawall.trail.times import parse_time


def _time(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_time(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time such as 2024-05-01T13:00:00Z", ctx, param
        ) from None


@click.command("generate-policy")
@click.argument("source")
@click.option(
    "--principal",
    "principal_arn",
    required=True,
    metavar="ARN",
    help="IAM user ARN, role ARN (all its sessions) or assumed-role session ARN.",
)
@click.option("--account", metavar="ID", help="Only files of this 12-digit account id.")
@click.option("--region", metavar="REGION", help="Only files of this trail region.")
@click.option("--start-time", callback=_time, help="Only events from this UTC time on.")
@click.option("--end-time", callback=_time, help="Only events up to this UTC time.")
@click.option("--profile", metavar="NAME", help="AWS profile for reading s3:// sources.")
@click.option(
    "--snapshot",
    "snapshot_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Snapshot file: also report the actions the principal's policies grant but never used.",
)
@click.option(
    "--unused-scope",
    type=click.Choice(["used", "all"]),
    default="used",
    show_default=True,
    help="With --snapshot: evaluate the services seen in the events, or every service.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["policy", "json"]),
    default="policy",
    show_default=True,
    help="'policy' prints the policy JSON (summary on stderr); 'json' prints the full report.",
)
def generate_policy_command(
    source: str,
    principal_arn: str,
    account: str | None,
    region: str | None,
    start_time: datetime | None,
    end_time: datetime | None,
    profile: str | None,
    snapshot_file: Path | None,
    unused_scope: str,
    output_format: str,
) -> None:
    """Generate an identity policy from the events of one principal in SOURCE.

    SOURCE is a folder of CloudTrail log files or s3://bucket/prefix. Exit codes:
    0 a policy was generated, 1 the principal has no granted events there, 2 invalid input.
    """
    principal = _principal(principal_arn)
    filters = _filters(account, region, start_time, end_time)
    # The snapshot is read first so that a wrong path fails before the trail is read.
    snapshot = _load_snapshot(snapshot_file) if snapshot_file is not None else None
    report = _generate(source, profile, principal, filters)
    if snapshot is not None:
        report.unused = _unused(snapshot, principal, report, unused_scope == "all")
    if output_format == "json":
        click.echo(json.dumps(report_to_dict(report), indent=2))
    else:
        for line in summary_lines(report):
            click.echo(line, err=True)
        if report.statements:
            click.echo(json.dumps(report.policy.document, indent=2))
    if not report.statements:
        click.echo(
            f"error: no granted events of {principal.arn} in {source}; check --principal "
            "and the time and account filters",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _principal(arn: str) -> TrailPrincipal:
    try:
        return parse_principal(arn)
    except PrincipalArnError as error:
        raise UserError(str(error)) from error


def _filters(
    account: str | None, region: str | None, start: datetime | None, end: datetime | None
) -> TrailFilter:
    if account is not None and not (account.isdigit() and len(account) == 12):
        raise UserError(f"invalid --account {account!r}: expected a 12-digit account id")
    if start is not None and end is not None and start > end:
        raise UserError("--start-time is after --end-time; swap them")
    return TrailFilter(account, region, None, start, end)


def _generate(
    source: str, profile: str | None, principal: TrailPrincipal, filters: TrailFilter
) -> GenerationReport:
    skipped: list[SkippedFile] = []
    try:
        records = iter_records(_open(source, profile), filters, skipped.append)
        report, _ = generate_policy(load_catalog(), principal, records)
    except TrailInputError as error:
        raise UserError(str(error)) from error
    except (BotoCoreError, ClientError) as error:
        raise UserError(f"AWS request failed while reading {source}: {error}") from error
    report.skipped_files = [f"{item.path}: {item.reason}" for item in skipped]
    return report


def _open(source: str, profile: str | None) -> TrailSource:
    client: Any = None
    if source.startswith("s3://"):
        client = create_session(SessionOptions(profile=profile)).client("s3")
    return open_source(source, client)


def _load_snapshot(path: Path) -> Snapshot:
    try:
        return load_snapshot(path)
    except SnapshotError as error:
        raise UserError(str(error)) from error


def _unused(
    snapshot: Snapshot, principal: TrailPrincipal, report: GenerationReport, all_services: bool
) -> UnusedReport:
    try:
        return unused_actions(
            load_catalog(), snapshot, principal, report.used_actions, all_services
        )
    except UnusedReportError as error:
        raise UserError(str(error)) from error
