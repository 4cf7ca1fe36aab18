"""S3 buckets and their access, encryption, versioning and logging settings.

Bucket calls are recorded under region ``global``: one client serves all
buckets because botocore's S3 client follows the region redirect of a
bucket in another region.
"""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector
from seawall.inventory.snapshot import GLOBAL

SERVICE = "s3"

_BUCKET_OPERATIONS = (
    "GetBucketLocation",
    "GetBucketPolicy",
    "GetBucketPolicyStatus",
    "GetBucketAcl",
    "GetPublicAccessBlock",
    "GetBucketEncryption",
    "GetBucketVersioning",
    "GetBucketLogging",
)


@collector(SERVICE, "global")
def collect_s3(ctx: CollectContext, region: str) -> None:
    buckets = ctx.call(SERVICE, "ListBuckets", region=region)
    if not buckets.ok:
        return
    names = [str(bucket["Name"]) for bucket in buckets.data.get("Buckets", [])]
    ctx.map(lambda name: _collect_bucket(ctx, name), names)


def _collect_bucket(ctx: CollectContext, bucket: str) -> None:
    for operation in _BUCKET_OPERATIONS:
        ctx.call(SERVICE, operation, region=GLOBAL, resource=bucket, params={"Bucket": bucket})
