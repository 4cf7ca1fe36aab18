"""The options that select the AWS account, credentials and regions, shared by scan and collect."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from seawall.aws.session import SessionOptions
from seawall.cli.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_MAX_WORKERS = 16
# Only the characters of region names are checked here, because new
# partitions bring new name shapes. The collection checks each name against
# the account's region list.
_REGION_PATTERN = re.compile(r"^[a-z]+(-[a-z0-9]+)+$")


def aws_options(func: F) -> F:
    """Add --profile, --role-arn, --external-id, --region and --max-workers to a command."""
    options = [
        click.option(
            "--profile",
            metavar="NAME",
            help="AWS shared config profile to use instead of the default credential chain.",
        ),
        click.option(
            "--role-arn",
            metavar="ARN",
            help="IAM role to assume (sts:AssumeRole) with the base credentials before scanning.",
        ),
        click.option(
            "--external-id",
            metavar="ID",
            help="External ID to pass when assuming --role-arn.",
        ),
        click.option(
            "--region",
            "regions",
            metavar="REGION",
            multiple=True,
            help="Region to scan; repeat it or separate with commas. "
            "Default: every region enabled for the account.",
        ),
        click.option(
            "--max-workers",
            type=click.IntRange(1, 128),
            default=DEFAULT_MAX_WORKERS,
            show_default=True,
            help="Maximum number of concurrent AWS API calls (1 to 128).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def split_regions(values: Iterable[str]) -> tuple[str, ...]:
    """Split comma-separated --region values, validate each and drop duplicates."""
    regions: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip()
            if not name:
                continue
            if not _REGION_PATTERN.match(name):
                raise UserError(
                    f"invalid --region {name!r}: expected a region name such as us-east-1"
                )
            if name not in regions:
                regions.append(name)
    return tuple(regions)


def session_options(
    *,
    profile: str | None,
    role_arn: str | None,
    external_id: str | None,
    regions: Iterable[str],
    max_workers: int,
) -> SessionOptions:
    """Validate the AWS options and build the SessionOptions for a collection."""
    if external_id and not role_arn:
        raise UserError("--external-id needs --role-arn: pass the role to assume with it")
    if role_arn and not role_arn.startswith("arn:"):
        raise UserError(
            f"invalid --role-arn {role_arn!r}: expected an ARN such as "
            "arn:aws:iam::123456789012:role/SecurityAudit"
        )
    return SessionOptions(
        profile=profile,
        role_arn=role_arn,
        external_id=external_id,
        regions=split_regions(regions),
        max_workers=max_workers,
    )


def aws_options_given(values: dict[str, Any]) -> list[str]:
    """Return the flags of the AWS options set to something other than their default."""
    flags = []
    if values.get("profile"):
        flags.append("--profile")
    if values.get("role_arn"):
        flags.append("--role-arn")
    if values.get("external_id"):
        flags.append("--external-id")
    if values.get("regions"):
        flags.append("--region")
    if values.get("max_workers", DEFAULT_MAX_WORKERS) != DEFAULT_MAX_WORKERS:
        flags.append("--max-workers")
    return flags
