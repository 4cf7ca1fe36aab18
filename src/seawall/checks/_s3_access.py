"""Access to an S3 bucket: Block Public Access, ACL grants and the bucket policy.

Pure functions, reusable by any check that judges a bucket (the S3 checks,
``cloudtrail.bucket_not_public``). The bucket policy is judged only by
evaluating probe requests with ``seawall.policy``, never by reading its text:
a ``Deny`` with ``"Principal": "*"`` is then correctly seen as a restriction.

Probe requests carry no context keys that a caller cannot set, so a grant
limited by ``aws:SourceVpce``, ``aws:SourceIp``, ``aws:PrincipalOrgID`` or
similar fixed values does not count as open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from seawall.policy import Decision, Policy, Principal, Request, evaluate_policy

PROBE_KEY = "seawall-probe"
PROBE_ROLE = "seawall-probe"

# Actions whose grant to outsiders exposes or endangers the bucket. Object
# actions are probed on object ARNs, the others on the bucket ARN.
OBJECT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
BUCKET_ACTIONS = ("s3:ListBucket", "s3:PutBucketPolicy", "s3:PutBucketAcl")

# A caller chooses HTTPS or HTTP, so a grant conditioned on either is open.
# NOTE: other keys the caller sets freely (aws:Referer, aws:UserAgent) are left
# missing, so a public grant limited by them is not reported as public.
_CALLER_CONTEXTS: tuple[dict[str, Any], ...] = (
    {},
    {"aws:SecureTransport": True},
    {"aws:SecureTransport": False},
)

_ACCOUNT_ID = re.compile(r"^\d{12}$")
_ARN_ACCOUNT = re.compile(r"^arn:[\w-]+:(?:iam|sts)::(\d{12}):")
_PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
}


# --- Block Public Access -----------------------------------------------------


# The API's setting names, in the order the S3 console lists them.
BPA_SETTINGS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)


@dataclass(frozen=True)
class BlockPublicAccess:
    """The four S3 Block Public Access settings; False where unset."""

    block_public_acls: bool = False
    ignore_public_acls: bool = False
    block_public_policy: bool = False
    restrict_public_buckets: bool = False

    @classmethod
    def from_response(cls, data: Mapping[str, Any] | None) -> BlockPublicAccess:
        """Read a GetPublicAccessBlock response (S3 or S3 Control); None means not set."""
        config = (data or {}).get("PublicAccessBlockConfiguration") or {}
        return cls(*(config.get(name) is True for name in BPA_SETTINGS))

    def as_tuple(self) -> tuple[bool, bool, bool, bool]:
        return (
            self.block_public_acls,
            self.ignore_public_acls,
            self.block_public_policy,
            self.restrict_public_buckets,
        )

    def combine(self, other: BlockPublicAccess) -> BlockPublicAccess:
        """Return the effective settings: S3 applies a setting if either level enables it."""
        return BlockPublicAccess(
            *(
                mine or theirs
                for mine, theirs in zip(self.as_tuple(), other.as_tuple(), strict=True)
            )
        )

    def disabled(self) -> list[str]:
        """Return the API names of the settings that are off."""
        return [name for name, on in zip(BPA_SETTINGS, self.as_tuple(), strict=True) if not on]

    @property
    def neutralizes_public_policy(self) -> bool:
        # Only RestrictPublicBuckets limits an existing public policy. According
        # to the S3 API reference, BlockPublicPolicy only rejects new
        # PutBucketPolicy calls and does not affect a stored policy.
        return self.restrict_public_buckets

    @property
    def neutralizes_public_acls(self) -> bool:
        # BlockPublicAcls likewise only rejects new public ACLs.
        return self.ignore_public_acls


def effective_block_public_access(
    account: Mapping[str, Any] | None, bucket: Mapping[str, Any] | None
) -> BlockPublicAccess:
    """Combine the account and bucket GetPublicAccessBlock responses (None: not set)."""
    return BlockPublicAccess.from_response(account).combine(BlockPublicAccess.from_response(bucket))


# --- ACL ---------------------------------------------------------------------


def public_acl_grants(acl: Mapping[str, Any]) -> list[str]:
    """Return the ACL grants to everyone, as ``AllUsers READ``, from a GetBucketAcl response."""
    found = []
    for grant in acl.get("Grants", []):
        grantee = grant.get("Grantee", {})
        group = _PUBLIC_GROUPS.get(str(grantee.get("URI", "")))
        if grantee.get("Type") == "Group" and group is not None:
            found.append(f"{group} {grant.get('Permission', '?')}")
    return found


# --- Probe requests ----------------------------------------------------------


@dataclass(frozen=True)
class BucketProbe:
    """The bucket a policy belongs to, and the account that owns it."""

    bucket: str
    owner_account: str
    partition: str = "aws"

    @property
    def bucket_arn(self) -> str:
        return f"arn:{self.partition}:s3:::{self.bucket}"

    def object_arns(self, policy: Policy) -> list[str]:
        """Return object ARNs to probe: a fixed key plus one per key pattern in the policy.

        A grant limited to ``bucket/public/*`` misses a fixed probe key, so
        each object pattern the policy names is turned into a concrete key.
        """
        prefix = self.bucket_arn + "/"
        arns = [prefix + PROBE_KEY]
        for statement in policy.statements:
            for pattern in statement.resources or ():
                if pattern.startswith(prefix):
                    concrete = pattern.replace("*", PROBE_KEY).replace("?", "x")
                    if concrete not in arns:
                        arns.append(concrete)
        return arns

    def role(self, account: str) -> Principal:
        return Principal.aws(f"arn:{self.partition}:iam::{account}:role/{PROBE_ROLE}")

    def own_principal(self) -> Principal:
        return self.role(self.owner_account)

    def outside_account(self, policy: Policy) -> str:
        """Return an account id that neither owns the bucket nor is named in the policy."""
        taken = {self.owner_account, *named_accounts(policy)}
        candidate = 999999999999
        while f"{candidate:012d}" in taken:
            candidate -= 1
        return f"{candidate:012d}"


def _context(principal: Principal, extra: Mapping[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = dict(extra)
    if principal.account is not None:
        context.setdefault("aws:PrincipalAccount", principal.account)
        context.setdefault("aws:PrincipalArn", principal.identifier)
    return context


def _allowed_actions(
    policy: Policy,
    probe: BucketProbe,
    principal: Principal,
    contexts: Sequence[Mapping[str, Any]] = _CALLER_CONTEXTS,
) -> list[str]:
    """Return the probe actions the policy alone allows ``principal`` under any context."""
    allowed = []
    targets = [(action, probe.object_arns(policy)) for action in OBJECT_ACTIONS]
    targets += [(action, [probe.bucket_arn]) for action in BUCKET_ACTIONS]
    for action, resources in targets:
        if any(
            evaluate_policy(
                policy,
                Request(
                    action=action,
                    resource=resource,
                    principal=principal,
                    context=_context(principal, context),
                    resource_account=probe.owner_account,
                ),
            ).decision
            is Decision.ALLOWED
            for resource in resources
            for context in contexts
        ):
            allowed.append(action)
    return allowed


# --- Public and cross-account grants -------------------------------------------


def public_policy_grants(policy: Policy, probe: BucketProbe) -> list[str]:
    """Return the probe actions the policy allows to anyone.

    "Anyone" is an anonymous caller or a principal of an account the policy
    does not name. The result ignores Block Public Access.
    """
    anonymous = _allowed_actions(policy, probe, Principal.anonymous())
    stranger = _allowed_actions(policy, probe, probe.role(probe.outside_account(policy)))
    return [a for a in (*OBJECT_ACTIONS, *BUCKET_ACTIONS) if a in anonymous or a in stranger]


def named_accounts(policy: Policy) -> list[str]:
    """Return the account ids in the AWS principals of the policy's Allow statements."""
    found: list[str] = []
    for statement in policy.statements:
        if statement.effect != "Allow" or statement.principal is None:
            continue
        for value in statement.principal.aws:
            account = _account_of(value)
            if account is not None and account not in found:
                found.append(account)
    return found


def foreign_account_grants(policy: Policy, probe: BucketProbe) -> dict[str, list[str]]:
    """Return, per other account named in the policy, the probe actions it is allowed.

    Each AWS principal named in an Allow statement is probed as itself, so
    a grant to one role of another account is found.
    """
    grants: dict[str, list[str]] = {}
    for value in _named_principals(policy):
        account = _account_of(value)
        if account is None or account == probe.owner_account:
            continue
        try:
            principal = Principal.aws(value)
        except ValueError:
            # A unique id left by a deleted principal can no longer be used.
            continue
        for action in _allowed_actions(policy, probe, principal):
            actions = grants.setdefault(account, [])
            if action not in actions:
                actions.append(action)
    return grants


def _named_principals(policy: Policy) -> Iterable[str]:
    for statement in policy.statements:
        if statement.effect == "Allow" and statement.principal is not None:
            yield from statement.principal.aws


def _account_of(value: str) -> str | None:
    text = value.strip()
    if _ACCOUNT_ID.match(text):
        return text
    found = _ARN_ACCOUNT.match(text)
    return found.group(1) if found else None


# --- Required denies ---------------------------------------------------------


def insecure_transport_gaps(policy: Policy, probe: BucketProbe) -> dict[str, list[str]]:
    """Map each caller to the plain-HTTP actions the policy does not explicitly deny it.

    Probes s3:GetObject and s3:PutObject with ``aws:SecureTransport`` false,
    from the bucket's own account and from another account. Callers with no
    gap are left out.
    """
    callers = (
        ("the bucket's account", probe.own_principal()),
        ("other accounts", probe.role(probe.outside_account(policy))),
    )
    gaps: dict[str, list[str]] = {}
    for label, principal in callers:
        for action in ("s3:GetObject", "s3:PutObject"):
            if not _denies_everywhere(
                policy, probe, principal, action, {"aws:SecureTransport": False}
            ):
                gaps.setdefault(label, []).append(action)
    return gaps


def unencrypted_put_gaps(policy: Policy, probe: BucketProbe) -> list[str]:
    """Return the PutObject encryption headers the policy does not explicitly deny.

    Probes over HTTPS from the bucket's own account, so a deny of plain
    HTTP cannot stand in for a deny of unencrypted uploads.
    """
    cases: tuple[tuple[str, dict[str, Any]], ...] = (
        ("no encryption header", {}),
        ("AES256", {"s3:x-amz-server-side-encryption": "AES256"}),
    )
    return [
        label
        for label, headers in cases
        if not _denies_everywhere(
            policy,
            probe,
            probe.own_principal(),
            "s3:PutObject",
            {"aws:SecureTransport": True, **headers},
        )
    ]


def _denies_everywhere(
    policy: Policy,
    probe: BucketProbe,
    principal: Principal,
    action: str,
    context: Mapping[str, Any],
) -> bool:
    return all(
        evaluate_policy(
            policy,
            Request(
                action=action,
                resource=resource,
                principal=principal,
                context=_context(principal, context),
                resource_account=probe.owner_account,
            ),
        ).decision
        is Decision.EXPLICIT_DENY
        for resource in probe.object_arns(policy)
    )
