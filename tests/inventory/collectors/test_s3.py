from __future__ import annotations

import json
from collections.abc import Callable

import boto3
import pytest

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.s3 import collect_s3

Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
BUCKET_OPERATIONS = (
    "GetBucketLocation",
    "GetBucketPolicy",
    "GetBucketPolicyStatus",
    "GetBucketAcl",
    "GetPublicAccessBlock",
    "GetBucketEncryption",
    "GetBucketVersioning",
    "GetBucketLogging",
)
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::public-site/*",
        }
    ],
}


def _create_buckets(session: boto3.Session) -> None:
    s3 = session.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="bare")
    s3.create_bucket(
        Bucket="public-site", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    s3.put_bucket_policy(Bucket="public-site", Policy=json.dumps(PUBLIC_READ))
    s3.put_public_access_block(
        Bucket="public-site",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )
    s3.put_bucket_encryption(
        Bucket="public-site",
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    s3.put_bucket_versioning(Bucket="public-site", VersioningConfiguration={"Status": "Enabled"})


@pytest.mark.parametrize(
    ("bucket", "unset"),
    [
        pytest.param(
            "bare",
            {
                "GetBucketPolicy",
                "GetBucketPolicyStatus",
                "GetPublicAccessBlock",
                "GetBucketEncryption",
            },
            id="bare",
        ),
        pytest.param("public-site", set(), id="configured"),
    ],
)
def test_s3_bucket_statuses(
    session: boto3.Session,
    ctx: CollectContext,
    statuses: Statuses,
    bucket: str,
    unset: set[str],
) -> None:
    _create_buckets(session)

    collect_s3(ctx, "global")

    collected = statuses()
    assert collected["s3", "global", "ListBuckets", ""] == "ok"
    for_bucket = {op: status for (_, _, op, res), status in collected.items() if res == bucket}
    assert for_bucket == {op: "not_found" if op in unset else "ok" for op in BUCKET_OPERATIONS}
    assert len(collected) == 1 + 2 * len(BUCKET_OPERATIONS)


def test_s3_bucket_data(session: boto3.Session, ctx: CollectContext) -> None:
    _create_buckets(session)

    collect_s3(ctx, "global")

    location = ctx.snapshot.get("s3", "GetBucketLocation", "global", "public-site")
    status = ctx.snapshot.get("s3", "GetBucketPolicyStatus", "global", "public-site")
    versioning = ctx.snapshot.get("s3", "GetBucketVersioning", "global", "public-site")
    assert location is not None
    assert status is not None
    assert versioning is not None
    assert location.data["LocationConstraint"] == "eu-west-1"
    assert status.data["PolicyStatus"]["IsPublic"] is True
    assert versioning.data["Status"] == "Enabled"


def test_s3_denied_policy(
    session: boto3.Session,
    ctx: CollectContext,
    deny: Callable[[str, str], None],
    statuses: Statuses,
) -> None:
    _create_buckets(session)
    deny("s3", "GetBucketPolicy")

    collect_s3(ctx, "global")

    collected = statuses()
    assert collected["s3", "global", "GetBucketPolicy", "public-site"] == "access_denied"
    assert collected["s3", "global", "GetBucketPolicy", "bare"] == "access_denied"
    assert collected["s3", "global", "GetBucketAcl", "bare"] == "ok"
