"""AWS Config recorders, their status and delivery channels, per region."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "config"


@collector(SERVICE, "regional")
def collect_config(ctx: CollectContext, region: str) -> None:
    ctx.call(SERVICE, "DescribeConfigurationRecorders", region=region)
    ctx.call(SERVICE, "DescribeConfigurationRecorderStatus", region=region)
    ctx.call(SERVICE, "DescribeDeliveryChannels", region=region)
