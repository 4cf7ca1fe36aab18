"""Lint one policy document: parse it with positions, then run every check module."""

from __future__ import annotations

from seawall.policy.catalog import Catalog, load_catalog
from seawall.policy.lint.actions import check_actions
from seawall.policy.lint.conditions import check_conditions
from seawall.policy.lint.context import LintContext
from seawall.policy.lint.document import check_document
from seawall.policy.lint.jsontree import JsonSyntaxError, NestingTooDeep, parse_tree
from seawall.policy.lint.model import LintFinding, PolicyType, Rule, Severity
from seawall.policy.lint.principals import check_principals
from seawall.policy.lint.redundancy import check_statements
from seawall.policy.lint.registry import define
from seawall.policy.lint.resources import check_resources
from seawall.policy.lint.statement import (
    check_sids,
    check_statement_shape,
    read_statement,
)

# IAM's largest documents (resource policies of some services) stay far below this;
# a bigger file is reported without being parsed, so a huge input cannot stall a run.
MAX_FILE_BYTES = 1024 * 1024
# The policy grammar nests at most six levels (Statement, statement, Condition,
# operator, key, values), so anything deeper than this is not a policy.
MAX_DEPTH = 32

INVALID_JSON = define("INVALID_JSON", Severity.ERROR, "The document is not valid JSON.")
INVALID_ENCODING = define("INVALID_ENCODING", Severity.ERROR, "The file is not UTF-8 text.")
FILE_TOO_LARGE = define(
    "FILE_TOO_LARGE",
    Severity.ERROR,
    "The file is larger than 1 MiB, far beyond any policy size limit, and was not parsed.",
)
NESTING_TOO_DEEP = define(
    "NESTING_TOO_DEEP",
    Severity.ERROR,
    "Arrays or objects are nested deeper than any policy element allows.",
)


def lint_bytes(
    data: bytes, policy_type: PolicyType = PolicyType.IDENTITY, catalog: Catalog | None = None
) -> list[LintFinding]:
    """Lint a policy file's raw bytes; size and encoding problems become findings."""
    if len(data) > MAX_FILE_BYTES:
        return [
            _file_finding(
                FILE_TOO_LARGE,
                f"The file has {len(data):,} bytes, over the "
                f"{MAX_FILE_BYTES:,}-byte limit of policy lint: a policy is "
                "at most a few tens of kilobytes.",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [
            _file_finding(
                INVALID_ENCODING,
                f"Byte {error.start} is not valid UTF-8: save the policy as UTF-8 text.",
            )
        ]
    return lint_text(text, policy_type, catalog)


def lint_text(
    text: str, policy_type: PolicyType = PolicyType.IDENTITY, catalog: Catalog | None = None
) -> list[LintFinding]:
    """Lint one policy document and return its findings in source order."""
    ctx = LintContext(text, policy_type, catalog or load_catalog())
    try:
        root = parse_tree(text, MAX_DEPTH)
    except JsonSyntaxError as error:
        ctx.report(
            INVALID_JSON,
            error.offset,
            "",
            f"Invalid JSON: {error.message}. Fix the syntax at this position.",
        )
        return ctx.findings
    except NestingTooDeep as error:
        ctx.report(
            NESTING_TOO_DEEP,
            error.offset,
            "",
            f"Values are nested deeper than "
            f"{error.depth} levels here, which no policy element allows.",
        )
        return ctx.findings
    views = [
        read_statement(ctx, index, node, path) for index, node, path in check_document(ctx, root)
    ]
    check_sids(ctx, views)
    for view in views:
        check_statement_shape(ctx, view)
        check_actions(ctx, view)
        check_resources(ctx, view)
        check_principals(ctx, view)
        check_conditions(ctx, view)
    check_statements(ctx, views)
    return sorted(ctx.findings, key=lambda f: (f.line, f.column, f.code))


def _file_finding(rule: Rule, message: str) -> LintFinding:
    return LintFinding(rule.code, rule.severity, message, 1, 1, "")
