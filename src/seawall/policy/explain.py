"""Report, for every statement of some policies, whether it matched a request and why not.

This is the slow, wordy companion of ``evaluate``: it runs only when a user
requests the full explanation (``seawall policy simulate``), never in checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from seawall.policy.model import Policy, Statement
from seawall.policy.request import Request


@dataclass(frozen=True, slots=True)
class StatementTrace:
    """One statement's outcome for a request: matched, or the first element that did not."""

    policy_name: str
    statement_index: int
    sid: str | None
    effect: str
    matched: bool
    reason: str


def _action_miss(statement: Statement, request: Request) -> str | None:
    hit = statement._action_matcher(request.action_lower)
    if statement.actions is not None and not hit:
        return f"Action does not match {request.action!r}"
    if statement.not_actions is not None and hit:
        return f"NotAction lists {request.action!r}"
    return None


def _resource_miss(statement: Statement, request: Request) -> str | None:
    if not statement._resource_patterns:
        return None
    context = request.normalized_context
    hit = any(p.matches(request.resource, context) for p in statement._resource_patterns)
    if statement.resources is not None and not hit:
        return f"Resource does not match {request.resource!r}"
    if statement.not_resources is not None and hit:
        return f"NotResource lists {request.resource!r}"
    return None


def _principal_miss(statement: Statement, request: Request) -> str | None:
    caller = request.principal
    if caller is None:
        return None
    if statement.principal is not None and statement.principal.match(caller) is None:
        return f"Principal does not name {caller.identifier!r}"
    if statement.not_principal is not None and statement.not_principal.match(caller) is not None:
        return f"NotPrincipal names {caller.identifier!r}"
    return None


def _condition_miss(statement: Statement, request: Request) -> str | None:
    context = request.normalized_context
    for source, compiled in zip(statement.conditions, statement._compiled_conditions, strict=True):
        if compiled.holds(context):
            continue
        value = context.get(compiled.key)
        shown = "is missing" if value is None else f"is {value!r}"
        return f"condition {source.operator} {source.key} fails: the key {shown}"
    return None


def trace_statement(policy: Policy, statement: Statement, request: Request) -> StatementTrace:
    """Return whether ``statement`` matches ``request`` and the reason in words."""
    miss = (
        _action_miss(statement, request)
        or _resource_miss(statement, request)
        or _principal_miss(statement, request)
        or _condition_miss(statement, request)
    )
    return StatementTrace(
        policy_name=policy.name,
        statement_index=statement.index,
        sid=statement.sid,
        effect=statement.effect,
        matched=miss is None,
        reason=miss or "action, resource, principal and conditions all match",
    )


def trace(policies: Iterable[Policy], request: Request) -> list[StatementTrace]:
    """Trace every statement of ``policies`` in order."""
    return [trace_statement(p, s, request) for p in policies for s in p.statements]
