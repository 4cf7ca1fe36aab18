"""Checks on Principal and NotPrincipal, which depend on the policy type."""

from __future__ import annotations

import re

from seawall.policy.lint.context import LintContext, child_path
from seawall.policy.lint.elements import WRONG_TYPE, Item, describe, string_items
from seawall.policy.lint.jsontree import JsonObject, JsonScalar
from seawall.policy.lint.model import PRINCIPAL_LESS, RESOURCE_BASED, PolicyType, Severity
from seawall.policy.lint.registry import define
from seawall.policy.lint.statement import StatementView

PRINCIPAL_NOT_ALLOWED = define(
    "PRINCIPAL_NOT_ALLOWED",
    Severity.ERROR,
    "An identity policy, permissions boundary or SCP names a Principal or NotPrincipal.",
    PRINCIPAL_LESS,
)
MISSING_PRINCIPAL = define(
    "MISSING_PRINCIPAL",
    Severity.ERROR,
    "A statement of a resource-based policy has no Principal.",
    RESOURCE_BASED,
)
NOT_PRINCIPAL_WITH_ALLOW = define(
    "NOT_PRINCIPAL_WITH_ALLOW",
    Severity.SECURITY_WARNING,
    "Allow with NotPrincipal grants access to every principal not listed, anonymous ones too.",
    RESOURCE_BASED,
)
NOT_PRINCIPAL_WITH_DENY = define(
    "NOT_PRINCIPAL_WITH_DENY",
    Severity.WARNING,
    "Deny with NotPrincipal is hard to get right; AWS recommends aws:PrincipalArn conditions.",
    RESOURCE_BASED,
)
INVALID_PRINCIPAL_TYPE = define(
    "INVALID_PRINCIPAL_TYPE",
    Severity.ERROR,
    "A principal key is not AWS, Service, Federated or CanonicalUser.",
    RESOURCE_BASED,
)
INVALID_PRINCIPAL_STRING = define(
    "INVALID_PRINCIPAL_STRING",
    Severity.ERROR,
    'Principal is a string other than "*"; principals go in an object such as {"AWS": ...}.',
    RESOURCE_BASED,
)
INVALID_AWS_PRINCIPAL = define(
    "INVALID_AWS_PRINCIPAL",
    Severity.ERROR,
    "An AWS principal is neither *, a 12-digit account ID nor an IAM or STS principal ARN.",
    RESOURCE_BASED,
)
PRINCIPAL_WILDCARD = define(
    "PRINCIPAL_WILDCARD",
    Severity.ERROR,
    "An AWS principal ARN or account ID has a wildcard; use aws:PrincipalArn conditions instead.",
    RESOURCE_BASED,
)
INVALID_SERVICE_PRINCIPAL = define(
    "INVALID_SERVICE_PRINCIPAL",
    Severity.ERROR,
    "A Service principal is not a service name such as lambda.amazonaws.com.",
    RESOURCE_BASED,
)
PUBLIC_PRINCIPAL = define(
    "PUBLIC_PRINCIPAL",
    Severity.SECURITY_WARNING,
    "Allow with principal * and no condition grants access to anyone, including anonymous users.",
    RESOURCE_BASED,
)
RCP_PRINCIPAL_NOT_STAR = define(
    "RCP_PRINCIPAL_NOT_STAR",
    Severity.ERROR,
    'A resource control policy statement has a Principal other than "*".',
    {PolicyType.RCP},
)
WEB_IDENTITY_WITHOUT_CONDITION = define(
    "WEB_IDENTITY_WITHOUT_CONDITION",
    Severity.SECURITY_WARNING,
    "A trust policy lets a federated identity provider assume the role without a condition.",
    {PolicyType.TRUST},
)

PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")
_ACCOUNT = re.compile(r"\d{12}")
_PRINCIPAL_ARN = re.compile(
    r"arn:aws[a-z-]*:(?:iam::(?:\d{12}|aws):(?:root|user/.+|role/.+|federated-user/.+)"
    r"|sts::\d{12}:(?:assumed-role/.+|federated-user/.+))"
)
# IAM shows a deleted user or role in a stored policy as its unique ID (AIDA..., AROA...).
_UNIQUE_ID = re.compile(r"A[A-Z]{3}[A-Z0-9]{13,}")
_SERVICE = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_WEB_IDENTITY = "sts:assumerolewithwebidentity"


def check_principals(ctx: LintContext, view: StatementView) -> None:
    member = view.principal_member
    path = view.path if member is None else child_path(view.path, member.key)
    if ctx.policy_type in PRINCIPAL_LESS:
        if member is not None:
            ctx.report(
                PRINCIPAL_NOT_ALLOWED,
                member.key_offset,
                path,
                f"{member.key} is not allowed in {ctx.policy_type} policies: remove it, the "
                "policy applies to the identity it is attached to.",
            )
        return
    if member is None:
        ctx.report(
            MISSING_PRINCIPAL,
            view.node.offset,
            path,
            f"Statement {view.index} has no Principal: a {ctx.policy_type} policy must say "
            'whom it applies to, for example "Principal": {"AWS": "111122223333"}.',
        )
        return
    _check_not_principal(ctx, view, path)
    items = _principal_items(ctx, view, path)
    if ctx.policy_type is PolicyType.RCP:
        _check_rcp(ctx, items, member.value.offset, path)
    _check_public(ctx, view, items)
    _check_web_identity(ctx, view, items)


def _check_not_principal(ctx: LintContext, view: StatementView, path: str) -> None:
    if not view.not_principal:
        return
    assert view.principal_member is not None
    offset = view.principal_member.key_offset
    if view.allows:
        ctx.report(
            NOT_PRINCIPAL_WITH_ALLOW,
            offset,
            path,
            "Allow with NotPrincipal grants access to every principal not listed, including "
            "anonymous users: list the allowed principals in Principal instead.",
        )
    elif view.effect == "Deny":
        ctx.report(
            NOT_PRINCIPAL_WITH_DENY,
            offset,
            path,
            "Deny with NotPrincipal also denies the role sessions of the listed principals: "
            'use "Principal": "*" with an aws:PrincipalArn condition instead.',
        )


def _principal_items(ctx: LintContext, view: StatementView, path: str) -> list[tuple[str, Item]]:
    """Return (principal type, value) pairs; a bare "*" is returned as type "*"."""
    assert view.principal_member is not None
    node = view.principal_member.value
    if isinstance(node, JsonScalar) and isinstance(node.value, str):
        if node.value != "*":
            ctx.report(
                INVALID_PRINCIPAL_STRING,
                node.offset,
                path,
                f'Principal "{node.value}" must be "*" or an object: write '
                f'{{"AWS": "{node.value}"}} or {{"Service": "{node.value}"}}.',
            )
            return []
        return [("*", Item("*", node.offset, path))]
    if not isinstance(node, JsonObject):
        ctx.report(
            WRONG_TYPE,
            node.offset,
            path,
            f'Principal has {describe(node)}: use "*" or an object such as {{"AWS": [...]}}.',
        )
        return []
    pairs: list[tuple[str, Item]] = []
    for member in node.members:
        member_path = child_path(path, member.key)
        if member.key not in PRINCIPAL_TYPES:
            ctx.report(
                INVALID_PRINCIPAL_TYPE,
                member.key_offset,
                member_path,
                f'Principal type "{member.key}" is invalid: use one of '
                f"{', '.join(PRINCIPAL_TYPES)} (case-sensitive).",
            )
            continue
        for item in string_items(ctx, member, member_path):
            _check_value(ctx, member.key, item)
            pairs.append((member.key, item))
    return pairs


def _check_value(ctx: LintContext, principal_type: str, item: Item) -> None:
    value = item.value
    if principal_type == "AWS":
        if value == "*":
            return
        if "*" in value or "?" in value:
            _report_wildcard(ctx, item)
            return
        if (
            _ACCOUNT.fullmatch(value)
            or _PRINCIPAL_ARN.fullmatch(value)
            or _UNIQUE_ID.fullmatch(value)
        ):
            return
        ctx.report(
            INVALID_AWS_PRINCIPAL,
            item.offset,
            item.path,
            f'AWS principal "{value}" is invalid: use a 12-digit account ID or an ARN such as '
            "arn:aws:iam::111122223333:role/name.",
        )
    elif principal_type == "Service" and value != "*" and not _SERVICE.fullmatch(value):
        ctx.report(
            INVALID_SERVICE_PRINCIPAL,
            item.offset,
            item.path,
            f'Service principal "{value}" is invalid: use a lower-case service name such as '
            '"lambda.amazonaws.com".',
        )


def _report_wildcard(ctx: LintContext, item: Item) -> None:
    ctx.report(
        PRINCIPAL_WILDCARD,
        item.offset,
        item.path,
        f'AWS principal "{item.value}" has a wildcard, which Principal does not support: use '
        '"Principal": {"AWS": "*"} with an aws:PrincipalArn condition.',
    )


def _check_rcp(ctx: LintContext, items: list[tuple[str, Item]], offset: int, path: str) -> None:
    if items and all(item.value == "*" for _, item in items):
        return
    ctx.report(
        RCP_PRINCIPAL_NOT_STAR,
        offset,
        path,
        'Resource control policies take only "Principal": "*": limit principals with '
        "conditions such as aws:PrincipalOrgID.",
    )


def _check_public(
    ctx: LintContext,
    view: StatementView,
    items: list[tuple[str, Item]],
) -> None:
    if ctx.policy_type is PolicyType.RCP or not view.allows or view.not_principal:
        return
    if view.has_condition:
        return
    public = [item for kind, item in items if kind in ("*", "AWS") and item.value == "*"]
    if public:
        ctx.report(
            PUBLIC_PRINCIPAL,
            public[0].offset,
            public[0].path,
            "Principal * with Allow and no Condition grants access to anyone, including "
            "anonymous users: name the principals or add a condition such as aws:PrincipalOrgID.",
        )


def _check_web_identity(
    ctx: LintContext, view: StatementView, items: list[tuple[str, Item]]
) -> None:
    if not view.allows or view.has_condition:
        return
    federated = [item for kind, item in items if kind == "Federated"]
    grants = any(item.value.lower() == _WEB_IDENTITY for item in view.actions)
    if federated and grants:
        ctx.report(
            WEB_IDENTITY_WITHOUT_CONDITION,
            federated[0].offset,
            federated[0].path,
            f'Any identity that "{federated[0].value}" issues tokens to can assume this role: '
            "add conditions on the provider's aud and sub keys.",
        )
