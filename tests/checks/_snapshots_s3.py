"""Builders of S3 records for the S3 check tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from _snapshots_network import ACCOUNT, denied, not_found, ok

from seawall.inventory.snapshot import GLOBAL, CallRecord

BUCKET = "data"
BUCKET_ARN = f"arn:aws:s3:::{BUCKET}"
OBJECTS = f"{BUCKET_ARN}/*"
OTHER_ACCOUNT = "222222222222"
ACCOUNT_ARN = f"arn:aws:iam::{ACCOUNT}:root"

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


def statement(
    effect: str,
    principal: Any,
    action: str | list[str],
    resource: str | list[str] = OBJECTS,
    condition: dict[str, Any] | None = None,
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "Effect": effect,
        "Principal": principal,
        "Action": action,
        "Resource": resource,
    }
    if condition is not None:
        item["Condition"] = condition
    return item


def policy_text(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


DENY_HTTP = statement(
    "Deny",
    "*",
    "s3:*",
    [BUCKET_ARN, OBJECTS],
    {"Bool": {"aws:SecureTransport": "false"}},
)
PUBLIC_READ = statement("Allow", "*", "s3:GetObject")


def bucket_records(
    name: str = BUCKET,
    *,
    policy: str | None = None,
    acl_grants: Sequence[tuple[str, str]] = (),
    block: dict[str, bool] | None = None,
    location: str | None = "eu-west-1",
) -> list[CallRecord]:
    """Return the ListBuckets-independent records of one bucket.

    ``policy`` None means the bucket has no policy; ``block`` None means no
    bucket-level Block Public Access configuration.
    """
    records = [
        ok("s3", "GetBucketLocation", {"LocationConstraint": location}, GLOBAL, name),
        ok(
            "s3",
            "GetBucketAcl",
            {
                "Owner": {"ID": "owner"},
                "Grants": [
                    {"Grantee": {"Type": "Group", "URI": uri}, "Permission": permission}
                    for uri, permission in acl_grants
                ],
            },
            GLOBAL,
            name,
        ),
    ]
    if policy is None:
        records.append(not_found("s3", "GetBucketPolicy", "NoSuchBucketPolicy", resource=name))
    else:
        records.append(ok("s3", "GetBucketPolicy", {"Policy": policy}, GLOBAL, name))
    if block is None:
        records.append(
            not_found(
                "s3", "GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration", resource=name
            )
        )
    else:
        records.append(bpa_record(block, name))
    return records


def bpa_record(settings: dict[str, bool], bucket: str | None = None) -> CallRecord:
    data = {"PublicAccessBlockConfiguration": settings}
    if bucket is None:
        return ok("s3control", "GetPublicAccessBlock", data, GLOBAL)
    return ok("s3", "GetPublicAccessBlock", data, GLOBAL, bucket)


def bpa(**enabled: bool) -> dict[str, bool]:
    names = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
    return {name: enabled.get(name, False) for name in names}


ALL_BLOCKED = bpa(
    BlockPublicAcls=True, IgnorePublicAcls=True, BlockPublicPolicy=True, RestrictPublicBuckets=True
)
NO_ACCOUNT_BPA = not_found(
    "s3control", "GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration"
)
ACCOUNT_BPA_DENIED = denied("s3control", "GetPublicAccessBlock", GLOBAL)


def buckets_record(*names: str) -> CallRecord:
    return ok("s3", "ListBuckets", {"Buckets": [{"Name": n} for n in names]}, GLOBAL)
