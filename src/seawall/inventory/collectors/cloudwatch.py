"""CloudWatch alarms, per region (the monitoring and billing alarm checks read them)."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "cloudwatch"


@collector(SERVICE, "regional")
def collect_cloudwatch(ctx: CollectContext, region: str) -> None:
    ctx.call(SERVICE, "DescribeAlarms", region=region, paginate=True)
