"""CloudWatch Logs metric filters, per region."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "logs"


@collector(SERVICE, "regional")
def collect_logs(ctx: CollectContext, region: str) -> None:
    ctx.call(SERVICE, "DescribeMetricFilters", region=region, paginate=True)
