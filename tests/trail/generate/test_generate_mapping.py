"""Tests for the eventSource/eventName to IAM action mapping."""

from __future__ import annotations

import pytest

from seawall.policy.catalog import load_catalog
from seawall.trail.generate.mapping import map_event, source_prefix, strip_version_suffix

CATALOG = load_catalog()


@pytest.mark.parametrize(
    ("source", "name", "expected"),
    [
        pytest.param("s3.amazonaws.com", "GetObject", ("s3:GetObject",), id="same-name"),
        pytest.param("s3.amazonaws.com", "getobject", ("s3:GetObject",), id="any-case"),
        pytest.param(
            "s3.amazonaws.com", "ListBuckets", ("s3:ListAllMyBuckets",), id="list-buckets"
        ),
        pytest.param("s3.amazonaws.com", "HeadObject", ("s3:GetObject",), id="head-object"),
        pytest.param("s3.amazonaws.com", "HeadBucket", ("s3:ListBucket",), id="head-bucket"),
        pytest.param("s3.amazonaws.com", "ListObjects", ("s3:ListBucket",), id="list-objects"),
        pytest.param("s3.amazonaws.com", "ListObjectsV2", ("s3:ListBucket",), id="list-objects-v2"),
        pytest.param(
            "s3.amazonaws.com",
            "GetBucketEncryption",
            ("s3:GetEncryptionConfiguration",),
            id="get-bucket-encryption",
        ),
        pytest.param(
            "s3.amazonaws.com",
            "PutBucketEncryption",
            ("s3:PutEncryptionConfiguration",),
            id="put-bucket-encryption",
        ),
        pytest.param(
            "s3.amazonaws.com",
            "DeleteBucketLifecycle",
            ("s3:PutLifecycleConfiguration",),
            id="delete-bucket-lifecycle",
        ),
        pytest.param("s3.amazonaws.com", "GetBucketCors", ("s3:GetBucketCORS",), id="bucket-cors"),
        pytest.param(
            "s3.amazonaws.com", "CopyObject", ("s3:GetObject", "s3:PutObject"), id="copy-object"
        ),
        pytest.param(
            "kms.amazonaws.com",
            "ReEncrypt",
            ("kms:ReEncryptFrom", "kms:ReEncryptTo"),
            id="kms-reencrypt",
        ),
        pytest.param(
            "lambda.amazonaws.com",
            "CreateFunction20150331",
            ("lambda:CreateFunction",),
            id="lambda-dated",
        ),
        pytest.param(
            "lambda.amazonaws.com",
            "UpdateFunctionCode20150331v2",
            ("lambda:UpdateFunctionCode",),
            id="lambda-dated-v2",
        ),
        pytest.param(
            "cloudfront.amazonaws.com",
            "CreateInvalidation2019_03_26",
            ("cloudfront:CreateInvalidation",),
            id="cloudfront-dated",
        ),
        pytest.param(
            "monitoring.amazonaws.com",
            "DescribeAlarms",
            ("cloudwatch:DescribeAlarms",),
            id="monitoring-source",
        ),
        pytest.param("email.amazonaws.com", "SendEmail", ("ses:SendEmail",), id="email-source"),
        pytest.param(
            "servicecatalog-appregistry.amazonaws.com",
            "ListApplications",
            ("servicecatalog:ListApplications",),
            id="appregistry-source",
        ),
        pytest.param("ec2.amazonaws.com", "NoSuchCall", (), id="unknown-name"),
        pytest.param("nosuch.amazonaws.com", "GetThing", (), id="unknown-source"),
        pytest.param("", "GetObject", (), id="empty-source"),
    ],
)
def test_map_event_actions(source: str, name: str, expected: tuple[str, ...]) -> None:
    assert map_event(CATALOG, source, name).actions == expected


@pytest.mark.parametrize(
    ("source", "name", "reason"),
    [
        pytest.param(
            "sts.amazonaws.com",
            "GetCallerIdentity",
            "sts:GetCallerIdentity needs no permission",
            id="get-caller-identity",
        ),
        pytest.param(
            "signin.amazonaws.com",
            "ConsoleLogin",
            "console sign-in is not authorized by identity policies",
            id="console-login",
        ),
    ],
)
def test_map_event_no_permission(source: str, name: str, reason: str) -> None:
    mapping = map_event(CATALOG, source, name)

    assert mapping.actions == ()
    assert mapping.no_permission == reason
    assert mapping.mapped


def test_unknown_event_is_unmapped() -> None:
    assert not map_event(CATALOG, "ec2.amazonaws.com", "NoSuchCall").mapped


@pytest.mark.parametrize(
    ("source", "prefix"),
    [
        pytest.param("s3.amazonaws.com", "s3", id="plain"),
        pytest.param("monitoring.amazonaws.com", "cloudwatch", id="table"),
        pytest.param("streams.dynamodb.amazonaws.com", "dynamodb", id="streams"),
        pytest.param("custom-source", "custom-source", id="no-suffix"),
    ],
)
def test_source_prefix(source: str, prefix: str) -> None:
    assert source_prefix(source) == prefix


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        pytest.param("GetFunction20150331v2", "GetFunction", id="lambda-v2"),
        pytest.param("ListObjectsV2", "ListObjectsV2", id="no-date"),
        pytest.param("GetDistribution2020_05_31", "GetDistribution", id="underscored"),
    ],
)
def test_strip_version_suffix(name: str, stripped: str) -> None:
    assert strip_version_suffix(name) == stripped
