"""``seawall trail``: download CloudTrail files and validate their integrity."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from botocore.exceptions import BotoCoreError, ClientError

from seawall.aws.session import SessionOptions, create_session
from seawall.cli.errors import EXIT_FINDINGS, UserError
from seawall.cli.trail_detect import detect_command, rules_group
from seawall.cli.trail_generate import generate_policy_command
from seawall.trail.download import download_trail
from seawall.trail.filters import TrailFilter
from seawall.trail.public_keys import PublicKeyRing, fetch_public_keys, load_public_keys_file
from seawall.trail.report import dumps, report_to_text
from seawall.trail.sources import S3Source, TrailInputError, TrailSource, open_source
from seawall.trail.times import parse_time
from seawall.trail.validate import DEFAULT_WORKERS, KeyProvider, ValidateOptions, validate_source


class TimeParam(click.ParamType[datetime]):
    name = "TIME"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return parse_time(str(value))
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 time such as 2024-05-01T13:00:00Z", param, ctx)


_FILTER_OPTIONS = [
    click.option("--account", metavar="ID", help="Only files of this 12-digit account id."),
    click.option("--region", metavar="REGION", help="Only files of this trail region."),
    click.option("--trail", "trail_name", metavar="NAME", help="Only digests of this trail."),
    click.option("--start-time", type=TimeParam(), help="Only files from this UTC time on."),
    click.option(
        "--end-time",
        type=TimeParam(),
        help="Only files up to this UTC time; digests due by then must exist. Default: now.",
    ),
    click.option("--profile", metavar="NAME", help="AWS profile for S3 and CloudTrail calls."),
    click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=DEFAULT_WORKERS,
        show_default=True,
        help="Files read and hashed at once.",
    ),
]


def _filter_options(func: Any) -> Any:
    for option in reversed(_FILTER_OPTIONS):
        func = option(func)
    return func


@click.group("trail")
def trail_group() -> None:
    """Read CloudTrail log files and validate their integrity with the digest files."""


trail_group.add_command(generate_policy_command)
trail_group.add_command(detect_command)
trail_group.add_command(rules_group)


@trail_group.command("validate")
@click.argument("source")
@_filter_options
@click.option(
    "--public-keys",
    "public_keys_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="JSON from 'aws cloudtrail list-public-keys'; without it, CloudTrail is asked.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="In text output, also list each missing digest by name, not only the gap it is in.",
)
def validate_command(
    source: str,
    account: str | None,
    region: str | None,
    trail_name: str | None,
    start_time: datetime | None,
    end_time: datetime | None,
    profile: str | None,
    workers: int,
    public_keys_file: Path | None,
    output_format: str,
    verbose: bool,
) -> None:
    """Validate the CloudTrail log and digest files in SOURCE (a folder or s3://bucket/prefix).

    Exit codes: 0 all valid, 1 something is invalid or missing, 2 invalid input.
    """
    filters = _filters(account, region, trail_name, start_time, end_time)
    options = ValidateOptions(filters, end_time or datetime.now(UTC), workers)
    keys = _key_provider(public_keys_file, profile)
    try:
        trail_source = _open(source, profile)
        report = validate_source(trail_source, keys, options)
    except TrailInputError as error:
        raise UserError(str(error)) from error
    except (BotoCoreError, ClientError) as error:
        raise UserError(f"AWS request failed while validating {source}: {error}") from error
    # The global 'seawall -v' asks for detail too.
    verbose = verbose or click.get_current_context().find_root().params.get("verbose", 0) > 0
    click.echo(dumps(report) if output_format == "json" else report_to_text(report, verbose))
    if not report.valid:
        raise click.exceptions.Exit(EXIT_FINDINGS)


@trail_group.command("download")
@click.argument("source")
@click.argument("destination", type=click.Path(path_type=Path, file_okay=False))
@_filter_options
def download_command(
    source: str,
    destination: Path,
    account: str | None,
    region: str | None,
    trail_name: str | None,
    start_time: datetime | None,
    end_time: datetime | None,
    profile: str | None,
    workers: int,
) -> None:
    """Copy log and digest files from SOURCE (s3://bucket/prefix) into DESTINATION.

    Keys keep their path relative to the prefix. Each digest gets a
    '<name>.sig.json' file with its signature metadata, which 'trail validate' reads.
    """
    if not source.startswith("s3://"):
        raise UserError(f"invalid SOURCE '{source}': download needs s3://bucket/prefix")
    filters = _filters(account, region, trail_name, start_time, end_time)
    try:
        trail_source = _open(source, profile)
        assert isinstance(trail_source, S3Source)
        summary = download_trail(trail_source, destination, filters, workers)
    except TrailInputError as error:
        raise UserError(str(error)) from error
    except (BotoCoreError, ClientError, OSError) as error:
        raise UserError(f"download from {source} failed: {error}") from error
    click.echo(
        f"Downloaded {summary.logs} log file(s) and {summary.digests} digest file(s) "
        f"to {destination}"
    )
    for key in summary.unsigned_digests:
        click.echo(f"warning: digest {key} has no signature metadata", err=True)


def _filters(
    account: str | None,
    region: str | None,
    trail_name: str | None,
    start: datetime | None,
    end: datetime | None,
) -> TrailFilter:
    if account is not None and not (account.isdigit() and len(account) == 12):
        raise UserError(f"invalid --account {account!r}: expected a 12-digit account id")
    if start is not None and end is not None and start > end:
        raise UserError("--start-time is after --end-time; swap them")
    return TrailFilter(account, region, trail_name, start, end)


def _key_provider(public_keys_file: Path | None, profile: str | None) -> KeyProvider:
    if public_keys_file is not None:
        ring = _load_keys(public_keys_file)

        def offline(_regions: set[str], _start: datetime, _end: datetime) -> PublicKeyRing:
            return ring

        return offline

    def online(regions: set[str], start: datetime, end: datetime) -> PublicKeyRing:
        return fetch_public_keys(_session(profile), regions, start, end)

    return online


def _load_keys(path: Path) -> PublicKeyRing:
    try:
        return load_public_keys_file(path)
    except TrailInputError as error:
        raise UserError(str(error)) from error


def _session(profile: str | None) -> Any:
    return create_session(SessionOptions(profile=profile))


def _open(source: str, profile: str | None) -> TrailSource:
    client = _session(profile).client("s3") if source.startswith("s3://") else None
    trail_source = open_source(source, client)
    if isinstance(trail_source, S3Source):
        _check_bucket(trail_source)
    return trail_source


def _check_bucket(source: S3Source) -> None:
    try:
        source.client.head_bucket(Bucket=source.bucket)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        raise TrailInputError(
            f"cannot read bucket '{source.bucket}' ({code}); check the name and your access"
        ) from error
