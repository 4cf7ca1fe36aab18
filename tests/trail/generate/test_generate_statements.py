"""Tests for grouping actions into statements and fitting the size limit."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.trail.generate.observe import ActionUse
from seawall.trail.generate.resources import Unscoped
from seawall.trail.generate.statements import build_policy, policy_size


def use(*arns: str, unscoped: Unscoped | None = None) -> ActionUse:
    return ActionUse(1, dict.fromkeys(arns), {unscoped} if unscoped else set())


@pytest.mark.parametrize(
    ("actions", "statements"),
    [
        pytest.param(
            {
                "s3:ListBucket": use("arn:aws:s3:::b"),
                "s3:GetBucketAcl": use("arn:aws:s3:::b"),
                "s3:ListAllMyBuckets": use(unscoped=Unscoped.NO_RESOURCE_TYPE),
            },
            [
                {
                    "Sid": "S3Statement1",
                    "Effect": "Allow",
                    "Action": ["s3:ListAllMyBuckets"],
                    "Resource": "*",
                },
                {
                    "Sid": "S3Statement2",
                    "Effect": "Allow",
                    "Action": ["s3:GetBucketAcl", "s3:ListBucket"],
                    "Resource": "arn:aws:s3:::b",
                },
            ],
            id="same-resources-share",
        ),
        pytest.param(
            {
                "kms:Decrypt": use(
                    "arn:aws:kms:us-east-1:1:key/b", "arn:aws:kms:us-east-1:1:key/a"
                ),
                "sts:GetSessionToken": use(unscoped=Unscoped.NO_RESOURCE_TYPE),
            },
            [
                {
                    "Sid": "Kms",
                    "Effect": "Allow",
                    "Action": ["kms:Decrypt"],
                    "Resource": ["arn:aws:kms:us-east-1:1:key/a", "arn:aws:kms:us-east-1:1:key/b"],
                },
                {
                    "Sid": "Sts",
                    "Effect": "Allow",
                    "Action": ["sts:GetSessionToken"],
                    "Resource": "*",
                },
            ],
            id="one-sid-per-service",
        ),
        pytest.param(
            {"s3:GetObject": use(*(f"arn:aws:s3:::b/logs/2024/{day}.gz" for day in range(6)))},
            [
                {
                    "Sid": "S3",
                    "Effect": "Allow",
                    "Action": ["s3:GetObject"],
                    "Resource": "arn:aws:s3:::b/logs/2024/*",
                }
            ],
            id="object-keys-to-prefix",
        ),
        pytest.param(
            {"s3:GetObject": use("arn:aws:s3:::b/k", unscoped=Unscoped.NO_ARN)},
            [{"Sid": "S3", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}],
            id="any-unscoped-event-widens",
        ),
        pytest.param(
            {"resource-explorer-2:ListIndexes": use(unscoped=Unscoped.NO_RESOURCE_TYPE)},
            [
                {
                    "Sid": "ResourceExplorer2",
                    "Effect": "Allow",
                    "Action": ["resource-explorer-2:ListIndexes"],
                    "Resource": "*",
                }
            ],
            id="sid-letters-digits",
        ),
    ],
)
def test_build_policy_statements(
    actions: dict[str, ActionUse], statements: list[dict[str, Any]]
) -> None:
    policy = build_policy(actions)

    assert policy.document == {"Version": "2012-10-17", "Statement": statements}
    assert policy.warnings == ()


def many_buckets(prefix: str, count: int) -> dict[str, ActionUse]:
    arns = [f"arn:aws:s3:::{prefix}-bucket-number-{index}" for index in range(count)]
    return {f"s3:GetBucket{name}": use(*arns) for name in ("Acl", "Policy", "Tagging")} | {
        "s3:ListBucket": use(arns[0])
    }


def test_over_limit_widens_resources() -> None:
    actions = many_buckets("data", 40)

    policy = build_policy(actions, limit=600)

    assert policy.size <= 600
    assert policy.document["Statement"] == [
        {
            "Sid": "S3",
            "Effect": "Allow",
            "Action": [
                "s3:GetBucketAcl",
                "s3:GetBucketPolicy",
                "s3:GetBucketTagging",
                "s3:ListBucket",
            ],
            "Resource": "*",
        }
    ]
    assert policy.warnings == (
        's3 actions get Resource "*" to keep the policy within 600 characters',
    )


def test_over_limit_uses_service_wildcard() -> None:
    actions = {f"ec2:Describe{index:03d}": use(unscoped=Unscoped.NO_ARN) for index in range(80)}

    policy = build_policy(actions, limit=300)

    assert policy.document["Statement"] == [
        {"Sid": "Ec2", "Effect": "Allow", "Action": ["ec2:*"], "Resource": "*"}
    ]
    assert policy.warnings == (
        "ec2 actions are replaced by ec2:* to keep the policy within 300 characters",
    )


def test_policy_size_ignores_whitespace() -> None:
    assert policy_size({"Version": "2012-10-17", "Statement": []}) == len(
        '{"Version":"2012-10-17","Statement":[]}'
    )


def test_unscoped_notes() -> None:
    policy = build_policy(
        {
            "kms:Decrypt": use(unscoped=Unscoped.NO_ARN),
            "s3:ListAllMyBuckets": use(unscoped=Unscoped.NO_RESOURCE_TYPE),
        }
    )

    assert policy.notes == (
        'Resource "*" for actions that take no resource type: s3:ListAllMyBuckets',
        'Resource "*" because no event names a resource ARN that these take: kms:Decrypt',
    )
