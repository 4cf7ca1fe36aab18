"""Evaluate requests against one policy, or against every policy type as AWS does.

The decision logic follows the IAM User Guide pages "Policy evaluation logic" and
"Cross-account policy evaluation logic".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from seawall.policy.model import Policy, Statement
from seawall.policy.principal import PrincipalKind, PrincipalMatch
from seawall.policy.request import Request
from seawall.policy.result import Decision, EvaluationResult, StatementMatch


@dataclass(frozen=True, slots=True)
class _Hit:
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


def _match(statement: Statement, request: Request) -> tuple[bool, PrincipalMatch | None]:
    """Tell whether ``statement`` applies to ``request``, and how its principal matched."""
    if statement._action_matcher(request.action_lower) != (statement.actions is not None):
        return _MISS

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


def _scan(policy: Policy, request: Request) -> tuple[list[_Hit], list[_Hit]]:
    denies: list[_Hit] = []
    allows: list[_Hit] = []
    for statement in policy.statements:
        applies, principal_match = _match(statement, request)
        if applies:
            target = denies if statement.effect == "Deny" else allows
            target.append(_Hit(policy, statement, principal_match))
    return denies, allows


def evaluate_policy(policy: Policy, request: Request) -> EvaluationResult:
    """Evaluate one policy alone: explicit deny, else allow, else implicit deny.

    Statements with Principal or NotPrincipal also match the request's principal.
    When the request has no principal, those elements are not evaluated, so the
    statement applies on action, resource and conditions alone.
    """
    denies, allows = _scan(policy, request)
    if denies:
        return EvaluationResult(
            Decision.EXPLICIT_DENY,
            [hit.explain(request) for hit in denies],
            f"explicitly denied by {policy.name}",
        )
    if allows:
        return EvaluationResult(
            Decision.ALLOWED,
            [hit.explain(request) for hit in allows],
            f"allowed by {policy.name}",
        )
    return EvaluationResult(
        Decision.IMPLICIT_DENY,
        [],
        f"no statement in {policy.name} allows {request.action!r} on {request.resource!r}",
    )


class _Scans:
    """Each policy's matching statements for one request, computed once per policy."""

    def __init__(self, request: Request) -> None:
        self._request = request
        self._cache: dict[int, tuple[list[_Hit], list[_Hit]]] = {}

    def of(self, policy: Policy) -> tuple[list[_Hit], list[_Hit]]:
        found = self._cache.get(id(policy))
        if found is None:
            found = _scan(policy, self._request)
            self._cache[id(policy)] = found
        return found

    def denies(self, policies: Sequence[Policy]) -> list[_Hit]:
        return [hit for policy in policies for hit in self.of(policy)[0]]

    def allows(self, policies: Sequence[Policy]) -> list[_Hit]:
        return [hit for policy in policies for hit in self.of(policy)[1]]


def _implicit(reason: str) -> EvaluationResult:
    return EvaluationResult(Decision.IMPLICIT_DENY, [], reason)


def _levels_block(
    levels: Sequence[Sequence[Policy]], scans: _Scans, request: Request, kind: str
) -> EvaluationResult | None:
    """Return an implicit deny when some level of SCPs or RCPs allows nothing."""
    for number, level in enumerate(levels):
        if not scans.allows(level):
            names = ", ".join(p.name for p in level) or "no policies"
            return _implicit(
                f"no {kind} at level {number} ({names}) allows {request.action!r}; "
                "every level from the root down must allow the request"
            )
    return None


def _bypasses_limits(hit: _Hit, request: Request) -> bool:
    """Tell whether a same-account resource-policy grant escapes boundary and session policy.

    AWS does not let an implicit deny in a permissions boundary or session policy
    limit a resource-based policy that names the IAM user ARN or the role session
    ARN itself ("Policy evaluation logic"). A grant to the role ARN stays limited.
    """
    if hit.principal_match is not PrincipalMatch.EXACT or request.principal is None:
        return False
    identifier = request.principal.identifier
    return ":user/" in identifier or ":assumed-role/" in identifier


def evaluate(
    request: Request,
    identity: Sequence[Policy] = (),
    resource: Policy | None = None,
    boundary: Policy | None = None,
    session: Policy | None = None,
    scps: Sequence[Sequence[Policy]] = (),
    rcps: Sequence[Sequence[Policy]] = (),
    endpoint: Policy | None = None,
) -> EvaluationResult:
    """Decide a request across every policy type.

    ``scps`` and ``rcps`` are lists of levels (root, OUs, account); each level must
    contain an Allow, and an empty list means none apply. SCPs do not apply to
    anonymous callers or service principals, and RCPs do not apply to service
    principals. Whether a principal is in a member account is for the caller to
    decide: pass ``scps=[]`` for the management account.
    """
    caller = request.principal
    caller_kind = caller.kind if caller is not None else PrincipalKind.AWS
    iam_caller = caller_kind is PrincipalKind.AWS
    identity_policies = list(identity) if iam_caller else []
    gates = [p for p in (boundary, session) if p is not None] if iam_caller else []
    scp_levels = list(scps) if iam_caller else []
    rcp_levels = list(rcps) if caller_kind is not PrincipalKind.SERVICE else []

    everything = identity_policies + gates + [resource] if resource else identity_policies + gates
    everything += [p for level in scp_levels for p in level]
    everything += [p for level in rcp_levels for p in level]
    if endpoint is not None:
        everything.append(endpoint)
    scans = _Scans(request)
    denies = scans.denies(everything)
    if denies:
        return EvaluationResult(
            Decision.EXPLICIT_DENY,
            [hit.explain(request) for hit in denies],
            "an explicit Deny overrides every Allow",
        )

    for levels, kind in ((scp_levels, "SCP"), (rcp_levels, "RCP")):
        blocked = _levels_block(levels, scans, request, kind)
        if blocked is not None:
            return blocked
    if endpoint is not None and not scans.of(endpoint)[1]:
        return _implicit(
            f"the VPC endpoint policy {endpoint.name} does not allow {request.action!r}; "
            "a request through an endpoint needs its Allow"
        )

    resource_allows = scans.of(resource)[1] if resource is not None else []
    if not iam_caller:
        return _grant_from_resource(resource_allows, request)

    identity_allows = scans.allows(identity_policies)
    gate_failure = next((p for p in gates if not scans.of(p)[1]), None)
    cross_account = (
        caller is not None
        and caller.account is not None
        and request.resource_account is not None
        and caller.account != request.resource_account
    )
    if cross_account:
        return _cross_account(identity_allows, resource_allows, gate_failure, request)
    return _same_account(identity_allows, resource_allows, gate_failure, request)


def _grant_from_resource(resource_allows: list[_Hit], request: Request) -> EvaluationResult:
    if resource_allows:
        return EvaluationResult(
            Decision.ALLOWED,
            [hit.explain(request) for hit in resource_allows],
            "allowed by the resource-based policy",
        )
    return _implicit("only a resource-based policy can allow this caller, and none does")


def _cross_account(
    identity_allows: list[_Hit],
    resource_allows: list[_Hit],
    gate_failure: Policy | None,
    request: Request,
) -> EvaluationResult:
    if not resource_allows:
        return _implicit(
            "cross-account request: the resource-based policy does not allow the principal"
        )
    if not identity_allows:
        return _implicit("cross-account request: no identity-based policy allows it")
    if gate_failure is not None:
        return _implicit(f"{gate_failure.name} does not allow the request")
    hits = identity_allows + resource_allows
    return EvaluationResult(
        Decision.ALLOWED,
        [hit.explain(request) for hit in hits],
        "cross-account request allowed by both identity-based and resource-based policies",
    )


def _same_account(
    identity_allows: list[_Hit],
    resource_allows: list[_Hit],
    gate_failure: Policy | None,
    request: Request,
) -> EvaluationResult:
    # A grant to the account (its id or :root ARN) delegates to IAM: it allows
    # nothing unless an identity-based policy also allows.
    direct = [hit for hit in resource_allows if hit.principal_match is not PrincipalMatch.ACCOUNT]
    unlimited = [hit for hit in direct if _bypasses_limits(hit, request)]
    if unlimited:
        return EvaluationResult(
            Decision.ALLOWED,
            [hit.explain(request) for hit in unlimited],
            "allowed by a resource-based policy that names the principal",
        )
    if not identity_allows and not direct:
        return _implicit("no identity-based or resource-based policy allows the request")
    if gate_failure is not None:
        return _implicit(f"{gate_failure.name} does not allow the request")
    hits = identity_allows + direct
    source = "identity-based policy" if identity_allows else "resource-based policy"
    return EvaluationResult(
        Decision.ALLOWED, [hit.explain(request) for hit in hits], f"allowed by a {source}"
    )
