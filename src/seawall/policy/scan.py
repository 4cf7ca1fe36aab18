"""Match one request against the statements of a policy.

Matching collects hits (policy, statement, how the principal matched) and leaves
the wording of explanations to ``Hit.explain``, which runs only when a caller
reads ``EvaluationResult.statements``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from seawall.policy.model import Policy, Statement
from seawall.policy.principal import PrincipalMatch
from seawall.policy.request import Request
from seawall.policy.result import StatementMatch


class Hit(NamedTuple):
    """A statement that applies to a request, and how its Principal element matched."""

    policy: Policy
    statement: Statement
    principal_match: PrincipalMatch | None

    def explain(self, request: Request) -> StatementMatch:
        statement = self.statement
        parts = [f"{statement.effect} statement matches action {request.action!r}"]
        if statement.resources is not None or statement.not_resources is not None:
            parts.append(f"resource {request.resource!r}")
        if statement.has_principal and request.principal is not None:
            how = self.principal_match.value if self.principal_match else "NotPrincipal"
            parts.append(f"principal {request.principal.identifier!r} ({how})")
        count = len(statement.conditions)
        if count == 1:
            parts.append("and its condition holds")
        elif count > 1:
            parts.append(f"and its {count} conditions hold")
        return StatementMatch(
            policy_name=self.policy.name,
            statement_index=statement.index,
            sid=statement.sid,
            effect=statement.effect,
            reason=", ".join(parts),
            line=statement.line,
            column=statement.column,
        )


_MISS = (False, None)


def match_statement(statement: Statement, request: Request) -> tuple[bool, PrincipalMatch | None]:
    """Tell whether ``statement`` applies to ``request``, and how its principal matched."""
    if statement._action_matcher(request.action_lower) != (statement.actions is not None):
        return _MISS
    return match_after_action(statement, request)


def match_after_action(
    statement: Statement, request: Request
) -> tuple[bool, PrincipalMatch | None]:
    """Match resource, principal and conditions of a statement whose action matched."""
    context = request.normalized_context
    if statement._resource_matcher is not None:
        if statement._resource_matcher(request.resource) != (statement.resources is not None):
            return _MISS
    elif statement._resource_patterns:
        resource = request.resource
        resource_hit = any(p.matches(resource, context) for p in statement._resource_patterns)
        if resource_hit != (statement.resources is not None):
            return _MISS

    principal_match: PrincipalMatch | None = None
    caller = request.principal
    if caller is not None:
        if statement.principal is not None:
            principal_match = statement.principal.match(caller)
            if principal_match is None:
                return _MISS
        elif statement.not_principal is not None:
            if statement.not_principal.match(caller) is not None:
                return _MISS
            principal_match = PrincipalMatch.WILDCARD

    for condition in statement._compiled_conditions:
        if not condition.holds(context):
            return _MISS
    return True, principal_match


_NO_HITS: tuple[list[Hit], list[Hit]] = ([], [])


def scan_policy(policy: Policy, request: Request) -> tuple[list[Hit], list[Hit]]:
    """Return the Deny hits and the Allow hits of ``policy`` for ``request``.

    The returned lists may be shared between calls, so callers must not change them.
    """
    candidates = policy.candidates(request.action_lower)
    if not candidates:
        return _NO_HITS
    denies: list[Hit] = []
    allows: list[Hit] = []
    for statement in candidates:
        if statement._unconditional:
            principal_match = None
        else:
            applies, principal_match = match_after_action(statement, request)
            if not applies:
                continue
        target = denies if statement.effect == "Deny" else allows
        target.append(Hit(policy, statement, principal_match))
    return denies, allows


class Scans:
    """Each policy's hits for one request, computed once per policy."""

    __slots__ = ("_cache", "_request")

    def __init__(self, request: Request) -> None:
        self._request = request
        self._cache: dict[int, tuple[list[Hit], list[Hit]]] = {}

    def of(self, policy: Policy) -> tuple[list[Hit], list[Hit]]:
        found = self._cache.get(id(policy))
        if found is None:
            found = scan_policy(policy, self._request)
            self._cache[id(policy)] = found
        return found

    def denies(self, policies: Sequence[Policy]) -> list[Hit]:
        found: list[Hit] = []
        for policy in policies:
            hits = self.of(policy)[0]
            if hits:
                found.extend(hits)
        return found

    def allows(self, policies: Sequence[Policy]) -> list[Hit]:
        found: list[Hit] = []
        for policy in policies:
            hits = self.of(policy)[1]
            if hits:
                found.extend(hits)
        return found
