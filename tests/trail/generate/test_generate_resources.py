"""Tests for finding resource ARNs in events and scoping actions to them."""

from __future__ import annotations

from typing import Any

import pytest
from generate_samples import ACCOUNT, event

from seawall.policy.catalog import load_catalog
from seawall.trail.generate.resources import (
    EventPlace,
    Scope,
    Unscoped,
    candidate_arns,
    scope_action,
)

CATALOG = load_catalog()
PLACE = EventPlace("aws", "us-east-1", ACCOUNT)
KEY_ARN = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/reader"


@pytest.mark.parametrize(
    ("record", "prefix", "expected"),
    [
        pytest.param(
            event("s3.amazonaws.com", "GetObject", parameters={"bucketName": "b", "key": "d/k"}),
            "s3",
            ["arn:aws:s3:::b", "arn:aws:s3:::b/d/k"],
            id="s3-bucket-key",
        ),
        pytest.param(
            event("kms.amazonaws.com", "Decrypt", resources=[{"ARN": KEY_ARN, "type": "x"}]),
            "kms",
            [KEY_ARN],
            id="resources-list",
        ),
        pytest.param(
            event("sts.amazonaws.com", "AssumeRole", parameters={"roleArn": ROLE}),
            "sts",
            [ROLE],
            id="arn-in-parameters",
        ),
        pytest.param(
            event("dynamodb.amazonaws.com", "GetItem", parameters={"tableName": "orders"}),
            "dynamodb",
            [f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders"],
            id="dynamodb-table",
        ),
        pytest.param(
            event("iam.amazonaws.com", "GetRole", parameters={"roleName": "reader"}),
            "iam",
            [ROLE],
            id="iam-role-name",
        ),
        pytest.param(
            event("ssm.amazonaws.com", "GetParameter", parameters={"name": "/app/db"}),
            "ssm",
            [f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/db"],
            id="ssm-parameter",
        ),
        pytest.param(
            event("secretsmanager.amazonaws.com", "GetSecretValue", parameters={"secretId": "db"}),
            "secretsmanager",
            [f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-??????"],
            id="secret-name",
        ),
        pytest.param(
            event(
                "sqs.amazonaws.com",
                "SendMessage",
                parameters={"queueUrl": f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/jobs"},
            ),
            "sqs",
            [f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs"],
            id="sqs-queue-url",
        ),
        pytest.param(event("ec2.amazonaws.com", "DescribeVpcs"), "ec2", [], id="nothing"),
    ],
)
def test_candidate_arns(record: dict[str, Any], prefix: str, expected: list[str]) -> None:
    assert candidate_arns(record, prefix, PLACE) == expected


@pytest.mark.parametrize(
    ("action", "arns", "expected"),
    [
        pytest.param(
            "s3:GetObject",
            ["arn:aws:s3:::b", "arn:aws:s3:::b/k"],
            Scope(arns=("arn:aws:s3:::b/k",)),
            id="object-kept-bucket-dropped",
        ),
        pytest.param(
            "s3:ListBucket",
            ["arn:aws:s3:::b", "arn:aws:s3:::b/k"],
            Scope(arns=("arn:aws:s3:::b",)),
            id="bucket-kept",
        ),
        pytest.param(
            "s3:ListAllMyBuckets",
            ["arn:aws:s3:::b"],
            Scope(unscoped=Unscoped.NO_RESOURCE_TYPE),
            id="no-resource-type",
        ),
        pytest.param(
            "kms:Decrypt", [], Scope(unscoped=Unscoped.NO_ARN), id="no-arn-for-required-type"
        ),
        pytest.param(
            "ec2:RunInstances",
            [f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-1"],
            Scope(unscoped=Unscoped.NO_ARN),
            id="required-types-missing",
        ),
        pytest.param("sts:AssumeRole", [ROLE], Scope(arns=(ROLE,)), id="role-for-sts"),
        pytest.param(
            "lambda:CreateFunction", [ROLE], Scope(unscoped=Unscoped.NO_ARN), id="role-not-function"
        ),
    ],
)
def test_scope_action(action: str, arns: list[str], expected: Scope) -> None:
    found = CATALOG.action(action)
    assert found is not None

    assert scope_action(CATALOG, found, arns) == expected
