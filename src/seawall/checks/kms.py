"""KMS key management: rotation, key policies, decrypt grants in IAM, deletion."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from seawall.checks._iam_documents import PolicySource, iam_policy_sources
from seawall.checks._kms_keys import Key, region_keys
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity
from seawall.policy import (
    Policy,
    PolicyError,
    Principal,
    Request,
    evaluate_policy,
    parse_policy,
    strip_conditions,
)

# Key material that KMS cannot rotate automatically: imported material and
# keys whose material lives in a custom key store (CloudHSM or external).
_NO_AUTOMATIC_ROTATION_ORIGINS = frozenset({"EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"})

# Requests a stranger could make with a public key policy: use of the key
# for data, and control over the key itself.
_PUBLIC_PROBE_ACTIONS = (
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:ReEncryptFrom",
    "kms:CreateGrant",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
)
# Two accounts that no real key policy names, so a grant to one of them can
# only come from a wildcard principal. The second is used when the scanned
# account is the first.
_PROBE_ACCOUNTS = ("999988887777", "999988886666")

_DECRYPT_ACTIONS = ("kms:Decrypt", "kms:ReEncryptFrom")
# A key ARN no policy names: a policy that allows it allows every key.
_PROBE_KEY_ID = "00000000-0000-0000-0000-5ea3a11c0de5"


@check(
    id="kms.key_rotation_enabled",
    title="Customer-managed symmetric KMS keys rotate automatically",
    severity=Severity.MEDIUM,
    practice=Practice.KMS,
    permissions=("kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus"),
    risk=(
        "Key material that never changes protects more data the longer it lives, so one "
        "leaked or broken key exposes everything it ever encrypted."
    ),
    remediation="aws kms enable-key-rotation --key-id KEY_ID --rotation-period-in-days 365",
    cis=("3.6",),
    fsbp=("KMS.4",),
)
def key_rotation_enabled(ctx: CheckContext) -> Iterator[Finding]:
    return _each_customer_key(ctx, _rotation_finding)


KeyJudge = Callable[[CheckContext, str, Key], Finding]


def _each_customer_key(ctx: CheckContext, judge: KeyJudge) -> Iterator[Finding]:
    """Judge every customer-managed key of every region; a region without any is not_applicable."""

    def in_region(region: str) -> Iterator[Finding]:
        seen = False
        for key in region_keys(ctx, region):
            if isinstance(key, DataUnavailable):
                yield ctx.error(key.resource or "", key.reason, region)
                continue
            if not key.customer_managed:
                continue
            seen = True
            yield judge(ctx, region, key)
        if not seen:
            yield ctx.not_applicable(
                ctx.region_resource(region), "no customer-managed KMS keys", region
            )

    return ctx.per_region(in_region)


def _rotation_finding(ctx: CheckContext, region: str, key: Key) -> Finding:
    spec = key.metadata.get("KeySpec") or key.metadata.get("CustomerMasterKeySpec")
    origin = key.metadata.get("Origin", "AWS_KMS")
    if spec != "SYMMETRIC_DEFAULT":
        return ctx.not_applicable(key.arn, f"{spec} keys do not support automatic rotation", region)
    if origin in _NO_AUTOMATIC_ROTATION_ORIGINS:
        return ctx.not_applicable(
            key.arn, f"keys with origin {origin} do not support automatic rotation", region
        )
    if key.state != "Enabled":
        return ctx.not_applicable(key.arn, f"key is {key.state}", region)
    try:
        status = ctx.data("kms", "GetKeyRotationStatus", region, key.key_id)
    except DataUnavailable as missing:
        return ctx.error(key.arn, missing.reason, region)
    if status.get("KeyRotationEnabled") is True:
        period = status.get("RotationPeriodInDays")
        every = f" every {period} days" if period else ""
        return ctx.passed(key.arn, f"automatic rotation is enabled{every}", region)
    return ctx.failed(key.arn, "automatic rotation is disabled", region)


@check(
    id="kms.key_policy_not_public",
    title="KMS key policies do not allow access to anyone",
    severity=Severity.CRITICAL,
    practice=Practice.KMS,
    permissions=("kms:ListKeys", "kms:DescribeKey", "kms:GetKeyPolicy"),
    risk=(
        "A key policy that allows any principal lets callers outside the organization decrypt "
        "data protected by the key, or take control of the key."
    ),
    remediation=(
        "Replace the wildcard principal with the account or role ARNs that need the key, or "
        "add a condition on kms:CallerAccount or aws:PrincipalOrgID: "
        "aws kms put-key-policy --key-id KEY_ID --policy-name default --policy file://policy.json"
    ),
    fsbp=("KMS.5",),
)
def key_policy_not_public(ctx: CheckContext) -> Iterator[Finding]:
    return _each_customer_key(ctx, _public_finding)


def _public_finding(ctx: CheckContext, region: str, key: Key) -> Finding:
    try:
        data = ctx.data("kms", "GetKeyPolicy", region, key.key_id)
    except DataUnavailable as missing:
        return ctx.error(key.arn, missing.reason, region)
    try:
        policy = parse_policy(data.get("Policy", ""), name=key.arn)
    except PolicyError as exc:
        return ctx.error(key.arn, f"could not assess: invalid key policy: {exc}", region)
    strangers = _strangers(ctx.account_id)
    for action in _PUBLIC_PROBE_ACTIONS:
        # {"AWS": "*"} and "*" admit both probe callers, so the reason names
        # every caller the action is open to rather than the first found.
        allowed = [
            label
            for label, principal, context in strangers
            if evaluate_policy(
                policy,
                Request(
                    action=action,
                    resource=key.arn,
                    principal=principal,
                    context=context,
                    resource_account=ctx.account_id,
                ),
            ).allowed
        ]
        if allowed:
            return ctx.failed(
                key.arn, f"key policy allows {action} to {' or '.join(allowed)}", region
            )
    return ctx.passed(key.arn, "key policy allows no anonymous caller or unknown account", region)


def _strangers(account_id: str) -> list[tuple[str, Principal, dict[str, str]]]:
    """Return the probe callers: a role in an unknown account, and anonymous.

    An authenticated request always carries the caller's ARN and account,
    so the probe sets them: a policy may open the key to any caller whose
    ARN matches a wildcard pattern.
    """
    foreign = next(a for a in _PROBE_ACCOUNTS if a != account_id)
    probe_arn = f"arn:aws:iam::{foreign}:role/seawall-public-access-probe"
    context = {
        "aws:PrincipalArn": probe_arn,
        "aws:PrincipalAccount": foreign,
        "kms:CallerAccount": foreign,
    }
    return [
        ("any AWS account", Principal.aws(probe_arn), context),
        ("anonymous callers", Principal.anonymous(), {}),
    ]


@check(
    id="kms.iam_decrypt_all_keys",
    title="IAM policies do not allow decryption with every KMS key",
    severity=Severity.MEDIUM,
    practice=Practice.KMS,
    permissions=("iam:GetAccountAuthorizationDetails",),
    risk=(
        "An identity allowed kms:Decrypt or kms:ReEncryptFrom on every key can read any data "
        "that a key policy lets the account use, far beyond what its task needs."
    ),
    remediation=(
        'Name the keys in the statement: {"Effect": "Allow", "Action": "kms:Decrypt", '
        '"Resource": "arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID"}, then '
        "aws iam create-policy-version --policy-arn POLICY_ARN --policy-document "
        "file://policy.json --set-as-default"
    ),
    fsbp=("KMS.1", "KMS.2"),
)
def iam_decrypt_all_keys(ctx: CheckContext) -> Iterator[Finding]:
    details = ctx.data("iam", "GetAccountAuthorizationDetails")
    sources = list(iam_policy_sources(details))
    if not sources:
        yield ctx.not_applicable(
            ctx.snapshot.account_arn, "no customer-managed or inline IAM policies"
        )
        return
    probe_key = (
        f"arn:{ctx.snapshot.partition}:kms:{ctx.snapshot.home_region}:"
        f"{ctx.account_id}:key/{_PROBE_KEY_ID}"
    )
    for source in sources:
        yield _decrypt_finding(ctx, source, probe_key)


def _decrypt_finding(ctx: CheckContext, source: PolicySource, probe_key: str) -> Finding:
    # Policy name -> the decrypt actions it allows on every key.
    unconditional: dict[str, list[str]] = {}
    conditional: dict[str, list[str]] = {}
    for name, document in source.documents:
        if document is None:
            return ctx.error(
                source.arn, f"could not assess: the document of {name!r} was not collected"
            )
        try:
            policy = parse_policy(document, name=name)
        except PolicyError as exc:
            return ctx.error(
                source.arn, f"could not assess: invalid policy document {name!r}: {exc}"
            )
        for action in _DECRYPT_ACTIONS:
            if _allows(policy, action, probe_key):
                unconditional.setdefault(name, []).append(action)
            elif _allows(strip_conditions(policy), action, probe_key):
                conditional.setdefault(name, []).append(action)
    if unconditional:
        return ctx.failed(
            source.arn, f"allows decryption on all KMS keys: {_by_policy(unconditional)}"
        )
    if conditional:
        return ctx.passed(
            source.arn,
            f"allows decryption on all KMS keys only under conditions: {_by_policy(conditional)}",
        )
    return ctx.passed(source.arn, "no statement allows decryption on all KMS keys")


def _by_policy(actions: dict[str, list[str]]) -> str:
    """Format {"p": ["kms:Decrypt", "kms:ReEncryptFrom"]} as "p: kms:Decrypt, kms:ReEncryptFrom"."""
    return "; ".join(f"{name}: {', '.join(found)}" for name, found in actions.items())


def _allows(policy: Policy, action: str, resource: str) -> bool:
    return evaluate_policy(policy, Request(action=action, resource=resource)).allowed


@check(
    id="kms.key_pending_deletion",
    title="Customer-managed KMS keys are not scheduled for deletion",
    severity=Severity.MEDIUM,
    practice=Practice.KMS,
    permissions=("kms:ListKeys", "kms:DescribeKey"),
    risk=(
        "Once the waiting period ends the key material is destroyed, and data encrypted under "
        "the key can never be decrypted again."
    ),
    remediation=(
        "aws kms cancel-key-deletion --key-id KEY_ID && aws kms enable-key --key-id KEY_ID"
    ),
    fsbp=("KMS.3",),
)
def key_pending_deletion(ctx: CheckContext) -> Iterator[Finding]:
    return _each_customer_key(ctx, _deletion_finding)


def _deletion_finding(ctx: CheckContext, region: str, key: Key) -> Finding:
    if key.state in ("PendingDeletion", "PendingReplicaDeletion"):
        when = key.metadata.get("DeletionDate")
        suffix = f" on {when}" if when else ""
        return ctx.failed(key.arn, f"key is scheduled for deletion{suffix}", region)
    return ctx.passed(key.arn, f"key is {key.state}", region)
