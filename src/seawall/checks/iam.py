"""IAM least privilege: policies, users, credentials, the password policy and
IAM Access Analyzer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain
from typing import Any

from seawall.checks._iam_data import (
    PolicyDocument,
    account_policies,
    attached_aws_policies,
    authorization_details,
    credential_report,
    judge_each,
    parse_time,
    policy_error_reason,
    reference_time,
)
from seawall.checks._policy_judge import (
    AdminJudgement,
    WildcardJudgement,
    judge_admin,
    judge_service_wildcards,
)
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity
from seawall.policy import PolicyError

AUTH_DETAILS = "iam:GetAccountAuthorizationDetails"
ROTATION_DAYS = 90
UNUSED_DAYS = 45
MIN_PASSWORD_LENGTH = 14
MIN_PASSWORD_REUSE_PREVENTION = 24
# Analyzer types that look for access from outside the zone of trust; the
# unused-access types do not.
EXTERNAL_ACCESS_ANALYZER_TYPES = frozenset({"ACCOUNT", "ORGANIZATION"})


@check(
    id="iam.policy_admin_equivalent",
    title=(
        "No customer-managed, inline or attached AWS-managed policy allows every action on "
        "every resource"
    ),
    severity=Severity.HIGH,
    practice=Practice.IAM,
    permissions=(AUTH_DETAILS,),
    risk=(
        "A policy that allows every action on every resource, directly or through NotAction, "
        "makes whoever holds it an administrator who can disable logging and take over the "
        "account."
    ),
    remediation=(
        "Replace the policy with one that lists the needed actions and resources, then detach "
        "the old one: aws iam detach-role-policy --role-name ROLE --policy-arn POLICY_ARN "
        "(or delete-role-policy / delete-user-policy / delete-group-policy for inline policies)"
    ),
    cis=("1.15",),
    fsbp=("IAM.1",),
)
def policy_admin_equivalent(ctx: CheckContext) -> Iterator[Finding]:
    details = authorization_details(ctx)
    # CIS 1.15 audits attached AWS-managed policies too, such as AdministratorAccess.
    policies = chain(account_policies(details), attached_aws_policies(details))
    for item, judgement in judge_each(policies, judge_admin):
        if isinstance(judgement, PolicyError):
            yield ctx.error(item.arn, policy_error_reason(judgement))
            continue
        if not judgement.admin:
            yield ctx.passed(
                item.arn, f"{item.label} does not allow every action on every resource"
            )
        else:
            yield ctx.failed(item.arn, f"{item.label} {_admin_grant(judgement)}")


def _admin_grant(judgement: AdminJudgement) -> str:
    grant = "allows every action on every resource"
    if judgement.excluded:
        grant += f" except NotAction {', '.join(judgement.excluded)}"
    if judgement.conditions:
        grant += f" when {' and '.join(judgement.conditions)}"
    return grant


@check(
    id="iam.policy_service_wildcard",
    title="No customer-managed or inline policy allows every action of a service",
    severity=Severity.MEDIUM,
    practice=Practice.IAM,
    permissions=(AUTH_DETAILS,),
    risk=(
        "A grant such as s3:* or iam:* includes destructive and permission-changing actions "
        "the holder does not need, and every action the service adds later."
    ),
    remediation=(
        "List the needed actions instead of SERVICE:*, then publish it as the default "
        "version: aws iam create-policy-version --policy-arn POLICY_ARN "
        "--policy-document file://policy.json --set-as-default"
    ),
    fsbp=("IAM.21",),
)
def policy_service_wildcard(ctx: CheckContext) -> Iterator[Finding]:
    policies = account_policies(authorization_details(ctx))
    for item, judgement in judge_each(policies, judge_service_wildcards):
        if isinstance(judgement, PolicyError):
            yield ctx.error(item.arn, policy_error_reason(judgement))
            continue
        yield _service_wildcard_finding(ctx, item, judgement)


def _service_wildcard_finding(
    ctx: CheckContext, item: PolicyDocument, judgement: WildcardJudgement
) -> Finding:
    if judgement.every_service:
        return ctx.failed(item.arn, f"{item.label} allows every action of every service")
    if judgement.services:
        services = ", ".join(f"{s}:*" for s in judgement.named_services)
        return ctx.failed(item.arn, f"{item.label} allows every action of {services}")
    return ctx.passed(item.arn, f"{item.label} allows no service's every action")


@check(
    id="iam.user_policies_attached",
    title="IAM users receive permissions only through groups or roles",
    severity=Severity.LOW,
    practice=Practice.IAM,
    permissions=(AUTH_DETAILS,),
    risk=(
        "Policies attached to single users are easy to overlook when access is reviewed or "
        "revoked, so permissions pile up on individuals."
    ),
    remediation=(
        "Add the user to a group that holds the policy, then remove it from the user: "
        "aws iam add-user-to-group --user-name USER --group-name GROUP && "
        "aws iam detach-user-policy --user-name USER --policy-arn POLICY_ARN "
        "(aws iam delete-user-policy --user-name USER --policy-name NAME for inline policies)"
    ),
    cis=("1.14",),
    fsbp=("IAM.2",),
)
def user_policies_attached(ctx: CheckContext) -> Iterator[Finding]:
    for user in authorization_details(ctx).get("UserDetailList", []):
        arn = str(user.get("Arn", ""))
        attached = [str(p.get("PolicyName", "")) for p in user.get("AttachedManagedPolicies") or []]
        inline = [str(p.get("PolicyName", "")) for p in user.get("UserPolicyList") or []]
        if not attached and not inline:
            yield ctx.passed(arn, "user has no policies of its own")
            continue
        parts = []
        if attached:
            parts.append(f"attached policies {', '.join(sorted(attached))}")
        if inline:
            parts.append(f"inline policies {', '.join(sorted(inline))}")
        yield ctx.failed(arn, f"user has {' and '.join(parts)}")


def _users(ctx: CheckContext) -> list[tuple[str, str]]:
    return [
        (str(u.get("UserName", "")), str(u.get("Arn", "")))
        for u in authorization_details(ctx).get("UserDetailList", [])
    ]


def _access_keys(ctx: CheckContext, user_name: str) -> list[dict[str, Any]]:
    data = ctx.data("iam", "ListAccessKeys", resource=user_name)
    keys = data.get("AccessKeyMetadata", []) if isinstance(data, dict) else []
    return [k for k in keys if isinstance(k, dict)]


@check(
    id="iam.user_access_keys",
    title="IAM users have no active access keys",
    severity=Severity.MEDIUM,
    practice=Practice.IAM,
    permissions=(AUTH_DETAILS, "iam:ListAccessKeys"),
    risk=(
        "Access keys are long-lived secrets that leak through code, logs and laptops; roles "
        "and IAM Identity Center give short-lived credentials instead."
    ),
    remediation=(
        "Move the workload to an IAM role (instance profile, task role, OIDC federation or "
        "IAM Identity Center), then: aws iam update-access-key --user-name USER "
        "--access-key-id KEY_ID --status Inactive && aws iam delete-access-key "
        "--user-name USER --access-key-id KEY_ID"
    ),
)
def user_access_keys(ctx: CheckContext) -> Iterator[Finding]:
    for name, arn in _users(ctx):
        try:
            keys = _access_keys(ctx, name)
        except DataUnavailable as missing:
            yield ctx.error(arn, missing.reason)
            continue
        active = sorted(str(k.get("AccessKeyId", "")) for k in keys if k.get("Status") == "Active")
        if active:
            yield ctx.failed(arn, f"user has active access keys {', '.join(active)}")
        else:
            yield ctx.passed(arn, "user has no active access key")


@check(
    id="iam.access_key_rotated_90d",
    title="Active access keys are rotated every 90 days or less",
    severity=Severity.MEDIUM,
    practice=Practice.IAM,
    permissions=(AUTH_DETAILS, "iam:ListAccessKeys"),
    risk="An old key has had more time to leak, and a leaked key stays valid until it is rotated.",
    remediation=(
        "aws iam create-access-key --user-name USER, move the workload to the new key, then "
        "aws iam update-access-key --user-name USER --access-key-id OLD_KEY_ID --status "
        "Inactive && aws iam delete-access-key --user-name USER --access-key-id OLD_KEY_ID"
    ),
    cis=("1.13",),
    fsbp=("IAM.3",),
)
def access_key_rotated_90d(ctx: CheckContext) -> Iterator[Finding]:
    now = reference_time(ctx)
    for name, arn in _users(ctx):
        try:
            keys = _access_keys(ctx, name)
            yield from _rotation_findings(ctx, arn, keys, now)
        except DataUnavailable as missing:
            yield ctx.error(arn, missing.reason)


def _rotation_findings(
    ctx: CheckContext, arn: str, keys: list[dict[str, Any]], now: datetime
) -> Iterator[Finding]:
    active = [k for k in keys if k.get("Status") == "Active"]
    if not active:
        yield ctx.not_applicable(arn, "user has no active access key")
        return
    for key in active:
        key_id = str(key.get("AccessKeyId", ""))
        created = parse_time(str(key.get("CreateDate", "")), f"CreateDate of access key {key_id}")
        age = (now - created).days
        if age > ROTATION_DAYS:
            yield ctx.failed(arn, f"access key {key_id} was created {age} days ago")
        else:
            yield ctx.passed(arn, f"access key {key_id} was created {age} days ago")


@check(
    id="iam.credentials_unused_45d",
    title="Passwords and access keys unused for 45 days or more are disabled",
    severity=Severity.MEDIUM,
    practice=Practice.IAM,
    permissions=("iam:GenerateCredentialReport", "iam:GetCredentialReport"),
    risk=(
        "Credentials nobody uses are nobody's concern: when they leak, the misuse goes unnoticed."
    ),
    remediation=(
        "aws iam delete-login-profile --user-name USER; aws iam update-access-key "
        "--user-name USER --access-key-id KEY_ID --status Inactive"
    ),
    cis=("1.11",),
    fsbp=("IAM.22",),
)
def credentials_unused_45d(ctx: CheckContext) -> Iterator[Finding]:
    now = reference_time(ctx)
    cutoff = now - timedelta(days=UNUSED_DAYS)
    for row in credential_report(ctx):
        if row.is_root:
            continue
        credentials = _enabled_credentials(row)
        if not credentials:
            yield ctx.not_applicable(row.arn, "user has no password and no active access key")
            continue
        stale = [c.label for c in credentials if c.since is None or c.since < cutoff]
        if stale:
            yield ctx.failed(row.arn, f"unused for {UNUSED_DAYS} days or more: {', '.join(stale)}")
            continue
        yield ctx.passed(row.arn, _recent_credentials_reason(credentials))


@dataclass(frozen=True)
class _Credential:
    label: str
    # Last use, or when a never-used credential was issued; None when unknown.
    since: datetime | None
    used: bool


def _recent_credentials_reason(credentials: list[_Credential]) -> str:
    unused = [c.label for c in credentials if not c.used]
    if not unused:
        return f"every credential was used in the last {UNUSED_DAYS} days"
    used = [c.label for c in credentials if c.used]
    reason = f"never used but issued in the last {UNUSED_DAYS} days: {', '.join(unused)}"
    if used:
        reason += f"; used in the last {UNUSED_DAYS} days: {', '.join(used)}"
    return reason


def _enabled_credentials(row: Any) -> list[_Credential]:
    """List each enabled credential with its last use or, if never used, its issue time.

    A password that was never used counts from when it was last set (the
    user's creation time when the report gives none), as CIS 1.12 counts it.
    """
    found: list[_Credential] = []
    if row.flag("password_enabled"):
        last = row.time("password_last_used")
        issued = row.time("password_last_changed") or row.time("user_creation_time")
        found.append(_Credential("password", last or issued, last is not None))
    for number in (1, 2):
        if row.flag(f"access_key_{number}_active"):
            last = row.time(f"access_key_{number}_last_used_date")
            issued = row.time(f"access_key_{number}_last_rotated")
            found.append(_Credential(f"access key {number}", last or issued, last is not None))
    return found


@check(
    id="iam.password_policy_strong",
    title="The IAM password policy requires 14 characters and prevents reuse of 24 passwords",
    severity=Severity.MEDIUM,
    practice=Practice.IAM,
    permissions=("iam:GetAccountPasswordPolicy",),
    risk="Short or reused passwords of IAM users fall to guessing and to leaks from other sites.",
    remediation=(
        "aws iam update-account-password-policy --minimum-password-length 14 "
        "--password-reuse-prevention 24"
    ),
    cis=("1.7", "1.8"),
    fsbp=("IAM.15", "IAM.16"),
)
def password_policy_strong(ctx: CheckContext) -> Iterator[Finding]:
    resource = ctx.snapshot.account_arn
    data = ctx.data("iam", "GetAccountPasswordPolicy", allow_not_found=True)
    if data is None:
        yield ctx.failed(resource, "no account password policy is set")
        return
    policy = data.get("PasswordPolicy", {}) if isinstance(data, dict) else {}
    length = int(policy.get("MinimumPasswordLength", 0) or 0)
    reuse = int(policy.get("PasswordReusePrevention", 0) or 0)
    problems = []
    if length < MIN_PASSWORD_LENGTH:
        problems.append(f"minimum length is {length}, needs {MIN_PASSWORD_LENGTH}")
    if reuse < MIN_PASSWORD_REUSE_PREVENTION:
        problems.append(f"reuse prevention is {reuse}, needs {MIN_PASSWORD_REUSE_PREVENTION}")
    if problems:
        yield ctx.failed(resource, "; ".join(problems))
    else:
        yield ctx.passed(resource, f"minimum length is {length} and reuse prevention is {reuse}")


@check(
    id="iam.access_analyzer_enabled",
    title="IAM Access Analyzer has an active external access analyzer in every region",
    severity=Severity.LOW,
    practice=Practice.IAM,
    permissions=("access-analyzer:ListAnalyzers",),
    risk=(
        "Without an analyzer, resources shared with other accounts or the public are not reported."
    ),
    remediation=(
        "aws accessanalyzer create-analyzer --analyzer-name account-analyzer --type ACCOUNT "
        "--region REGION"
    ),
    cis=("1.19",),
    fsbp=("IAM.28",),
)
def access_analyzer_enabled(ctx: CheckContext) -> Iterator[Finding]:
    def one_region(region: str) -> Iterator[Finding]:
        data = ctx.data("accessanalyzer", "ListAnalyzers", region=region)
        analyzers = data.get("analyzers", []) if isinstance(data, dict) else []
        resource = ctx.region_resource(region)
        active = sorted(
            str(a.get("name", ""))
            for a in analyzers
            if a.get("status") == "ACTIVE" and a.get("type") in EXTERNAL_ACCESS_ANALYZER_TYPES
        )
        if active:
            yield ctx.passed(resource, f"active analyzer {', '.join(active)}", region)
        elif analyzers:
            yield ctx.failed(resource, "no external access analyzer is ACTIVE", region)
        else:
            yield ctx.failed(resource, "no analyzer exists", region)

    return ctx.per_region(one_region)
