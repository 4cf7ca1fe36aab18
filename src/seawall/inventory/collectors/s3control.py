"""The account-level S3 Block Public Access settings."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "s3control"


@collector(SERVICE, "global")
def collect_s3control(ctx: CollectContext, region: str) -> None:
    ctx.call(SERVICE, "GetPublicAccessBlock", region=region, params={"AccountId": ctx.account_id})
