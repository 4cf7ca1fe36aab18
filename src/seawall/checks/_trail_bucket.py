"""Whether a trail's S3 bucket is open to the public.

The bucket policy is judged by evaluating requests with seawall.policy:
an anonymous caller and a caller from an unrelated account each ask for
s3:GetObject and s3:ListBucket over HTTPS from an internet address. A
Deny on plain HTTP (``aws:SecureTransport`` false) therefore never makes a
bucket public, and an Allow that applies only inside a VPC endpoint or an
organization does not either. ACL grants to the AllUsers and
AuthenticatedUsers groups count too. S3 Block Public Access, the union of
the account and bucket settings, then takes away what it neutralizes:
RestrictPublicBuckets the policy grants and IgnorePublicAcls the ACL grants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seawall.checks.context import CheckContext, DataUnavailable
from seawall.policy import (
    Policy,
    PolicyError,
    Principal,
    Request,
    evaluate_policy,
    parse_policy,
)

_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "everyone (AllUsers)",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": (
        "every AWS account (AuthenticatedUsers)"
    ),
}
_BPA_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
# An address on the public internet (TEST-NET-3, RFC 5737) for aws:SourceIp.
_INTERNET_IP = "203.0.113.10"
_PROBE_ACCOUNTS = ("210987654321", "109876543210")


@dataclass(frozen=True)
class Exposure:
    """Public grants that take effect after Block Public Access."""

    grants: tuple[str, ...]
    # Grants that exist but Block Public Access neutralizes.
    blocked: tuple[str, ...]


class BucketNotInAccount(Exception):
    """The bucket has no records because another account owns it."""


def require_bucket_in_account(ctx: CheckContext, bucket: str) -> None:
    """Raise BucketNotInAccount unless ListBuckets lists ``bucket``."""
    listed = ctx.data("s3", "ListBuckets")
    names = {str(b.get("Name")) for b in (listed or {}).get("Buckets") or []}
    if bucket not in names:
        raise BucketNotInAccount(bucket)


def bucket_exposure(ctx: CheckContext, bucket: str) -> Exposure:
    """Return the public grants of a bucket, raising DataUnavailable on missing data."""
    block = effective_block_public_access(ctx, bucket)
    policy_grants = _policy_grants(ctx, bucket)
    acl_grants = _acl_grants(ctx, bucket)
    grants: list[str] = []
    blocked: list[str] = []
    (blocked if block["RestrictPublicBuckets"] else grants).extend(policy_grants)
    (blocked if block["IgnorePublicAcls"] else grants).extend(acl_grants)
    return Exposure(tuple(grants), tuple(blocked))


def effective_block_public_access(ctx: CheckContext, bucket: str) -> dict[str, bool]:
    account = ctx.data("s3control", "GetPublicAccessBlock", allow_not_found=True)
    own = ctx.data("s3", "GetPublicAccessBlock", resource=bucket, allow_not_found=True)
    settings = [_bpa(account), _bpa(own)]
    return {flag: any(s.get(flag) is True for s in settings) for flag in _BPA_FLAGS}


def _bpa(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        return {}
    config = data.get("PublicAccessBlockConfiguration")
    return config if isinstance(config, dict) else {}


def _policy_grants(ctx: CheckContext, bucket: str) -> list[str]:
    data = ctx.data("s3", "GetBucketPolicy", resource=bucket, allow_not_found=True)
    text = (data or {}).get("Policy")
    if not text:
        return []
    try:
        policy = parse_policy(text, name=f"bucket policy of {bucket}")
    except PolicyError as exc:
        raise DataUnavailable(
            f"could not assess: the bucket policy of {bucket} is invalid: {exc}"
        ) from exc
    return [grant for grant in _probe(policy, bucket, ctx.account_id) if grant]


def _probe(policy: Policy, bucket: str, account_id: str) -> list[str]:
    foreign = next(a for a in _PROBE_ACCOUNTS if a != account_id)
    callers = (
        ("anyone", Principal.anonymous(), None),
        ("any AWS account", Principal.aws(f"arn:aws:iam::{foreign}:user/probe"), foreign),
    )
    resources = {
        "s3:GetObject": f"arn:aws:s3:::{bucket}/AWSLogs/{account_id}/object",
        "s3:ListBucket": f"arn:aws:s3:::{bucket}",
    }
    grants = []
    for label, principal, caller_account in callers:
        for action, resource in resources.items():
            context: dict[str, str | bool | int | list[str]] = {
                "aws:SecureTransport": True,
                "aws:SourceIp": _INTERNET_IP,
            }
            if caller_account is not None:
                context["aws:PrincipalAccount"] = caller_account
            request = Request(
                action=action,
                resource=resource,
                principal=principal,
                context=context,
                resource_account=account_id,
            )
            result = evaluate_policy(policy, request)
            if result.allowed:
                grants.append(f"bucket policy allows {label} {action}{_statement(result)}")
        if grants:
            # Public to anyone implies public to any account, so report only the wider grant.
            break
    return grants


def _statement(result: Any) -> str:
    for match in result.statements:
        if match.effect == "Allow":
            return (
                f" (statement {match.sid!r})"
                if match.sid
                else f" (statement {match.statement_index})"
            )
    return ""


def _acl_grants(ctx: CheckContext, bucket: str) -> list[str]:
    acl = ctx.data("s3", "GetBucketAcl", resource=bucket) or {}
    grants = []
    for grant in acl.get("Grants") or []:
        grantee = grant.get("Grantee") or {}
        group = _GROUPS.get(str(grantee.get("URI")))
        if group is not None:
            grants.append(f"bucket ACL grants {grant.get('Permission')} to {group}")
    return grants
