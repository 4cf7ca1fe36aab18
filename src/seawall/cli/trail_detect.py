"""``seawall trail detect`` and ``seawall trail rules``: Sigma rules over CloudTrail records."""

from __future__ import annotations

import functools
import os
from datetime import datetime
from pathlib import Path

import botocore.session
import click
from botocore.exceptions import BotoCoreError, ClientError
from botocore.loaders import create_loader

from seawall.aws.session import SessionOptions, create_session
from seawall.cli.errors import EXIT_FINDINGS, UserError
from seawall.cli.report_output import write_text_file
from seawall.findings.model import Severity
from seawall.trail.detect.errors import RuleError
from seawall.trail.detect.lint import lint_rules
from seawall.trail.detect.loader import BUILTIN_RULES, AnyPlaceholders, load_rules
from seawall.trail.detect.render import RENDERERS
from seawall.trail.detect.run import RuleOptions, detect_source, placeholders_option
from seawall.trail.filters import TrailFilter
from seawall.trail.sources import TrailInputError, TrailSource, open_source
from seawall.trail.times import parse_time

SEVERITY_CHOICES = [severity.value for severity in Severity]
# Shown when a region name is rejected: one common region of each large geography.
SAMPLE_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2")


def _time(_ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_time(value)
    except ValueError as error:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time such as 2024-05-01T13:00:00Z", param=param
        ) from error


@click.command("detect")
@click.argument("source")
@click.option("--account", metavar="ID", help="Only files of this 12-digit account id.")
@click.option("--region", metavar="REGION", help="Only files of this trail region.")
@click.option(
    "--start-time", metavar="TIME", callback=_time, help="Only events from this UTC time on."
)
@click.option("--end-time", metavar="TIME", callback=_time, help="Only events up to this UTC time.")
@click.option("--profile", metavar="NAME", help="AWS profile for reading s3:// sources.")
@click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    type=click.Path(path_type=Path, exists=True),
    help="A Sigma rule file or folder to add; repeatable.",
)
@click.option("--no-builtin-rules", is_flag=True, help="Load only the --rules paths.")
@click.option(
    "--allowed-region",
    "allowed_regions",
    multiple=True,
    metavar="REGION",
    help="A region where API calls are expected; repeatable. Enables the unusual-region rule.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(RENDERERS)),
    default="text",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help=f"Processes that decode and match files at once (this machine has {os.cpu_count()}).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITY_CHOICES),
    metavar="SEVERITY",
    help=f"Exit with 1 if a finding is at SEVERITY or worse ({', '.join(SEVERITY_CHOICES)}).",
)
def detect_command(
    source: str,
    account: str | None,
    region: str | None,
    start_time: datetime | None,
    end_time: datetime | None,
    profile: str | None,
    rule_paths: tuple[Path, ...],
    no_builtin_rules: bool,
    allowed_regions: tuple[str, ...],
    output_format: str,
    output: Path | None,
    workers: int,
    fail_on: str | None,
) -> None:
    """Match Sigma rules against the CloudTrail records in SOURCE (a folder or s3://bucket/prefix).

    Findings group the matching events per rule, principal and source IP.
    Exit codes: 0 no finding at --fail-on, 1 a finding at --fail-on or worse, 2 invalid input.
    """
    _check_regions(allowed_regions)
    filters = _trail_filter(account, region, start_time, end_time)
    options = RuleOptions(
        rule_paths,
        not no_builtin_rules,
        placeholders_option(allowed_regions=allowed_regions),
    )
    try:
        report = detect_source(_open_source(source, profile), filters, options, workers)
    except (TrailInputError, RuleError) as error:
        raise UserError(str(error)) from error
    except (BotoCoreError, ClientError) as error:
        raise UserError(f"AWS request failed while reading {source}: {error}") from error
    text = RENDERERS[output_format](report)
    if output is not None:
        write_text_file(output, text)
        click.echo(f"wrote {output_format} report to {output}", err=True)
    else:
        click.echo(text, nl=False)
    if fail_on is not None:
        limit = Severity(fail_on).rank
        if any(finding.severity.rank <= limit for finding in report.findings):
            raise click.exceptions.Exit(EXIT_FINDINGS)


@functools.cache
def _known_regions() -> frozenset[str]:
    """Return the EC2 regions and the partitions' listed regions in botocore's endpoint data."""
    session = botocore.session.get_session()
    ec2_regions = {
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions("ec2", partition_name=partition)
    }
    partitions = create_loader().load_data("endpoints")["partitions"]
    listed = {region for partition in partitions for region in partition.get("regions", {})}
    return frozenset(ec2_regions | listed)


def _check_regions(regions: tuple[str, ...]) -> None:
    # The unusual-region rule compares event regions with these names, so a typo
    # would flag every event of the intended region.
    known = _known_regions()
    unknown = [region for region in regions if region not in known]
    if unknown:
        names = ", ".join(f"'{region}'" for region in unknown)
        raise UserError(
            f"unknown region {names} in --allowed-region; use a region name such as "
            f"{', '.join(SAMPLE_REGIONS)} ({len(known)} regions are known to botocore)"
        )


def _trail_filter(
    account: str | None, region: str | None, start: datetime | None, end: datetime | None
) -> TrailFilter:
    if account is not None and not (account.isdigit() and len(account) == 12):
        raise UserError(f"invalid --account {account!r}: expected a 12-digit account id")
    if start is not None and end is not None and start > end:
        raise UserError("--start-time is after --end-time; swap them")
    return TrailFilter(account, region, None, start, end)


def _open_source(source: str, profile: str | None) -> TrailSource:
    if not source.startswith("s3://"):
        return open_source(source)
    client = create_session(SessionOptions(profile=profile)).client("s3")
    return open_source(source, client)


@click.group("rules")
def rules_group() -> None:
    """List and lint Sigma detection rules."""


@rules_group.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
def lint_command(paths: tuple[Path, ...]) -> None:
    """Report rules in PATHS (default: the built-in rules) that are broken or can never match.

    Exit codes: 0 no problem, 1 problems found, 2 invalid input.
    """
    targets = list(paths) or [BUILTIN_RULES]
    try:
        problems = lint_rules(targets)
    except RuleError as error:
        raise UserError(str(error)) from error
    for problem in problems:
        click.echo(str(problem))
    click.echo(f"{len(problems)} problem(s)", err=True)
    if problems:
        raise click.exceptions.Exit(EXIT_FINDINGS)


@rules_group.command("list")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
def list_command(paths: tuple[Path, ...]) -> None:
    """List the rules in PATHS (default: the built-in rules) with their id, level and title."""
    try:
        rule_set = load_rules(list(paths) or [BUILTIN_RULES], AnyPlaceholders())
    except RuleError as error:
        raise UserError(str(error)) from error
    infos = [rule.info for rule in rule_set.rules] + [c.info for c in rule_set.correlations]
    for info in sorted(infos, key=lambda item: (item.level.rank, item.title)):
        click.echo(f"{info.id}  {info.level.value:<13} {info.title}")
    for problem in rule_set.problems:
        click.echo(f"problem: {problem}", err=True)
