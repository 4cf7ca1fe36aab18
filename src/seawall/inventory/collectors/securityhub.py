"""Security Hub subscription and enabled standards, per region."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "securityhub"


@collector(SERVICE, "regional")
def collect_securityhub(ctx: CollectContext, region: str) -> None:
    # Both calls are recorded even when the hub is not enabled: the
    # classified error of each is the evidence the checks report.
    ctx.call(SERVICE, "DescribeHub", region=region)
    ctx.call(SERVICE, "GetEnabledStandards", region=region, paginate=True)
