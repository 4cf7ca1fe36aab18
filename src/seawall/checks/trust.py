"""Role trust policies: who outside the account can assume a role, and on
what terms. Judged by evaluating sts:AssumeRole requests against each trust
policy; the policy's Principal elements only supply whom to ask about."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seawall.checks._iam_data import authorization_details, load_policy, policy_error_reason
from seawall.checks.context import CheckContext
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity
from seawall.policy import Policy, PolicyError, Principal, Request, evaluate_policy

AUTH_DETAILS = "iam:GetAccountAuthorizationDetails"
SERVICE_LINKED_PATH = "/aws-service-role/"
# An account that no real policy names, standing in for "someone else".
FOREIGN_ACCOUNT = "999999999999"
PROBE_ROLE = "SeawallTrustProbe"
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_IAM_ARN = re.compile(r"^arn:[\w-]+:(?:iam|sts)::(\d{12}):(.+)$")


@dataclass(frozen=True)
class TrustedRole:
    arn: str
    name: str
    policy: Policy


def _roles(ctx: CheckContext) -> Iterator[TrustedRole | tuple[str, str]]:
    """Yield each role that is not service-linked, or (arn, reason) when its
    trust policy cannot be read."""
    for role in authorization_details(ctx).get("RoleDetailList", []):
        if str(role.get("Path", "")).startswith(SERVICE_LINKED_PATH):
            continue
        arn = str(role.get("Arn", ""))
        try:
            policy = load_policy(role.get("AssumeRolePolicyDocument"), f"trust policy of {arn}")
        except PolicyError as exc:
            yield (arn, policy_error_reason(exc))
            continue
        yield TrustedRole(arn, str(role.get("RoleName", "")), policy)


def _assume(policy: Policy, role_arn: str, principal: Principal, context: dict[str, Any]) -> bool:
    request = Request(
        action="sts:AssumeRole", resource=role_arn, principal=principal, context=context
    )
    return evaluate_policy(policy, request).allowed


def _trusted_services(policy: Policy) -> list[str]:
    names: set[str] = set()
    for statement in policy.statements:
        if statement.effect == "Allow" and statement.principal is not None:
            names.update(s.lower() for s in statement.principal.service)
    return sorted(names)


@check(
    id="iam.role_trust_confused_deputy",
    title="Roles trusted by AWS services limit them to the account's own resources",
    severity=Severity.MEDIUM,
    practice=Practice.ACCOUNT,
    permissions=(AUTH_DETAILS,),
    risk=(
        "A service trusted without aws:SourceArn, aws:SourceAccount or aws:SourceOrgID can be "
        "steered by another customer to use the role on their behalf (the confused deputy "
        "problem)."
    ),
    remediation=(
        "Add a condition to the trust policy statement, then aws iam update-assume-role-policy "
        "--role-name ROLE --policy-document file://trust.json: "
        '"Condition":{"StringEquals":{"aws:SourceAccount":"ACCOUNT_ID"}}'
    ),
)
def role_trust_confused_deputy(ctx: CheckContext) -> Iterator[Finding]:
    for role in _roles(ctx):
        if isinstance(role, tuple):
            yield ctx.error(*role)
            continue
        services = _trusted_services(role.policy)
        if not services:
            yield ctx.not_applicable(role.arn, "trust policy names no service principal")
            continue
        problems = [p for p in (_deputy_problem(role, s) for s in services) if p]
        if problems:
            yield ctx.failed(role.arn, "; ".join(problems))
        else:
            yield ctx.passed(role.arn, f"{', '.join(services)} may assume it only for this account")


def _deputy_problem(role: TrustedRole, service: str) -> str | None:
    principal = Principal.service(service)
    if _assume(role.policy, role.arn, principal, {}):
        return (
            f"{service} may assume it with no aws:SourceArn, aws:SourceAccount or aws:SourceOrgID"
        )
    foreign = {
        "aws:SourceAccount": FOREIGN_ACCOUNT,
        "aws:SourceArn": f"arn:aws:{_service_prefix(service)}:us-east-1:{FOREIGN_ACCOUNT}:probe/x",
        "aws:SourceOrgID": "o-seawallprobe",
    }
    if _assume(role.policy, role.arn, principal, foreign):
        return f"{service} may assume it on behalf of another account such as {FOREIGN_ACCOUNT}"
    return None


def _service_prefix(service: str) -> str:
    return service.split(".", 1)[0]


@dataclass(frozen=True)
class ForeignPrincipal:
    label: str
    principal: Principal


def _foreign_principals(policy: Policy, account_id: str) -> list[ForeignPrincipal]:
    found: dict[str, ForeignPrincipal] = {}
    for statement in policy.statements:
        element = statement.principal
        if statement.effect != "Allow" or element is None:
            continue
        values = ["*"] if element.wildcard else list(element.aws)
        for value in values:
            candidate = _foreign_principal(value.strip(), account_id)
            if candidate is not None:
                found.setdefault(candidate.label, candidate)
    return list(found.values())


def _foreign_principal(value: str, account_id: str) -> ForeignPrincipal | None:
    """Return a caller standing for ``value``, or None for the own account and for
    values that are not account ids or IAM ARNs (such as deleted-role ids)."""
    if value == "*":
        return ForeignPrincipal(
            "any AWS account", Principal.aws(f"arn:aws:iam::{FOREIGN_ACCOUNT}:role/{PROBE_ROLE}")
        )
    if _ACCOUNT_ID.match(value):
        account, rest = value, "root"
    else:
        match = _IAM_ARN.match(value)
        if match is None:
            return None
        account, rest = match.group(1), match.group(2)
    if account == account_id:
        return None
    if rest == "root":
        return ForeignPrincipal(
            f"account {account}", Principal.aws(f"arn:aws:iam::{account}:role/{PROBE_ROLE}")
        )
    return ForeignPrincipal(value, Principal.aws(value))


@check(
    id="iam.role_trust_cross_account_unconditioned",
    title="Roles trusted by other accounts require an external ID or MFA",
    severity=Severity.HIGH,
    practice=Practice.ACCOUNT,
    permissions=(AUTH_DETAILS,),
    risk=(
        "Any principal of a trusted account, or a third party's customer through it, can "
        "assume the role with no secret or second factor to stop them."
    ),
    remediation=(
        "Add a condition to the trust policy statement, then aws iam update-assume-role-policy "
        "--role-name ROLE --policy-document file://trust.json: "
        '"Condition":{"StringEquals":{"sts:ExternalId":"EXTERNAL_ID"}} for a third party, or '
        '"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}} for people'
    ),
)
def role_trust_cross_account_unconditioned(ctx: CheckContext) -> Iterator[Finding]:
    for role in _roles(ctx):
        if isinstance(role, tuple):
            yield ctx.error(*role)
            continue
        foreign = _foreign_principals(role.policy, ctx.account_id)
        if not foreign:
            yield ctx.not_applicable(role.arn, "trust policy names no other account")
            continue
        open_to = [f.label for f in foreign if _assume(role.policy, role.arn, f.principal, {})]
        if open_to:
            yield ctx.failed(
                role.arn,
                f"{', '.join(open_to)} may assume it with no sts:ExternalId or MFA condition",
            )
        else:
            labels = ", ".join(f.label for f in foreign)
            yield ctx.passed(role.arn, f"{labels} must meet a condition to assume it")
