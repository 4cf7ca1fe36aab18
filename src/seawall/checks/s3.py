"""S3 checks: Block Public Access, public and cross-account buckets, TLS,
encryption and versioning."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from seawall.checks._s3_access import (
    BlockPublicAccess,
    BucketProbe,
    foreign_account_grants,
    insecure_transport_gaps,
    public_acl_grants,
    public_policy_grants,
    unencrypted_put_gaps,
)
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity
from seawall.inventory.snapshot import GLOBAL
from seawall.policy import Policy, PolicyError, parse_policy

BucketJudge = Callable[[str, str, str], Finding]

_KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


# --- Snapshot access -----------------------------------------------------------


def _bucket_arn(ctx: CheckContext, name: str) -> str:
    return f"arn:{ctx.snapshot.partition}:s3:::{name}"


def _bucket_region(ctx: CheckContext, name: str) -> str:
    """Return the bucket's region, or ``global`` when its location is unknown."""
    found = ctx.snapshot.get("s3", "GetBucketLocation", GLOBAL, name)
    if found is None or not found.ok or not isinstance(found.data, dict):
        return GLOBAL
    constraint = found.data.get("LocationConstraint")
    # Buckets in us-east-1 have no constraint; "EU" is the legacy name of eu-west-1.
    if not constraint:
        return "us-east-1"
    return "eu-west-1" if constraint == "EU" else str(constraint)


def _per_bucket(ctx: CheckContext, judge: BucketJudge) -> Iterator[Finding]:
    """Judge every bucket; data missing for one bucket becomes its ``error`` finding."""
    buckets = ctx.data("s3", "ListBuckets").get("Buckets", [])
    if not buckets:
        yield ctx.not_applicable(ctx.snapshot.account_arn, "the account has no S3 buckets")
    for bucket in buckets:
        name = str(bucket["Name"])
        arn = _bucket_arn(ctx, name)
        region = _bucket_region(ctx, name)
        try:
            yield judge(name, arn, region)
        except DataUnavailable as missing:
            yield ctx.error(arn, missing.reason, region)


def _bucket_policy(ctx: CheckContext, name: str) -> Policy | None:
    """Return the parsed bucket policy, None when the bucket has none."""
    data = ctx.data("s3", "GetBucketPolicy", GLOBAL, name, allow_not_found=True)
    if data is None:
        return None
    try:
        return parse_policy(data.get("Policy", ""), name=f"bucket policy of {name}")
    except PolicyError as invalid:
        raise DataUnavailable(f"could not assess: invalid bucket policy: {invalid}") from invalid


def _probe(ctx: CheckContext, name: str) -> BucketProbe:
    return BucketProbe(name, ctx.account_id, ctx.snapshot.partition)


def _bucket_block(ctx: CheckContext, name: str) -> BlockPublicAccess:
    data = ctx.data("s3", "GetPublicAccessBlock", GLOBAL, name, allow_not_found=True)
    return BlockPublicAccess.from_response(data)


def _account_block(ctx: CheckContext) -> BlockPublicAccess:
    return BlockPublicAccess.from_response(
        ctx.data("s3control", "GetPublicAccessBlock", allow_not_found=True)
    )


def _effective_block(
    ctx: CheckContext, name: str, enough: Callable[[BlockPublicAccess], bool]
) -> tuple[BlockPublicAccess, str]:
    """Return the effective settings and the level that set them.

    The account settings are read only when the bucket settings are not
    ``enough``, so a bucket that blocks by itself is judged even when the
    account settings could not be read.
    """
    bucket = _bucket_block(ctx, name)
    if enough(bucket):
        return bucket, "bucket"
    account = _account_block(ctx)
    if enough(account):
        return account, "account"
    return bucket.combine(account), "bucket and account"


# --- s3.account_public_access_block --------------------------------------------


@check(
    id="s3.account_public_access_block",
    title="S3 Block Public Access is fully enabled for the account",
    severity=Severity.MEDIUM,
    practice=Practice.S3,
    permissions=("s3:GetAccountPublicAccessBlock",),
    risk=(
        "Without the account-wide block, one bucket policy or ACL change can publish "
        "data to the internet, and nothing stops new public buckets."
    ),
    remediation=(
        "aws s3control put-public-access-block --account-id ACCOUNT_ID "
        "--public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
        "BlockPublicPolicy=true,RestrictPublicBuckets=true"
    ),
    cis=("2.1.4",),
    fsbp=("S3.1",),
)
def account_public_access_block(ctx: CheckContext) -> Iterator[Finding]:
    resource = ctx.snapshot.account_arn
    data = ctx.data("s3control", "GetPublicAccessBlock", allow_not_found=True)
    if data is None:
        yield ctx.failed(resource, "no account-level Block Public Access configuration is set")
        return
    off = BlockPublicAccess.from_response(data).disabled()
    if off:
        yield ctx.failed(resource, "account-level settings off: " + ", ".join(off))
    else:
        yield ctx.passed(resource, "all four account-level Block Public Access settings are on")


# --- s3.bucket_public ------------------------------------------------------------


@check(
    id="s3.bucket_public",
    title="S3 buckets are not public through their policy or ACL",
    severity=Severity.CRITICAL,
    practice=Practice.S3,
    permissions=(
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation",
        "s3:GetBucketPolicy",
        "s3:GetBucketAcl",
        "s3:GetBucketPublicAccessBlock",
        "s3:GetAccountPublicAccessBlock",
    ),
    risk=(
        "A bucket whose policy or ACL grants access to everyone can be read, or "
        "written, by anyone on the internet; public buckets are found by scanners "
        "within hours."
    ),
    remediation=(
        "aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration "
        "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,"
        "RestrictPublicBuckets=true; then remove the public statements "
        "(aws s3api put-bucket-policy) and grants (aws s3api put-bucket-acl --acl private). "
        "Serve public content through CloudFront with origin access control instead."
    ),
    fsbp=("S3.2", "S3.3", "S3.8"),
)
def bucket_public(ctx: CheckContext) -> Iterator[Finding]:
    def judge(name: str, arn: str, region: str) -> Finding:
        policy = _bucket_policy(ctx, name)
        policy_grants = public_policy_grants(policy, _probe(ctx, name)) if policy else []
        acl_grants = public_acl_grants(ctx.data("s3", "GetBucketAcl", GLOBAL, name))
        if not policy_grants and not acl_grants:
            return ctx.passed(arn, "neither the policy nor the ACL grants public access", region)

        def blocks_all(settings: BlockPublicAccess) -> bool:
            return (not policy_grants or settings.neutralizes_public_policy) and (
                not acl_grants or settings.neutralizes_public_acls
            )

        settings, level = _effective_block(ctx, name, blocks_all)
        exposed: list[str] = []
        blocked: list[str] = []
        if policy_grants:
            text = "policy allows " + ", ".join(policy_grants) + " to anyone"
            target = blocked if settings.neutralizes_public_policy else exposed
            target.append(text)
        if acl_grants:
            text = "ACL grants " + ", ".join(acl_grants)
            target = blocked if settings.neutralizes_public_acls else exposed
            target.append(text)
        if exposed:
            return ctx.failed(arn, "; ".join(exposed), region)
        return ctx.passed(
            arn, "; ".join(blocked) + f", but {level} Block Public Access neutralizes it", region
        )

    return _per_bucket(ctx, judge)


# --- s3.bucket_deny_http ---------------------------------------------------------

_DENY_HTTP_STATEMENT = (
    '{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", '
    '"Action": "s3:*", "Resource": ["arn:aws:s3:::BUCKET", "arn:aws:s3:::BUCKET/*"], '
    '"Condition": {"Bool": {"aws:SecureTransport": "false"}}}'
)


@check(
    id="s3.bucket_deny_http",
    title="S3 bucket policies deny requests over plain HTTP",
    severity=Severity.MEDIUM,
    practice=Practice.S3,
    permissions=("s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketPolicy"),
    risk=(
        "S3 accepts plain HTTP unless the bucket policy denies it, so data and "
        "request signatures can be read or altered in transit."
    ),
    remediation=(
        "Add this statement to the bucket policy (aws s3api put-bucket-policy --bucket BUCKET "
        "--policy file://policy.json): " + _DENY_HTTP_STATEMENT
    ),
    cis=("2.1.1",),
    fsbp=("S3.5",),
)
def bucket_deny_http(ctx: CheckContext) -> Iterator[Finding]:
    def judge(name: str, arn: str, region: str) -> Finding:
        policy = _bucket_policy(ctx, name)
        if policy is None:
            return ctx.failed(arn, "no bucket policy, so plain HTTP requests are allowed", region)
        gaps = insecure_transport_gaps(policy, _probe(ctx, name))
        if gaps:
            return ctx.failed(arn, _http_gaps_reason(gaps), region)
        return ctx.passed(arn, "policy denies plain-HTTP requests from every account", region)

    return _per_bucket(ctx, judge)


def _http_gaps_reason(gaps: dict[str, list[str]]) -> str:
    """Describe the gaps, naming the callers that share the same open actions together."""
    by_actions: dict[tuple[str, ...], list[str]] = {}
    for caller, actions in gaps.items():
        by_actions.setdefault(tuple(actions), []).append(caller)
    parts = []
    for open_actions, callers in by_actions.items():
        verb = "is" if len(open_actions) == 1 else "are"
        parts.append(
            f"plain-HTTP {' and '.join(open_actions)} {verb} not denied for {' or '.join(callers)}"
        )
    return "; ".join(parts)


# --- s3.bucket_default_encryption_kms ------------------------------------------


@check(
    id="s3.bucket_default_encryption_kms",
    title="S3 buckets encrypt new objects with KMS keys",
    severity=Severity.MEDIUM,
    practice=Practice.S3,
    permissions=(
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation",
        "s3:GetEncryptionConfiguration",
        "s3:GetBucketPolicy",
    ),
    risk=(
        "With SSE-S3 anyone allowed to read an object reads it in the clear; SSE-KMS "
        "adds a key policy as a second gate and logs every decrypt in CloudTrail."
    ),
    remediation=(
        "aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration "
        '\'{"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", '
        '"KMSMasterKeyID": "KEY_ARN"}, "BucketKeyEnabled": true}]}\''
    ),
    fsbp=("S3.17",),
)
def bucket_default_encryption_kms(ctx: CheckContext) -> Iterator[Finding]:
    def judge(name: str, arn: str, region: str) -> Finding:
        data = ctx.data("s3", "GetBucketEncryption", GLOBAL, name, allow_not_found=True)
        algorithms = _default_algorithms(data)
        kms = [a for a in algorithms if a in _KMS_ALGORITHMS]
        if kms:
            return ctx.passed(arn, f"default encryption is {kms[0]}", region)
        current = ", ".join(algorithms) if algorithms else "not configured"
        policy = _bucket_policy(ctx, name)
        if policy is not None and not unencrypted_put_gaps(policy, _probe(ctx, name)):
            return ctx.passed(
                arn,
                f"default encryption is {current}, but the policy denies PutObject without SSE-KMS",
                region,
            )
        return ctx.failed(
            arn,
            f"default encryption is {current}, and no policy denies PutObject without SSE-KMS",
            region,
        )

    return _per_bucket(ctx, judge)


def _default_algorithms(data: dict[str, Any] | None) -> list[str]:
    rules = ((data or {}).get("ServerSideEncryptionConfiguration") or {}).get("Rules", [])
    return [
        str(rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"])
        for rule in rules
        if rule.get("ApplyServerSideEncryptionByDefault")
    ]


# --- s3.bucket_versioning --------------------------------------------------------


@check(
    id="s3.bucket_versioning",
    title="S3 buckets have versioning enabled",
    severity=Severity.LOW,
    practice=Practice.S3,
    permissions=("s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketVersioning"),
    risk=(
        "Without versioning an overwrite or delete, by mistake or by ransomware, "
        "destroys the only copy of an object."
    ),
    remediation=(
        "aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration "
        "Status=Enabled (add MFADelete=Enabled with --mfa, as the root user, to also "
        "require MFA for permanent deletes)"
    ),
    fsbp=("S3.14",),
)
def bucket_versioning(ctx: CheckContext) -> Iterator[Finding]:
    def judge(name: str, arn: str, region: str) -> Finding:
        data = ctx.data("s3", "GetBucketVersioning", GLOBAL, name)
        status = data.get("Status")
        mfa = f"MFA delete is {data.get('MFADelete', 'Disabled')}"
        if status == "Enabled":
            return ctx.passed(arn, f"versioning is Enabled; {mfa}", region)
        if status:
            return ctx.failed(arn, f"versioning is {status}; {mfa}", region)
        return ctx.failed(arn, f"versioning was never enabled; {mfa}", region)

    return _per_bucket(ctx, judge)


# --- s3.bucket_cross_account_access --------------------------------------------


@check(
    id="s3.bucket_cross_account_access",
    title="S3 bucket policies do not grant access to other AWS accounts",
    severity=Severity.HIGH,
    practice=Practice.S3,
    permissions=(
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation",
        "s3:GetBucketPolicy",
        "s3:GetBucketPublicAccessBlock",
        "s3:GetAccountPublicAccessBlock",
    ),
    risk=(
        "Every account a bucket policy trusts can read or change the data under "
        "that account's own controls; a compromised or forgotten partner account "
        "becomes a path to it."
    ),
    remediation=(
        "Remove the other accounts' principals from the bucket policy "
        "(aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json), or "
        "keep only the grants that are needed, limited by aws:PrincipalOrgID or "
        "aws:SourceVpce conditions."
    ),
    fsbp=("S3.6",),
)
def bucket_cross_account_access(ctx: CheckContext) -> Iterator[Finding]:
    # A policy that grants every account is public: s3.bucket_public reports
    # it, and this check then returns not_applicable instead of a second fail.
    def judge(name: str, arn: str, region: str) -> Finding:
        policy = _bucket_policy(ctx, name)
        if policy is None:
            return ctx.passed(arn, "no bucket policy", region)
        probe = _probe(ctx, name)
        grants = foreign_account_grants(policy, probe)
        public = public_policy_grants(policy, probe)
        if not grants and not public:
            return ctx.passed(arn, "policy grants no other account", region)
        if public:
            # RestrictPublicBuckets also blocks the named accounts of a public policy.
            settings, level = _effective_block(ctx, name, lambda s: s.neutralizes_public_policy)
            if settings.neutralizes_public_policy:
                return ctx.passed(
                    arn,
                    f"policy is public, but {level} RestrictPublicBuckets blocks "
                    "every cross-account grant in it",
                    region,
                )
        if grants:
            named = "; ".join(
                f"account {account}: {', '.join(actions)}" for account, actions in grants.items()
            )
            return ctx.failed(arn, "policy grants " + named, region)
        return ctx.not_applicable(
            arn, "policy allows any AWS account, which s3.bucket_public reports", region
        )

    return _per_bucket(ctx, judge)
