"""SNS subscriptions, per region (alarm actions need a subscribed topic)."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "sns"


@collector(SERVICE, "regional")
def collect_sns(ctx: CollectContext, region: str) -> None:
    ctx.call(SERVICE, "ListSubscriptions", region=region, paginate=True)
