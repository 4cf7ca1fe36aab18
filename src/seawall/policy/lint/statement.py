"""A statement's elements read once, and the checks on how a statement is put together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seawall.policy.lint.context import LintContext, child_path
from seawall.policy.lint.document import (
    MISPLACED_ELEMENT,
    STATEMENT_ELEMENTS,
    TOP_LEVEL_ELEMENTS,
    UNKNOWN_ELEMENT,
    suggest_element,
)
from seawall.policy.lint.elements import Item, expect_string, string_items
from seawall.policy.lint.jsontree import JsonMember, JsonObject
from seawall.policy.lint.model import PolicyType, Rule, Severity
from seawall.policy.lint.registry import define

MISSING_EFFECT = define("MISSING_EFFECT", Severity.ERROR, "A statement has no Effect.")
INVALID_EFFECT = define(
    "INVALID_EFFECT", Severity.ERROR, "Effect is neither Allow nor Deny in any letter case."
)
EFFECT_CASE = define(
    "EFFECT_CASE",
    Severity.ERROR,
    "Effect is Allow or Deny in the wrong letter case, which IAM rejects.",
)
MISSING_ACTION = define(
    "MISSING_ACTION", Severity.ERROR, "A statement has neither Action nor NotAction."
)
ACTION_AND_NOT_ACTION = define(
    "ACTION_AND_NOT_ACTION", Severity.ERROR, "A statement has both Action and NotAction."
)
MISSING_RESOURCE = define(
    "MISSING_RESOURCE",
    Severity.ERROR,
    "A statement has neither Resource nor NotResource.",
    {PolicyType.IDENTITY, PolicyType.BOUNDARY, PolicyType.RESOURCE, PolicyType.RCP},
)
RESOURCE_AND_NOT_RESOURCE = define(
    "RESOURCE_AND_NOT_RESOURCE", Severity.ERROR, "A statement has both Resource and NotResource."
)
PRINCIPAL_AND_NOT_PRINCIPAL = define(
    "PRINCIPAL_AND_NOT_PRINCIPAL",
    Severity.ERROR,
    "A statement has both Principal and NotPrincipal.",
)
RESOURCE_IN_TRUST_POLICY = define(
    "RESOURCE_IN_TRUST_POLICY",
    Severity.ERROR,
    "A role trust policy names a Resource; the role itself is the resource.",
    {PolicyType.TRUST},
)
DUPLICATE_SID = define("DUPLICATE_SID", Severity.ERROR, "Two statements have the same Sid.")
INVALID_SID = define(
    "INVALID_SID",
    Severity.ERROR,
    "A Sid has characters other than ASCII letters and digits.",
    {PolicyType.IDENTITY, PolicyType.BOUNDARY, PolicyType.SCP},
)
NOT_ACTION_WITH_ALLOW = define(
    "NOT_ACTION_WITH_ALLOW",
    Severity.WARNING,
    "Allow with NotAction grants every action not listed, including future ones.",
)
NOT_RESOURCE_WITH_ALLOW = define(
    "NOT_RESOURCE_WITH_ALLOW",
    Severity.WARNING,
    "Allow with NotResource grants every resource not listed, including future ones.",
)
NOT_ACTION_NOT_RESOURCE_ALLOW = define(
    "NOT_ACTION_NOT_RESOURCE_ALLOW",
    Severity.SECURITY_WARNING,
    "Allow with both NotAction and NotResource grants nearly everything.",
)

_SID = re.compile(r"[A-Za-z0-9]*")


@dataclass(slots=True)
class StatementView:
    """The elements of one statement, normalized; ``*_member`` is None when absent."""

    index: int
    node: JsonObject
    path: str
    effect: str | None = None
    action_member: JsonMember | None = None
    actions: list[Item] = field(default_factory=list)
    resource_member: JsonMember | None = None
    resources: list[Item] = field(default_factory=list)
    principal_member: JsonMember | None = None
    condition_member: JsonMember | None = None

    @property
    def not_action(self) -> bool:
        return self.action_member is not None and self.action_member.key == "NotAction"

    @property
    def not_resource(self) -> bool:
        return self.resource_member is not None and self.resource_member.key == "NotResource"

    @property
    def not_principal(self) -> bool:
        member = self.principal_member
        return member is not None and member.key == "NotPrincipal"

    @property
    def allows(self) -> bool:
        return self.effect == "Allow"

    @property
    def has_condition(self) -> bool:
        member = self.condition_member
        if member is None:
            return False
        return not isinstance(member.value, JsonObject) or bool(member.value.members)


def read_statement(ctx: LintContext, index: int, node: JsonObject, path: str) -> StatementView:
    """Check the statement's element names and pairs, and return its normalized view."""
    view = StatementView(index, node, path)
    for member in node.members:
        _check_element_name(ctx, member, path)
    view.effect = _effect(ctx, view)
    view.action_member = _either(ctx, view, "Action", "NotAction", ACTION_AND_NOT_ACTION)
    view.resource_member = _either(ctx, view, "Resource", "NotResource", RESOURCE_AND_NOT_RESOURCE)
    view.principal_member = _either(
        ctx, view, "Principal", "NotPrincipal", PRINCIPAL_AND_NOT_PRINCIPAL
    )
    view.condition_member = node.first("Condition")
    if view.action_member is None:
        ctx.report(
            MISSING_ACTION,
            node.offset,
            path,
            f"Statement {index} has no Action: add Action (or NotAction) with at least one action.",
        )
    else:
        member = view.action_member
        view.actions = string_items(ctx, member, child_path(path, member.key))
    if view.resource_member is None:
        ctx.report(
            MISSING_RESOURCE,
            node.offset,
            path,
            f'Statement {index} has no Resource: add "Resource" with the ARNs it applies to, '
            'or "*".',
        )
    else:
        member = view.resource_member
        ctx.report(
            RESOURCE_IN_TRUST_POLICY,
            member.key_offset,
            child_path(path, member.key),
            f"A role trust policy takes no {member.key}: remove it, the role is the resource.",
        )
        view.resources = string_items(ctx, member, child_path(path, member.key))
    return view


def check_statement_shape(ctx: LintContext, view: StatementView) -> None:
    """Report the risky combinations of Allow with the Not* elements."""
    if not view.allows:
        return
    if view.not_action and view.not_resource:
        assert view.action_member is not None
        ctx.report(
            NOT_ACTION_NOT_RESOURCE_ALLOW,
            view.action_member.key_offset,
            child_path(view.path, "NotAction"),
            "Allow with both NotAction and NotResource grants nearly every action on nearly "
            "every resource: list the actions and resources to allow instead.",
        )
        return
    if view.not_action:
        assert view.action_member is not None
        ctx.report(
            NOT_ACTION_WITH_ALLOW,
            view.action_member.key_offset,
            child_path(view.path, "NotAction"),
            "Allow with NotAction grants every other action, including actions AWS adds later: "
            "list the allowed actions in Action, or use Deny with NotAction.",
        )
    if view.not_resource:
        assert view.resource_member is not None
        ctx.report(
            NOT_RESOURCE_WITH_ALLOW,
            view.resource_member.key_offset,
            child_path(view.path, "NotResource"),
            "Allow with NotResource grants every other resource, including new ones: list the "
            "allowed resources in Resource instead.",
        )


def check_sids(ctx: LintContext, statements: list[StatementView]) -> None:
    """Report duplicate Sids across statements and Sids with invalid characters."""
    seen: dict[str, int] = {}
    for view in statements:
        member = view.node.first("Sid")
        if member is None:
            continue
        path = child_path(view.path, "Sid")
        sid = expect_string(ctx, member, path)
        if sid is None:
            continue
        if not _SID.fullmatch(sid):
            ctx.report(
                INVALID_SID,
                member.value.offset,
                path,
                f'Sid "{sid}" may contain only ASCII letters and digits in this policy type: '
                "remove the other characters.",
            )
        if sid and sid in seen:
            ctx.report(
                DUPLICATE_SID,
                member.value.offset,
                path,
                f'Sid "{sid}" is already used by statement {seen[sid]}: give each statement '
                "a unique Sid.",
            )
        seen.setdefault(sid, view.index)


def _check_element_name(ctx: LintContext, member: JsonMember, path: str) -> None:
    if member.key in STATEMENT_ELEMENTS:
        return
    member_path = child_path(path, member.key)
    if member.key in TOP_LEVEL_ELEMENTS:
        ctx.report(
            MISPLACED_ELEMENT,
            member.key_offset,
            member_path,
            f"{member.key} belongs at the top level of the policy, not inside a statement: "
            "move it out.",
        )
        return
    ctx.report(
        UNKNOWN_ELEMENT,
        member.key_offset,
        member_path,
        f'"{member.key}" is not a statement element (expected one of '
        f"{', '.join(STATEMENT_ELEMENTS)}).{suggest_element(member.key, STATEMENT_ELEMENTS)}",
    )


def _effect(ctx: LintContext, view: StatementView) -> str | None:
    member = view.node.first("Effect")
    if member is None:
        ctx.report(
            MISSING_EFFECT,
            view.node.offset,
            view.path,
            f'Statement {view.index} has no Effect: add "Effect": "Allow" or "Deny".',
        )
        return None
    path = child_path(view.path, "Effect")
    value = expect_string(ctx, member, path)
    if value is None or value in ("Allow", "Deny"):
        return value
    if value.lower() in ("allow", "deny"):
        fixed = value.capitalize()
        ctx.report(
            EFFECT_CASE,
            member.value.offset,
            path,
            f'Effect "{value}" is case-sensitive: write "{fixed}".',
        )
        return fixed
    ctx.report(
        INVALID_EFFECT,
        member.value.offset,
        path,
        f'Effect "{value}" is invalid: use "Allow" or "Deny".',
    )
    return None


def _either(
    ctx: LintContext, view: StatementView, name: str, negated: str, both_rule: Rule
) -> JsonMember | None:
    plain = view.node.first(name)
    other = view.node.first(negated)
    if plain is not None and other is not None:
        ctx.report(
            both_rule,
            other.key_offset,
            child_path(view.path, negated),
            f"Statement {view.index} has both {name} and {negated}: keep only one.",
        )
    return plain if plain is not None else other
