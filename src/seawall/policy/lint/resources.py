"""Checks on Resource and NotResource: ARN syntax and whether the actions take the ARN."""

from __future__ import annotations

import re

from seawall.policy.catalog import Action
from seawall.policy.lint.actions import is_valid_action
from seawall.policy.lint.catalog_index import CatalogIndex, catalog_index
from seawall.policy.lint.context import LintContext
from seawall.policy.lint.elements import Item, check_variable_version
from seawall.policy.lint.model import Severity
from seawall.policy.lint.overlap import covered, duplicates
from seawall.policy.lint.registry import define
from seawall.policy.lint.statement import StatementView

INVALID_ARN = define(
    "INVALID_ARN",
    Severity.ERROR,
    "A resource is neither * nor an ARN of the form arn:partition:service:region:account:resource.",
)
INVALID_ARN_PARTITION = define(
    "INVALID_ARN_PARTITION", Severity.ERROR, "An ARN names a partition that does not exist."
)
INVALID_ARN_REGION = define(
    "INVALID_ARN_REGION", Severity.ERROR, "An ARN's region segment is not a region name."
)
INVALID_ARN_ACCOUNT = define(
    "INVALID_ARN_ACCOUNT", Severity.ERROR, "An ARN's account segment is not a 12-digit account ID."
)
ARN_SERVICE_CASE = define(
    "ARN_SERVICE_CASE",
    Severity.ERROR,
    "An ARN's service segment is in upper case; ARNs are case-sensitive.",
)
UNKNOWN_ARN_SERVICE = define(
    "UNKNOWN_ARN_SERVICE",
    Severity.WARNING,
    "An ARN's service segment matches no resource type in the catalog.",
)
RESOURCE_TYPE_MISMATCH = define(
    "RESOURCE_TYPE_MISMATCH",
    Severity.ERROR,
    "No action of the statement takes the resource type of an ARN.",
)
DUPLICATE_RESOURCE = define(
    "DUPLICATE_RESOURCE", Severity.SUGGESTION, "The same resource is listed twice in a statement."
)
REDUNDANT_RESOURCE = define(
    "REDUNDANT_RESOURCE",
    Severity.SUGGESTION,
    "A resource is already covered by a wildcard resource in the same statement.",
)

PARTITIONS = frozenset(
    {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}
)
_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d+")
_ACCOUNT = re.compile(r"\d{12}")
# A segment that is a wildcard or a policy variable cannot be judged as written.
_DYNAMIC = re.compile(r"[*?]|\$\{")


def check_resources(ctx: LintContext, view: StatementView) -> None:
    index = catalog_index(ctx.catalog)
    valid: list[Item] = []
    for item in view.resources:
        check_variable_version(ctx, item)
        if item.value == "*" or _check_arn(ctx, index, item):
            valid.append(item)
    for item, first in duplicates(view.resources, ignore_case=False):
        ctx.report(
            DUPLICATE_RESOURCE,
            item.offset,
            item.path,
            f'Resource "{item.value}" is already listed at {first.path}: remove one.',
        )
    for item, pattern in covered(view.resources, ignore_case=False):
        ctx.report(
            REDUNDANT_RESOURCE,
            item.offset,
            item.path,
            f'Resource "{item.value}" is already covered by "{pattern.value}" in this '
            "statement: remove it.",
        )
    if not view.not_action and not view.not_resource:
        _check_resource_types(ctx, index, view, valid)


def _check_arn(ctx: LintContext, index: CatalogIndex, item: Item) -> bool:
    """Report a malformed ARN; return True when the ARN is well formed."""
    value = item.value
    parts = value.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        ctx.report(
            INVALID_ARN,
            item.offset,
            item.path,
            f'Resource "{value}" is not an ARN: write "*" or '
            "arn:partition:service:region:account:resource, for example "
            '"arn:aws:s3:::my-bucket/*".',
        )
        return False
    _, partition, service, region, account, _ = parts
    ok = True

    if not _DYNAMIC.search(partition) and partition not in PARTITIONS:
        ok = False
        ctx.report(
            INVALID_ARN_PARTITION,
            item.offset,
            item.path,
            f'Partition "{partition}" in "{value}" does not exist: use one of '
            f"{', '.join(sorted(PARTITIONS))}.",
        )
    if region and not _DYNAMIC.search(region) and not _REGION.fullmatch(region):
        ok = False
        ctx.report(
            INVALID_ARN_REGION,
            item.offset,
            item.path,
            f'Region "{region}" in "{value}" is not a region name such as us-east-1: fix it, '
            "or use * for any region.",
        )
    dynamic_account = not account or account == "aws" or _DYNAMIC.search(account)
    if not dynamic_account and not _ACCOUNT.fullmatch(account):
        ok = False
        ctx.report(
            INVALID_ARN_ACCOUNT,
            item.offset,
            item.path,
            f'Account "{account}" in "{value}" is not a 12-digit account ID: fix it, or '
            "use * for any account.",
        )
    return _check_arn_service(ctx, index, item, service) and ok


def _check_arn_service(ctx: LintContext, index: CatalogIndex, item: Item, service: str) -> bool:
    value = item.value
    if _DYNAMIC.search(service):
        return True
    if service != service.lower() and service.lower() in index.arn_services:
        ctx.report(
            ARN_SERVICE_CASE,
            item.offset,
            item.path,
            f'Service "{service}" in "{value}" must be lower case: write "{service.lower()}".',
        )
        return False
    if service not in index.arn_services:
        ctx.report(
            UNKNOWN_ARN_SERVICE,
            item.offset,
            item.path,
            f'Service "{service}" in "{value}" has no resource type in the bundled catalog of '
            f"{index.data_date}: check the service name in the ARN.",
        )
        return False
    return True


def _check_resource_types(
    ctx: LintContext, index: CatalogIndex, view: StatementView, resources: list[Item]
) -> None:
    actions = _statement_actions(index, view)
    if actions is None:
        return
    for item in resources:
        # Wildcards and variables can span separators, so the resource type of such an
        # ARN is unclear.
        if "*" in item.value or "?" in item.value or "${" in item.value:
            continue
        types = index.resource_types(item.value)
        if not types:
            continue
        if any(_takes(action, types) for action in actions):
            continue
        names = ", ".join(sorted(f"{service}:{name}" for service, name in types))
        ctx.report(
            RESOURCE_TYPE_MISMATCH,
            item.offset,
            item.path,
            f'No action in this statement takes "{item.value}" (resource type {names}): '
            "list an action that applies to it, or move the ARN to a statement that has one.",
        )


def _statement_actions(index: CatalogIndex, view: StatementView) -> list[Action] | None:
    """Return every action the statement names, or None when one cannot be resolved."""
    actions: list[Action] = []
    for item in view.actions:
        if item.value == "*" or not is_valid_action(item.value):
            return None
        expanded = index.expand(item.value)
        if not expanded:
            return None
        actions.extend(expanded)
    return actions or None


def _takes(action: Action, types: frozenset[tuple[str, str]]) -> bool:
    return any((action.service, resource.name) in types for resource in action.resource_types)
