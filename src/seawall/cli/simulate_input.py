"""Input for ``seawall policy simulate``: policy files, batch lines and result records.

Every problem becomes a ``SimulateInputError`` whose message names the file (or
batch line) and the position, so the command can print one line and exit 2.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seawall.policy import (
    EvaluationResult,
    Policy,
    PolicyError,
    Principal,
    Request,
    StatementMatch,
    evaluate,
    parse_policy,
)
from seawall.policy.catalog import CatalogError, load_catalog
from seawall.policy.context_types import context_type_problems
from seawall.policy.defaults import with_default_rcp
from seawall.policy.explain import StatementTrace, trace

log = logging.getLogger(__name__)

# AWS's largest policy documents (S3 bucket and KMS key policies) are 20 KiB and
# 32 KiB, so 1 MiB rejects only input that is not a policy at all.
MAX_POLICY_BYTES = 1024 * 1024
# Real policies nest at most about six levels (Statement, Condition, operator,
# key, values); a far deeper document is malformed or hostile.
MAX_NESTING = 32
MAX_BATCH_LINE_BYTES = 8 * MAX_POLICY_BYTES


class SimulateInputError(ValueError):
    """Invalid simulate input; the message names the file or line and the position."""


@dataclass
class Scenario:
    """One request and the policies to evaluate it against."""

    request: Request
    identity: list[Policy] = field(default_factory=list)
    resource: Policy | None = None
    boundary: Policy | None = None
    session: Policy | None = None
    endpoint: Policy | None = None
    scps: list[list[Policy]] = field(default_factory=list)
    rcps: list[list[Policy]] = field(default_factory=list)

    def evaluate(self) -> EvaluationResult:
        """Decide the request. Every RCP level also contains RCPFullAWSAccess, as in AWS."""
        return evaluate(
            self.request,
            identity=self.identity,
            resource=self.resource,
            boundary=self.boundary,
            session=self.session,
            endpoint=self.endpoint,
            scps=self.scps,
            rcps=with_default_rcp(self.rcps),
        )

    def policies(self) -> list[Policy]:
        """Return every policy given, in evaluation order, for the statement-by-statement trace."""
        single = [self.resource, self.boundary, self.session, self.endpoint]
        return [
            *self.identity,
            *(p for p in single if p is not None),
            *(p for level in self.scps for p in level),
            *(p for level in self.rcps for p in level),
        ]


def check_nesting(text: str, source: str) -> None:
    """Raise SimulateInputError when JSON ``text`` nests deeper than MAX_NESTING.

    Python's json module would recurse once per level and fail with a
    RecursionError on hostile input, so the depth is measured first.
    """
    depth = 0
    in_string = False
    escaped = False
    line, column = 1, 0
    for char in text:
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise SimulateInputError(
                    f"{source}: line {line} column {column}: JSON nests deeper than "
                    f"{MAX_NESTING} levels; a policy document needs far fewer"
                )
        elif char in "]}":
            depth -= 1


def parse_document(data: object, source: str, name: str) -> Policy:
    """Parse an already-decoded policy document, naming ``source`` in errors."""
    if not isinstance(data, Mapping):
        kind = "null" if data is None else type(data).__name__
        raise SimulateInputError(f"{source}: a policy must be a JSON object, not {kind}")
    try:
        return parse_policy(data, name=name)
    except PolicyError as error:
        raise SimulateInputError(f"{source}: {_one_line(error)}") from error


def load_policy_file(path: Path) -> Policy:
    """Read and parse one policy file, with size and nesting limits."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SimulateInputError(f"{source}: cannot read the policy file: {reason}") from error
    if len(raw) > MAX_POLICY_BYTES:
        raise SimulateInputError(
            f"{source}: the policy file has {len(raw)} bytes, more than the "
            f"{MAX_POLICY_BYTES} allowed; pass a single policy document"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SimulateInputError(
            f"{source}: byte {error.start}: not valid UTF-8; save the policy as UTF-8"
        ) from error
    check_nesting(text, source)
    try:
        return parse_policy(text, name=source)
    except PolicyError as error:
        raise SimulateInputError(f"{source}: {_one_line(error)}") from error


def _one_line(error: PolicyError) -> str:
    first = str(error.problems[0])
    more = len(error.problems) - 1
    return f"{first} (and {more} more problems)" if more else first


def parse_context_option(items: Sequence[str]) -> dict[str, str | list[str]]:
    """Turn ``KEY=VALUE`` options into a context; ``KEY=V1,V2`` is a multi-valued key."""
    context: dict[str, str | list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SimulateInputError(
                f"--context {item!r}: expected KEY=VALUE such as aws:SourceIp=203.0.113.7"
            )
        context[key.strip()] = value.split(",") if "," in value else value
    return context


def build_principal(text: str | None, source: str) -> Principal | None:
    """Read a principal: an IAM/STS ARN, an account id, a service name or ``anonymous``."""
    if text is None or text == "":
        return None
    if text == "anonymous" or text == "*":
        return Principal.anonymous()
    if text.endswith(".amazonaws.com") or text.endswith(".amazonaws.com.cn"):
        return Principal.service(text)
    try:
        return Principal.aws(text)
    except ValueError as error:
        raise SimulateInputError(
            f"{source}: {error}, a service principal such as lambda.amazonaws.com, or 'anonymous'"
        ) from error


def build_request(
    *,
    action: str,
    resource: str | None,
    principal: Principal | None,
    resource_account: str | None,
    context: Mapping[str, Any],
    source: str,
) -> Request:
    if ":" not in action and action != "*":
        raise SimulateInputError(
            f"{source}: invalid action {action!r}; write service:Action such as s3:GetObject"
        )
    problems = _context_problems(context)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SimulateInputError(f"{source}: {problems[0]}{more}")
    try:
        return Request(
            action=action,
            resource=resource or "*",
            principal=principal,
            context=dict(context),
            resource_account=resource_account or None,
        )
    except TypeError as error:
        raise SimulateInputError(f"{source}: {error}") from error


def _context_problems(context: Mapping[str, Any]) -> list[str]:
    try:
        catalog = load_catalog()
    except CatalogError as error:
        # Type checks are a convenience, so a broken catalog only skips them.
        log.warning("context values are not type-checked: %s", error)
        return []
    try:
        return context_type_problems(context, catalog)
    except TypeError as error:
        return [str(error)]


_BATCH_KEYS = {
    "principal",
    "action",
    "resource",
    "resource_account",
    "context",
    "identity_policies",
    "resource_policy",
    "boundary",
    "session_policy",
    "endpoint_policy",
    "scps",
    "rcps",
}


def _optional_text(record: Mapping[str, Any], key: str, source: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise SimulateInputError(f"{source}: {key} must be a string, not {type(value).__name__}")


def _optional_policy(record: Mapping[str, Any], key: str, source: str) -> Policy | None:
    value = record.get(key)
    if value is None:
        return None
    return parse_document(value, f"{source}: {key}", key)


def _policy_list(record: Mapping[str, Any], key: str, source: str) -> list[Policy]:
    value = record.get(key, [])
    if not isinstance(value, list):
        raise SimulateInputError(f"{source}: {key} must be a list of policy documents")
    return [
        parse_document(item, f"{source}: {key}[{index}]", f"{key}[{index}]")
        for index, item in enumerate(value)
    ]


def _levels(record: Mapping[str, Any], key: str, source: str) -> list[list[Policy]]:
    """Read SCP or RCP levels: each item is a document (one level) or a list (one level)."""
    value = record.get(key, [])
    if not isinstance(value, list):
        raise SimulateInputError(f"{source}: {key} must be a list of levels, root first")
    levels: list[list[Policy]] = []
    for index, item in enumerate(value):
        documents = item if isinstance(item, list) else [item]
        levels.append(
            [
                parse_document(doc, f"{source}: {key}[{index}]", f"{key}[{index}]")
                for doc in documents
            ]
        )
    return levels


def _context(record: Mapping[str, Any], source: str) -> dict[str, Any]:
    value = record.get("context", {})
    if not isinstance(value, Mapping):
        raise SimulateInputError(f"{source}: context must be an object of key to value")
    for key, item in value.items():
        allowed = (str, bool, int, float)
        if isinstance(item, allowed):
            continue
        if isinstance(item, list) and all(isinstance(v, allowed) for v in item):
            continue
        raise SimulateInputError(
            f"{source}: context key {key!r} must be a string, number, boolean or a list of them"
        )
    return dict(value)


def scenario_from_line(text: str, line_number: int) -> Scenario:
    """Build a Scenario from one batch line of JSON."""
    source = f"line {line_number}"
    if len(text) > MAX_BATCH_LINE_BYTES:
        raise SimulateInputError(f"{source}: longer than {MAX_BATCH_LINE_BYTES} characters")
    check_nesting(text, source)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise SimulateInputError(
            f"{source}: column {error.colno}: invalid JSON: {error.msg}"
        ) from error
    if not isinstance(record, Mapping):
        raise SimulateInputError(f"{source}: each line must be a JSON object")
    unknown = sorted(set(record) - _BATCH_KEYS)
    if unknown:
        raise SimulateInputError(
            f"{source}: unknown key {unknown[0]!r}; valid keys: {', '.join(sorted(_BATCH_KEYS))}"
        )
    action = record.get("action")
    if not isinstance(action, str):
        raise SimulateInputError(f"{source}: action is missing or not a string")
    request = build_request(
        action=action,
        resource=_optional_text(record, "resource", source),
        principal=build_principal(_optional_text(record, "principal", source), source),
        resource_account=_optional_text(record, "resource_account", source),
        context=_context(record, source),
        source=source,
    )
    return Scenario(
        request=request,
        identity=_policy_list(record, "identity_policies", source),
        resource=_optional_policy(record, "resource_policy", source),
        boundary=_optional_policy(record, "boundary", source),
        session=_optional_policy(record, "session_policy", source),
        endpoint=_optional_policy(record, "endpoint_policy", source),
        scps=_levels(record, "scps", source),
        rcps=_levels(record, "rcps", source),
    )


def statement_record(match: StatementMatch) -> dict[str, Any]:
    return {
        "policy": match.policy_name,
        "statement_index": match.statement_index,
        "sid": match.sid,
        "effect": match.effect,
        "reason": match.reason,
        "line": match.line,
        "column": match.column,
    }


def trace_record(item: StatementTrace) -> dict[str, Any]:
    return {
        "policy": item.policy_name,
        "statement_index": item.statement_index,
        "sid": item.sid,
        "effect": item.effect,
        "matched": item.matched,
        "reason": item.reason,
    }


def result_record(result: EvaluationResult, scenario: Scenario) -> dict[str, Any]:
    """Build the JSON record of one decision: ``decision`` and ``explanation``.

    ``explanation.statements`` lists the statements that decided the request;
    ``explanation.trace`` lists every statement given, matched or not, and why.
    """
    return {
        "decision": result.decision.value,
        "explanation": {
            "reason": result.reason,
            "statements": [statement_record(m) for m in result.statements],
            "trace": [trace_record(t) for t in trace(scenario.policies(), scenario.request)],
        },
    }
