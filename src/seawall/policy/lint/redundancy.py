"""Checks across statements: statements that repeat or that another statement covers."""

from __future__ import annotations

import json

from seawall.policy.lint.context import LintContext
from seawall.policy.lint.elements import Item
from seawall.policy.lint.jsontree import plain_value
from seawall.policy.lint.model import Severity
from seawall.policy.lint.overlap import glob_matcher
from seawall.policy.lint.registry import define
from seawall.policy.lint.statement import StatementView

DUPLICATE_STATEMENT = define(
    "DUPLICATE_STATEMENT",
    Severity.SUGGESTION,
    "Two statements are identical apart from their Sid.",
)
REDUNDANT_STATEMENT = define(
    "REDUNDANT_STATEMENT",
    Severity.SUGGESTION,
    "Another statement with the same effect and no condition covers every action and resource.",
)


def check_statements(ctx: LintContext, views: list[StatementView]) -> None:
    duplicates = _check_duplicates(ctx, views)
    candidates = [view for view in views if _is_plain(view) and view.index not in duplicates]
    for view in candidates:
        for other in candidates:
            if other is view or other.effect != view.effect or not _covers(other, view):
                continue
            # Of two statements that cover each other, only the later one is reported.
            if view.index > other.index or not _covers(view, other):
                ctx.report(
                    REDUNDANT_STATEMENT,
                    view.node.offset,
                    view.path,
                    f"Statement {view.index} grants nothing that statement {other.index} does "
                    "not already cover: remove it.",
                )
                break


def _check_duplicates(ctx: LintContext, views: list[StatementView]) -> set[int]:
    """Report statements equal to an earlier one apart from Sid; return their indexes."""
    seen: dict[str, StatementView] = {}
    repeated = set()
    for view in views:
        body = [
            (member.key, plain_value(member.value))
            for member in view.node.members
            if member.key != "Sid"
        ]
        key = json.dumps(sorted(body, key=lambda pair: pair[0]), sort_keys=True)
        first = seen.get(key)
        if first is None:
            seen[key] = view
            continue
        repeated.add(view.index)
        ctx.report(
            DUPLICATE_STATEMENT,
            view.node.offset,
            view.path,
            f"Statement {view.index} repeats statement {first.index} apart from its Sid: "
            "remove one.",
        )
    return repeated


def _is_plain(view: StatementView) -> bool:
    """Tell whether the statement has Action and Resource only, with no condition."""
    return (
        view.effect is not None
        and view.action_member is not None
        and view.resource_member is not None
        and not view.not_action
        and not view.not_resource
        and view.principal_member is None
        and view.condition_member is None
        and bool(view.actions)
        and bool(view.resources)
    )


def _covers(wide: StatementView, narrow: StatementView) -> bool:
    return _all_covered(wide.actions, narrow.actions, ignore_case=True) and _all_covered(
        wide.resources, narrow.resources, ignore_case=False
    )


def _all_covered(patterns: list[Item], values: list[Item], ignore_case: bool) -> bool:
    # A value with wildcards is covered when its text, read literally, matches a
    # pattern: "s3:Get*" is covered by "s3:*".
    matchers = [
        glob_matcher(item.value.lower() if ignore_case else item.value, ignore_case)
        for item in patterns
    ]
    for item in values:
        value = item.value.lower() if ignore_case else item.value
        if not any(matches(value) for matches in matchers):
            return False
    return True
