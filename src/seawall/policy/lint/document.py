"""Checks on the document as a whole: top-level elements, Version, size and characters."""

from __future__ import annotations

import difflib
import re

from seawall.policy.lint.context import LintContext, child_path
from seawall.policy.lint.elements import (
    CURRENT_VERSION,
    EMPTY_ARRAY,
    WRONG_TYPE,
    describe,
    expect_string,
)
from seawall.policy.lint.jsontree import JsonArray, JsonNode, JsonObject
from seawall.policy.lint.model import PolicyType, Severity
from seawall.policy.lint.registry import define

OLD_VERSION_VALUE = "2008-10-17"
TOP_LEVEL_ELEMENTS = ("Version", "Id", "Statement")
STATEMENT_ELEMENTS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)

# Maximum policy sizes in characters. IAM: "IAM and AWS STS quotas" (managed policy
# 6,144; a role trust policy 2,048 by default, adjustable up to 8,192), where white
# space outside strings does not count. Organizations: "Quotas for AWS Organizations"
# (SCP and RCP 5,120), where the SCP syntax page says every character counts. Inline
# identity policies share a per-identity budget instead (user 2,048, group 5,120,
# role 10,240) that one document cannot show, so they are held to the managed limit.
SIZE_LIMITS = {
    PolicyType.IDENTITY: 6144,
    PolicyType.BOUNDARY: 6144,
    PolicyType.SCP: 5120,
    PolicyType.RCP: 5120,
    PolicyType.TRUST: 8192,
}
TRUST_DEFAULT_QUOTA = 2048

POLICY_NOT_OBJECT = define(
    "POLICY_NOT_OBJECT", Severity.ERROR, "The document is valid JSON but not a JSON object."
)
DUPLICATE_KEY = define(
    "DUPLICATE_KEY",
    Severity.ERROR,
    "A JSON object has the same key twice; IAM rejects it or keeps only one.",
)
UNKNOWN_ELEMENT = define(
    "UNKNOWN_ELEMENT", Severity.ERROR, "An element name is not part of the policy grammar."
)
MISPLACED_ELEMENT = define(
    "MISPLACED_ELEMENT",
    Severity.ERROR,
    "A policy element sits at the wrong level (a statement element at the top, or the reverse).",
)
MISSING_VERSION = define(
    "MISSING_VERSION",
    Severity.WARNING,
    "The policy has no Version, so policy variables are not replaced.",
)
OLD_VERSION = define(
    "OLD_VERSION", Severity.WARNING, "The policy uses the 2008-10-17 version of the language."
)
INVALID_VERSION = define(
    "INVALID_VERSION", Severity.ERROR, "Version is neither 2012-10-17 nor 2008-10-17."
)
MISSING_STATEMENT = define(
    "MISSING_STATEMENT", Severity.ERROR, "The policy has no Statement element."
)
POLICY_SIZE_EXCEEDED = define(
    "POLICY_SIZE_EXCEEDED",
    Severity.ERROR,
    "The policy is longer than the fixed size limit of its policy type.",
    SIZE_LIMITS,
)
TRUST_SIZE_OVER_DEFAULT = define(
    "TRUST_SIZE_OVER_DEFAULT",
    Severity.WARNING,
    "The trust policy is longer than the default 2,048-character quota.",
    {PolicyType.TRUST},
)
INVALID_CHARACTER = define(
    "INVALID_CHARACTER",
    Severity.ERROR,
    "The policy has a character outside tab, line feed, carriage return and U+0020 to U+00FF.",
    {PolicyType.IDENTITY, PolicyType.BOUNDARY, PolicyType.TRUST},
)

_INVALID_CHARACTER = re.compile(r"[^\t\n\r\x20-\xff]")
_COUNTED = re.compile(r'"(?:[^"\\]|\\.)*"|[^\s"]+', re.DOTALL)


def check_document(ctx: LintContext, root: JsonNode) -> list[tuple[int, JsonObject, str]]:
    """Check the top level and return the statements as (index, object, path)."""
    _check_characters(ctx)
    _check_size(ctx)
    _check_duplicate_keys(ctx, root, [])
    if not isinstance(root, JsonObject):
        ctx.report(
            POLICY_NOT_OBJECT,
            root.offset,
            "",
            f"The policy is {describe(root)}: a policy is a JSON object with Version and "
            "Statement.",
        )
        return []
    _check_top_level_keys(ctx, root)
    _check_version(ctx, root)
    id_member = root.first("Id")
    if id_member is not None:
        expect_string(ctx, id_member, "Id")
    return _statements(ctx, root)


def suggest_element(name: str, choices: tuple[str, ...]) -> str:
    """Return ' Did you mean X?' for a near element name, or ''."""
    by_case = {choice.lower(): choice for choice in choices}
    if name.lower() in by_case:
        return f" Did you mean {by_case[name.lower()]}? Element names are case-sensitive."
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" Did you mean {close[0]}?" if close else ""


def _check_top_level_keys(ctx: LintContext, root: JsonObject) -> None:
    for member in root.members:
        if member.key in TOP_LEVEL_ELEMENTS:
            continue
        path = child_path("", member.key)
        if member.key in STATEMENT_ELEMENTS:
            ctx.report(
                MISPLACED_ELEMENT,
                member.key_offset,
                path,
                f"{member.key} belongs inside a statement: move it into an object of the "
                "Statement array.",
            )
            continue
        ctx.report(
            UNKNOWN_ELEMENT,
            member.key_offset,
            path,
            f'"{member.key}" is not a top-level policy element (expected Version, Id, '
            f"Statement).{suggest_element(member.key, TOP_LEVEL_ELEMENTS)}",
        )


def _check_version(ctx: LintContext, root: JsonObject) -> None:
    member = root.first("Version")
    if member is None:
        ctx.report(
            MISSING_VERSION,
            root.offset,
            "",
            f'The policy has no Version: add "Version": "{CURRENT_VERSION}" so that policy '
            "variables and newer features work.",
        )
        return
    value = expect_string(ctx, member, "Version")
    ctx.version = value
    if value is None or value == CURRENT_VERSION:
        return
    if value == OLD_VERSION_VALUE:
        ctx.report(
            OLD_VERSION,
            member.value.offset,
            "Version",
            f'Version "{value}" predates policy variables: use "{CURRENT_VERSION}".',
        )
        return
    ctx.report(
        INVALID_VERSION,
        member.value.offset,
        "Version",
        f'Version "{value}" is invalid: use "{CURRENT_VERSION}" (a date, not the current date).',
    )


def _statements(ctx: LintContext, root: JsonObject) -> list[tuple[int, JsonObject, str]]:
    member = root.first("Statement")
    if member is None:
        ctx.report(
            MISSING_STATEMENT,
            root.offset,
            "",
            "The policy has no Statement: add a Statement array with at least one statement.",
        )
        return []
    node = member.value
    if isinstance(node, JsonObject):
        return [(0, node, "Statement")]
    if not isinstance(node, JsonArray):
        ctx.report(
            WRONG_TYPE,
            node.offset,
            "Statement",
            f"Statement has {describe(node)}: use an array of statement objects.",
        )
        return []
    if not node.items:
        ctx.report(
            EMPTY_ARRAY,
            node.offset,
            "Statement",
            "Statement is an empty array: add at least one statement.",
        )
    statements = []
    for index, item in enumerate(node.items):
        path = child_path("Statement", index)
        if isinstance(item, JsonObject):
            statements.append((index, item, path))
        else:
            ctx.report(
                WRONG_TYPE,
                item.offset,
                path,
                f"Statement {index} is {describe(item)}: each statement is a JSON object.",
            )
    return statements


def _check_duplicate_keys(ctx: LintContext, node: JsonNode, segments: list[str | int]) -> None:
    # The path is kept as segments and rendered only for a finding: this walk visits
    # every value of the document.
    if isinstance(node, JsonArray):
        for index, item in enumerate(node.items):
            segments.append(index)
            _check_duplicate_keys(ctx, item, segments)
            segments.pop()
        return
    if not isinstance(node, JsonObject):
        return
    seen: set[str] = set()
    for member in node.members:
        segments.append(member.key)
        if member.key in seen:
            ctx.report(
                DUPLICATE_KEY,
                member.key_offset,
                _render(segments),
                f'Key "{member.key}" appears more than once in this object: merge the values '
                "into one key.",
            )
        seen.add(member.key)
        _check_duplicate_keys(ctx, member.value, segments)
        segments.pop()


def _render(segments: list[str | int]) -> str:
    path = ""
    for segment in segments:
        path = child_path(path, segment)
    return path


def _check_characters(ctx: LintContext) -> None:
    if not ctx.applies(INVALID_CHARACTER):
        return
    found = _INVALID_CHARACTER.search(ctx.text)
    if found is None:
        return
    char = found.group(0)
    ctx.report(
        INVALID_CHARACTER,
        found.start(),
        "",
        f"Character U+{ord(char):04X} is not allowed in IAM policies: use only tab, line feed, "
        "carriage return and U+0020 to U+00FF.",
    )


def policy_size(text: str) -> int:
    """Count the characters of ``text`` without the white space outside strings."""
    return sum(len(token) for token in _COUNTED.findall(text))


def _check_size(ctx: LintContext) -> None:
    limit = SIZE_LIMITS.get(ctx.policy_type)
    if limit is None:
        return
    floor = TRUST_DEFAULT_QUOTA if ctx.policy_type is PolicyType.TRUST else limit
    if len(ctx.text) <= floor:
        return
    # Organizations counts every character; IAM ignores white space outside strings.
    organizations = ctx.policy_type in (PolicyType.SCP, PolicyType.RCP)
    size = len(ctx.text) if organizations else policy_size(ctx.text)
    spaces = "" if organizations else " without white space"
    if size > limit:
        ctx.report(
            POLICY_SIZE_EXCEEDED,
            0,
            "",
            f"The policy has {size:,} characters{spaces}, over the {limit:,} "
            f"limit for {ctx.policy_type} policies: split it or shorten it with wildcards.",
        )
    elif size > floor:
        ctx.report(
            TRUST_SIZE_OVER_DEFAULT,
            0,
            "",
            f"The trust policy has {size:,} characters, over the default quota of {floor:,}: "
            "request a higher quota (up to 8,192) or shorten the policy.",
        )
