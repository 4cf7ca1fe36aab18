"""SCP guardrails, judged per member account by evaluating requests.

A member account's principal is given an identity policy that allows
everything, the worst case inside the account, and each probe request is
evaluated against the SCPs on the path root -> OUs -> account. The guardrail
holds when every probe ends in a deny, explicit or implicit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from seawall.checks._org_data import (
    MemberAccount,
    ScpIndex,
    describe_organization,
    load_organization,
)
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity
from seawall.policy import Policy, Principal, Request, evaluate, parse_policy

ContextValue = str | bool | int | list[str]

ORG_PERMISSIONS = (
    "organizations:DescribeOrganization",
    "organizations:ListRoots",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListAccountsForParent",
    "organizations:ListPolicies",
    "organizations:ListTargetsForPolicy",
    "organizations:DescribePolicy",
)
PROBE_ROLE = "SeawallScpProbe"
ALLOW_EVERYTHING = parse_policy(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    name="administrator policy of the probe role",
)

# Actions that change who can do what. Without MFA they are how a stolen
# access key turns into persistence.
MFA_PROBE_ACTIONS = (
    "iam:CreateUser",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:AttachRolePolicy",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
)
# A long-term access key sends no aws:MultiFactorAuthPresent at all, and a
# session without MFA sends false: both must be denied.
NO_MFA_CONTEXTS: tuple[Mapping[str, ContextValue], ...] = (
    {},
    {"aws:MultiFactorAuthPresent": False},
)
SECURITY_SERVICE_ACTIONS = (
    "guardduty:DeleteDetector",
    "guardduty:UpdateDetector",
    "guardduty:DisassociateFromMasterAccount",
    "guardduty:DisassociateFromAdministratorAccount",
    "securityhub:DisableSecurityHub",
    "securityhub:DisassociateFromMasterAccount",
    "securityhub:DisassociateFromAdministratorAccount",
    "config:StopConfigurationRecorder",
    "config:DeleteConfigurationRecorder",
    "config:DeleteDeliveryChannel",
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "macie2:DisableMacie",
    "macie2:DisassociateFromAdministratorAccount",
)


@dataclass(frozen=True)
class Probe:
    action: str
    context: Mapping[str, ContextValue]


def _probes(actions: Sequence[str], contexts: Sequence[Mapping[str, ContextValue]]) -> list[Probe]:
    return [Probe(a, c) for a in actions for c in contexts]


def _allowed_actions(levels: list[list[Policy]], account_id: str, probes: list[Probe]) -> list[str]:
    """Return the probe actions that the SCPs let an administrator of the account perform."""
    role_arn = f"arn:aws:iam::{account_id}:role/{PROBE_ROLE}"
    principal = Principal.aws(role_arn)
    allowed: list[str] = []
    for probe in probes:
        context: dict[str, ContextValue] = {
            "aws:PrincipalArn": role_arn,
            "aws:PrincipalAccount": account_id,
            **probe.context,
        }
        request = Request(
            action=probe.action,
            resource="*",
            principal=principal,
            context=context,
            resource_account=account_id,
        )
        result = evaluate(request, identity=[ALLOW_EVERYTHING], scps=levels)
        if result.allowed and probe.action not in allowed:
            allowed.append(probe.action)
    return allowed


def _judge_members(
    ctx: CheckContext, probes: list[Probe], guardrail: str, gap: str
) -> Iterator[Finding]:
    """Yield one finding per member account for one guardrail.

    ``guardrail`` completes "SCPs deny ..." and ``gap`` completes
    "SCPs allow <actions> ..." in the reasons.
    """
    organization = describe_organization(ctx)
    if organization is None:
        yield ctx.failed(
            ctx.snapshot.account_arn,
            "account is not in an AWS Organizations organization, so no SCP applies to it",
        )
        return
    tree = load_organization(ctx, organization)
    index = ScpIndex(ctx)
    for account in tree.accounts:
        resource = f"arn:{ctx.snapshot.partition}:iam::{account.account_id}:root"
        if account.account_id == tree.management_account_id:
            yield ctx.not_applicable(resource, "SCPs do not apply to the management account")
        elif not tree.scps_enabled:
            yield ctx.failed(resource, "SCPs are not enabled in the organization")
        else:
            yield _member_finding(ctx, index, account, resource, probes, guardrail, gap)


def _member_finding(
    ctx: CheckContext,
    index: ScpIndex,
    account: MemberAccount,
    resource: str,
    probes: list[Probe],
    guardrail: str,
    gap: str,
) -> Finding:
    try:
        levels = index.levels(account)
    except DataUnavailable as missing:
        return ctx.error(resource, missing.reason)
    allowed = _allowed_actions(levels, account.account_id, probes)
    if allowed:
        return ctx.failed(resource, f"SCPs allow {', '.join(allowed)} {gap}")
    return ctx.passed(resource, f"SCPs deny {guardrail}")


@check(
    id="organizations.scp_deny_without_mfa",
    title="SCPs deny privilege-changing IAM actions without MFA in member accounts",
    severity=Severity.MEDIUM,
    practice=Practice.MFA_SCP,
    permissions=ORG_PERMISSIONS,
    risk=(
        "A leaked access key without MFA can create users, keys and role policies in member "
        "accounts and so keep its access after the key is revoked."
    ),
    remediation=(
        "Attach an SCP to the root or OUs: "
        '{"Version":"2012-10-17","Statement":[{"Sid":"DenyIamChangesWithoutMfa",'
        '"Effect":"Deny","Action":["iam:CreateUser","iam:CreateAccessKey",'
        '"iam:CreateLoginProfile","iam:AttachRolePolicy","iam:PutRolePolicy",'
        '"iam:UpdateAssumeRolePolicy"],"Resource":"*","Condition":{"BoolIfExists":'
        '{"aws:MultiFactorAuthPresent":"false"}}}]} with aws organizations create-policy '
        "--type SERVICE_CONTROL_POLICY and aws organizations attach-policy"
    ),
)
def scp_deny_without_mfa(ctx: CheckContext) -> Iterator[Finding]:
    return _judge_members(
        ctx,
        _probes(MFA_PROBE_ACTIONS, NO_MFA_CONTEXTS),
        "privilege-changing IAM actions without MFA",
        "without MFA",
    )


@check(
    id="organizations.scp_protect_security_services",
    title="SCPs stop member accounts from disabling GuardDuty, Security Hub, Config, "
    "CloudTrail and Macie",
    severity=Severity.HIGH,
    practice=Practice.MFA_SCP,
    permissions=ORG_PERMISSIONS,
    risk=(
        "An attacker with administrator access in a member account can switch off detection "
        "and logging before acting, leaving no record."
    ),
    remediation=(
        "Attach an SCP to the root or OUs: "
        '{"Version":"2012-10-17","Statement":[{"Sid":"ProtectSecurityServices",'
        '"Effect":"Deny","Action":["guardduty:DeleteDetector","guardduty:UpdateDetector",'
        '"guardduty:Disassociate*","securityhub:DisableSecurityHub",'
        '"securityhub:Disassociate*","config:StopConfigurationRecorder",'
        '"config:DeleteConfigurationRecorder","config:DeleteDeliveryChannel",'
        '"cloudtrail:StopLogging","cloudtrail:DeleteTrail","cloudtrail:UpdateTrail",'
        '"macie2:DisableMacie","macie2:DisassociateFromAdministratorAccount"],'
        '"Resource":"*"}]}'
    ),
)
def scp_protect_security_services(ctx: CheckContext) -> Iterator[Finding]:
    return _judge_members(
        ctx,
        _probes(SECURITY_SERVICE_ACTIONS, ({},)),
        "disabling or deleting GuardDuty, Security Hub, Config, CloudTrail and Macie",
        "to an administrator of the account",
    )


@check(
    id="organizations.scp_deny_leave_organization",
    title="SCPs stop member accounts from leaving the organization",
    severity=Severity.HIGH,
    practice=Practice.MFA_SCP,
    permissions=ORG_PERMISSIONS,
    risk=(
        "An account that leaves the organization sheds every SCP and the central logging and "
        "detection that came with it."
    ),
    remediation=(
        "Attach an SCP to the root or OUs: "
        '{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeaveOrganization",'
        '"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}'
    ),
)
def scp_deny_leave_organization(ctx: CheckContext) -> Iterator[Finding]:
    return _judge_members(
        ctx,
        _probes(("organizations:LeaveOrganization",), ({},)),
        "organizations:LeaveOrganization",
        "to an administrator of the account",
    )
