"""Evaluate requests against one policy, or against every policy type as AWS does.

The decision logic follows the IAM User Guide pages "Policy evaluation logic" and
"Cross-account policy evaluation logic", the AWS Organizations pages on SCPs and
"Resource control policies", the VPC page "Control access to VPC endpoints using
endpoint policies" and the AWS KMS page "Key policies in AWS KMS".
"""

from __future__ import annotations

from collections.abc import Sequence

from seawall.policy.model import Policy
from seawall.policy.principal import PrincipalKind, PrincipalMatch
from seawall.policy.request import Request
from seawall.policy.result import Decision, EvaluationResult
from seawall.policy.scan import Hit, Scans, scan_policy
from seawall.policy.service_rules import ResourceRule, resource_rule


def _result(decision: Decision, hits: list[Hit], reason: str, request: Request) -> EvaluationResult:
    return EvaluationResult(decision, None, reason, hits=hits, request=request)


def _implicit(reason: str) -> EvaluationResult:
    return EvaluationResult(Decision.IMPLICIT_DENY, [], reason)


def evaluate_policy(policy: Policy, request: Request) -> EvaluationResult:
    """Evaluate one policy alone: explicit deny, else allow, else implicit deny.

    Statements with Principal or NotPrincipal also match the request's principal.
    When the request has no principal, those elements are not evaluated, so the
    statement applies on action, resource and conditions alone.
    """
    denies, allows = scan_policy(policy, request)
    if denies:
        return _result(
            Decision.EXPLICIT_DENY, denies, f"explicitly denied by {policy.name}", request
        )
    if allows:
        return _result(Decision.ALLOWED, allows, f"allowed by {policy.name}", request)
    return _implicit(
        f"no statement in {policy.name} allows {request.action!r} on {request.resource!r}"
    )


def _levels_block(
    levels: Sequence[Sequence[Policy]], scans: Scans, request: Request, kind: str
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


def _bypasses_limits(hit: Hit, request: Request) -> bool:
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
    contain an Allow, and an empty list means none apply. AWS attaches
    RCPFullAWSAccess to every level, so pass it in each level (see
    ``seawall.policy.defaults.with_default_rcp``) when giving customer RCPs, which
    hold only Deny statements. SCPs do not apply to anonymous callers or service
    principals, and RCPs do not apply to service principals. Whether a principal
    is in a member account is for the caller to decide: pass ``scps=[]`` for the
    management account.

    ``endpoint`` is the policy of the VPC endpoint the request goes through, if
    any: it must allow the request and its Deny statements apply to every caller.

    For ``kms:`` actions ``resource`` is the key policy, and for
    ``sts:AssumeRole*`` the role trust policy: see ``seawall.policy.service_rules``.
    """
    caller = request.principal
    caller_kind = caller.kind if caller is not None else PrincipalKind.AWS
    iam_caller = caller_kind is PrincipalKind.AWS
    identity_policies = list(identity) if iam_caller else []
    gates = [p for p in (boundary, session) if p is not None] if iam_caller else []
    scp_levels = list(scps) if iam_caller else []
    rcp_levels = list(rcps) if caller_kind is not PrincipalKind.SERVICE else []

    everything = identity_policies + gates
    if resource is not None:
        everything.append(resource)
    if endpoint is not None:
        everything.append(endpoint)
    everything += [p for level in scp_levels for p in level]
    everything += [p for level in rcp_levels for p in level]
    scans = Scans(request)
    denies = scans.denies(everything)
    if denies:
        return _result(
            Decision.EXPLICIT_DENY, denies, "an explicit Deny overrides every Allow", request
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
    rule = resource_rule(request.action_lower, resource is not None)
    if not iam_caller:
        return _grant_from_resource(resource_allows, request, rule)

    identity_allows = scans.allows(identity_policies)
    gate_failure = next((p for p in gates if not scans.of(p)[1]), None)
    cross_account = (
        caller is not None
        and caller.account is not None
        and request.resource_account is not None
        and caller.account != request.resource_account
    )
    if cross_account:
        return _cross_account(identity_allows, resource_allows, gate_failure, request, rule)
    return _same_account(identity_allows, resource_allows, gate_failure, request, rule)


def _grant_from_resource(
    resource_allows: list[Hit], request: Request, rule: ResourceRule
) -> EvaluationResult:
    if resource_allows:
        return _result(Decision.ALLOWED, resource_allows, f"allowed by the {rule.label}", request)
    return _implicit("only a resource-based policy can allow this caller, and none does")


def _cross_account(
    identity_allows: list[Hit],
    resource_allows: list[Hit],
    gate_failure: Policy | None,
    request: Request,
    rule: ResourceRule,
) -> EvaluationResult:
    if not resource_allows:
        return _implicit(f"cross-account request: the {rule.label} does not allow the principal")
    if not identity_allows:
        return _implicit("cross-account request: no identity-based policy allows it")
    if gate_failure is not None:
        return _implicit(f"{gate_failure.name} does not allow the request")
    return _result(
        Decision.ALLOWED,
        identity_allows + resource_allows,
        f"cross-account request allowed by both identity-based policy and {rule.label}",
        request,
    )


def _same_account(
    identity_allows: list[Hit],
    resource_allows: list[Hit],
    gate_failure: Policy | None,
    request: Request,
    rule: ResourceRule,
) -> EvaluationResult:
    if rule is not ResourceRule.GENERAL and not resource_allows:
        return _implicit(
            f"the {rule.label} does not allow the request, so no identity-based policy can"
        )
    # A grant to the account (its id or :root ARN) delegates to IAM: it allows
    # nothing unless an identity-based policy also allows.
    direct = [hit for hit in resource_allows if hit.principal_match is not PrincipalMatch.ACCOUNT]
    unlimited = [hit for hit in direct if _bypasses_limits(hit, request)]
    if unlimited:
        return _result(
            Decision.ALLOWED,
            unlimited,
            f"allowed by a {rule.label} that names the principal",
            request,
        )
    if not identity_allows and not direct:
        if resource_allows:
            return _implicit(
                f"the {rule.label} allows only the account, which delegates to IAM, "
                "and no identity-based policy allows the request"
            )
        return _implicit("no identity-based or resource-based policy allows the request")
    if gate_failure is not None:
        return _implicit(f"{gate_failure.name} does not allow the request")
    source = "identity-based policy" if identity_allows else rule.label
    return _result(Decision.ALLOWED, identity_allows + direct, f"allowed by {source}", request)
