"""CloudTrail trails, their status and event selectors, in each trail's home region."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "cloudtrail"


@collector(SERVICE, "regional")
def collect_cloudtrail(ctx: CollectContext, region: str) -> None:
    # Without shadow trails, each region lists only the trails whose home it
    # is, so a multi-region trail is recorded once, where its status lives.
    trails = ctx.call(
        SERVICE, "DescribeTrails", region=region, params={"includeShadowTrails": False}
    )
    if not trails.ok:
        return
    arns = [
        str(trail["TrailARN"])
        for trail in trails.data.get("trailList", [])
        if trail.get("HomeRegion", region) == region
    ]
    ctx.map(lambda arn: _collect_trail(ctx, region, arn), arns)


def _collect_trail(ctx: CollectContext, region: str, arn: str) -> None:
    ctx.call(SERVICE, "GetTrailStatus", region=region, resource=arn, params={"Name": arn})
    ctx.call(SERVICE, "GetEventSelectors", region=region, resource=arn, params={"TrailName": arn})
