"""Tests of the reusable bucket access helpers."""

from __future__ import annotations

from _snapshots_s3 import BUCKET, DENY_HTTP, OTHER_ACCOUNT, PUBLIC_READ, policy_text, statement

from seawall.checks._s3_access import (
    BlockPublicAccess,
    BucketProbe,
    effective_block_public_access,
    named_accounts,
    public_acl_grants,
)
from seawall.policy import parse_policy

PROBE = BucketProbe(BUCKET, "111111111111")


def test_effective_settings_combine_levels() -> None:
    account = {"PublicAccessBlockConfiguration": {"RestrictPublicBuckets": True}}
    bucket = {"PublicAccessBlockConfiguration": {"IgnorePublicAcls": True}}
    settings = effective_block_public_access(account, bucket)
    assert settings == BlockPublicAccess(ignore_public_acls=True, restrict_public_buckets=True)
    assert settings.disabled() == ["BlockPublicAcls", "BlockPublicPolicy"]


def test_unset_settings_are_off() -> None:
    assert effective_block_public_access(None, None).disabled() == [
        "BlockPublicAcls",
        "IgnorePublicAcls",
        "BlockPublicPolicy",
        "RestrictPublicBuckets",
    ]


def test_block_public_policy_alone_keeps_stored_policy() -> None:
    assert not BlockPublicAccess(block_public_policy=True).neutralizes_public_policy
    assert BlockPublicAccess(restrict_public_buckets=True).neutralizes_public_policy


def test_named_accounts_skip_deny_statements() -> None:
    policy = parse_policy(
        policy_text(
            statement("Allow", {"AWS": [OTHER_ACCOUNT, "*"]}, "s3:GetObject"),
            statement("Deny", {"AWS": "arn:aws:iam::333333333333:root"}, "s3:*"),
            DENY_HTTP,
        )
    )
    assert named_accounts(policy) == [OTHER_ACCOUNT]


def test_outside_account_avoids_named_accounts() -> None:
    policy = parse_policy(policy_text(statement("Allow", {"AWS": "999999999999"}, "s3:GetObject")))
    assert PROBE.outside_account(policy) == "999999999998"


def test_object_arns_follow_policy_patterns() -> None:
    policy = parse_policy(
        policy_text(
            PUBLIC_READ, statement("Allow", "*", "s3:GetObject", f"arn:aws:s3:::{BUCKET}/p?/*")
        )
    )
    assert PROBE.object_arns(policy) == [
        f"arn:aws:s3:::{BUCKET}/seawall-probe",
        f"arn:aws:s3:::{BUCKET}/px/seawall-probe",
    ]


def test_acl_grants_to_groups_only() -> None:
    acl = {
        "Grants": [
            {"Grantee": {"Type": "CanonicalUser", "ID": "abc"}, "Permission": "FULL_CONTROL"},
            {
                "Grantee": {
                    "Type": "Group",
                    "URI": "http://acs.amazonaws.com/groups/s3/LogDelivery",
                },
                "Permission": "WRITE",
            },
            {
                "Grantee": {
                    "Type": "Group",
                    "URI": "http://acs.amazonaws.com/groups/global/AllUsers",
                },
                "Permission": "READ_ACP",
            },
        ]
    }
    assert public_acl_grants(acl) == ["AllUsers READ_ACP"]
