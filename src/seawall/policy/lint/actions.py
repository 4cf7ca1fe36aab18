"""Checks on Action and NotAction: names against the catalog, wildcards and redundancy."""

from __future__ import annotations

import difflib
import re

from seawall.policy.lint.catalog_index import CatalogIndex, catalog_index
from seawall.policy.lint.context import LintContext
from seawall.policy.lint.elements import Item
from seawall.policy.lint.model import PolicyType, Rule, Severity
from seawall.policy.lint.overlap import covered, duplicates, glob_matcher
from seawall.policy.lint.registry import define
from seawall.policy.lint.statement import StatementView

INVALID_ACTION_FORMAT = define(
    "INVALID_ACTION_FORMAT",
    Severity.ERROR,
    "An action is not of the form service:ActionName (or *).",
)
UNKNOWN_SERVICE = define(
    "UNKNOWN_SERVICE",
    Severity.WARNING,
    "An action's service prefix is not in the bundled catalog (a typo, or a newer service).",
)
UNKNOWN_ACTION = define(
    "UNKNOWN_ACTION",
    Severity.WARNING,
    "An action is not in the bundled catalog (a typo, or a newer action).",
)
ACTION_WILDCARD_NO_MATCH = define(
    "ACTION_WILDCARD_NO_MATCH",
    Severity.WARNING,
    "An action pattern with wildcards matches no action of the catalog.",
)
ACTION_NAME_CASE = define(
    "ACTION_NAME_CASE",
    Severity.SUGGESTION,
    "An action is written in another letter case than its documented name.",
)
DUPLICATE_ACTION = define(
    "DUPLICATE_ACTION", Severity.SUGGESTION, "The same action is listed twice in a statement."
)
REDUNDANT_ACTION = define(
    "REDUNDANT_ACTION",
    Severity.SUGGESTION,
    "An action is already covered by a wildcard pattern in the same statement.",
)
PASS_ROLE_ANY_RESOURCE = define(
    "PASS_ROLE_ANY_RESOURCE",
    Severity.SECURITY_WARNING,
    "iam:PassRole is allowed on Resource *, so any role can be passed to a service.",
)
ALLOW_ALL = define(
    "ALLOW_ALL",
    Severity.SECURITY_WARNING,
    "A statement allows every action on every resource without a condition.",
    {PolicyType.IDENTITY},
)
SCP_ACTION_WILDCARD_POSITION = define(
    "SCP_ACTION_WILDCARD_POSITION",
    Severity.ERROR,
    "An SCP action has a wildcard before its end, which SCPs do not support.",
    {PolicyType.SCP},
)
TRUST_ACTION_NOT_STS = define(
    "TRUST_ACTION_NOT_STS",
    Severity.ERROR,
    "A trust policy action is none of the sts actions a trust policy can grant.",
    {PolicyType.TRUST},
)

# Action names: a service prefix, a colon and a name of letters, digits and wildcards.
# Some prefixes carry dots or hyphens (``execute-api``, ``aws-marketplace``).
_ACTION = re.compile(r"[A-Za-z0-9*?._-]+:[A-Za-z0-9*?_-]+")
_TRUST_ACTIONS = frozenset(
    {
        "sts:assumerole",
        "sts:assumerolewithsaml",
        "sts:assumerolewithwebidentity",
        "sts:tagsession",
        "sts:setsourceidentity",
        "sts:setcontext",
    }
)
_PASS_ROLE = "iam:passrole"


def check_actions(ctx: LintContext, view: StatementView) -> None:
    index = catalog_index(ctx.catalog)
    for item in view.actions:
        _check_name(ctx, index, item)
        if ctx.policy_type is PolicyType.SCP:
            _check_scp_wildcard(ctx, item)
        if ctx.policy_type is PolicyType.TRUST:
            _check_trust_action(ctx, index, item)
    _check_duplicates(ctx, view.actions)
    if view.allows and not view.not_action:
        _check_pass_role(ctx, view)
        _check_allow_all(ctx, view)


def is_valid_action(value: str) -> bool:
    return value == "*" or _ACTION.fullmatch(value) is not None


def _check_name(ctx: LintContext, index: CatalogIndex, item: Item) -> None:
    # The same action names recur across statements and policies, so the verdict for
    # each name is computed once per catalog.
    verdict = index.verdicts.get(item.value)
    if verdict is None:
        verdict = _name_verdict(ctx, index, item.value)
        # Unknown names are not cached: their message depends on the suggestion budget.
        if not verdict or verdict[0] is not UNKNOWN_ACTION:
            index.verdicts[item.value] = verdict
    if verdict:
        rule, message = verdict
        ctx.report(rule, item.offset, item.path, message)


def _name_verdict(
    ctx: LintContext, index: CatalogIndex, value: str
) -> tuple[Rule, str] | tuple[()]:
    """Return the rule and message for action name ``value``, or () when it is fine."""
    if value == "*":
        return ()
    if _ACTION.fullmatch(value) is None:
        return (
            INVALID_ACTION_FORMAT,
            f'Action "{value}" is invalid: write service:ActionName, for example '
            '"s3:GetObject", or "*".',
        )
    prefix, _, _ = value.partition(":")
    wildcard = "*" in value or "?" in value
    if "*" not in prefix and "?" not in prefix and index.catalog.service(prefix) is None:
        return (
            UNKNOWN_SERVICE,
            f'Service prefix "{prefix}" in "{value}" is unknown to the bundled catalog of '
            f"{index.data_date}.{_nearest_service(index, prefix)}",
        )
    actions = index.expand(value)
    if actions and not wildcard and actions[0].name != value:
        return (
            ACTION_NAME_CASE,
            f'Action "{value}" is documented as "{actions[0].name}": use that spelling '
            "for readability (action names ignore case).",
        )
    if actions:
        return ()
    if wildcard:
        return (
            ACTION_WILDCARD_NO_MATCH,
            f'Pattern "{value}" matches no action in the bundled catalog of {index.data_date}: fix '
            "the pattern or remove it.",
        )
    return (
        UNKNOWN_ACTION,
        f'Action "{value}" is unknown to the bundled catalog of {index.data_date}.'
        f"{_nearest(ctx, index, value)}",
    )


def _nearest(ctx: LintContext, index: CatalogIndex, value: str) -> str:
    # Each new suggestion costs a difflib scan of the service's actions (tens of
    # milliseconds), so one document gets a limited number of new ones.
    nearest = index.cached_nearest(value)
    if nearest is None and ctx.suggestion_budget > 0:
        ctx.suggestion_budget -= 1
        nearest = index.nearest_actions(value)
    if nearest:
        return f" Did you mean {', '.join(nearest)}?"
    return " Check the name in the Service Authorization Reference."


def _nearest_service(index: CatalogIndex, prefix: str) -> str:
    close = difflib.get_close_matches(prefix.lower(), index.service_prefixes, n=3, cutoff=0.75)
    if close:
        return f" Did you mean {', '.join(close)}?"
    return " Check the prefix in the Service Authorization Reference."


def _check_scp_wildcard(ctx: LintContext, item: Item) -> None:
    # NOTE: this follows the SCP wildcard rule that IAM Access Analyzer's policy check
    # reference lists as an SCP syntax error; if Organizations relaxes it, drop it.
    value = item.value
    stripped = value.rstrip("*")
    if "*" in stripped or "?" in value:
        ctx.report(
            SCP_ACTION_WILDCARD_POSITION,
            item.offset,
            item.path,
            f'SCP action "{value}" has a wildcard before its end: SCPs accept "*" only at the '
            'end of an action, as in "s3:Get*".',
        )


def _check_trust_action(ctx: LintContext, index: CatalogIndex, item: Item) -> None:
    if not is_valid_action(item.value):
        return
    if item.value == "*" or any(
        action.name.lower() in _TRUST_ACTIONS for action in index.expand(item.value)
    ):
        return
    ctx.report(
        TRUST_ACTION_NOT_STS,
        item.offset,
        item.path,
        f'Action "{item.value}" cannot be granted in a role trust policy: use '
        "sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, "
        "sts:TagSession, sts:SetSourceIdentity or sts:SetContext.",
    )


def _check_duplicates(ctx: LintContext, items: list[Item]) -> None:
    for item, first in duplicates(items, ignore_case=True):
        ctx.report(
            DUPLICATE_ACTION,
            item.offset,
            item.path,
            f'Action "{item.value}" is already listed at {first.path}: remove one.',
        )
    for item, pattern in covered(items, ignore_case=True):
        ctx.report(
            REDUNDANT_ACTION,
            item.offset,
            item.path,
            f'Action "{item.value}" is already covered by "{pattern.value}" in this '
            "statement: remove it.",
        )


def _check_pass_role(ctx: LintContext, view: StatementView) -> None:
    if view.not_resource or not any(item.value == "*" for item in view.resources):
        return
    for item in view.actions:
        lowered = item.value.lower()
        prefix = lowered.partition(":")[0]
        # Only an iam: action or a wildcard service prefix can match iam:PassRole.
        if prefix != "iam" and "*" not in prefix and "?" not in prefix:
            continue
        if lowered == "*" or not is_valid_action(item.value):
            continue
        if glob_matcher(lowered, True)(_PASS_ROLE):
            ctx.report(
                PASS_ROLE_ANY_RESOURCE,
                item.offset,
                item.path,
                f'"{item.value}" allows iam:PassRole on Resource "*": name the role ARNs that '
                "may be passed, and limit the services with the iam:PassedToService key.",
            )
            return


def _check_allow_all(ctx: LintContext, view: StatementView) -> None:
    if view.has_condition or view.not_resource:
        return
    star_action = next((item for item in view.actions if item.value == "*"), None)
    if star_action is None or not any(item.value == "*" for item in view.resources):
        return
    ctx.report(
        ALLOW_ALL,
        star_action.offset,
        star_action.path,
        'The statement allows Action "*" on Resource "*" without a condition: this is '
        "full administrator access, grant only the actions needed.",
    )
