from __future__ import annotations

from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.cloudtrail import collect_cloudtrail

REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]


def _create_trails(session: boto3.Session) -> dict[str, str]:
    session.client("s3", region_name=REGION).create_bucket(Bucket="trail-logs")
    cloudtrail = session.client("cloudtrail", region_name=REGION)
    multi = cloudtrail.create_trail(
        Name="org-trail",
        S3BucketName="trail-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
    )["TrailARN"]
    single = cloudtrail.create_trail(Name="local-trail", S3BucketName="trail-logs")["TrailARN"]
    cloudtrail.start_logging(Name=multi)
    return {"multi": multi, "single": single}


def test_cloudtrail_home_region(
    session: boto3.Session, ctx: CollectContext, statuses: Statuses
) -> None:
    trails = _create_trails(session)

    collect_cloudtrail(ctx, REGION)
    collect_cloudtrail(ctx, OTHER_REGION)

    assert statuses() == {
        ("cloudtrail", REGION, "DescribeTrails", ""): "ok",
        ("cloudtrail", OTHER_REGION, "DescribeTrails", ""): "ok",
        **{("cloudtrail", REGION, "GetTrailStatus", arn): "ok" for arn in trails.values()},
        **{("cloudtrail", REGION, "GetEventSelectors", arn): "ok" for arn in trails.values()},
    }
    trail_status = ctx.snapshot.get("cloudtrail", "GetTrailStatus", REGION, trails["multi"])
    assert trail_status is not None
    assert trail_status.data["IsLogging"] is True


def test_cloudtrail_denied_status(
    session: boto3.Session,
    ctx: CollectContext,
    deny: Callable[[str, str], None],
    statuses: Statuses,
) -> None:
    trails = _create_trails(session)
    deny("cloudtrail", "GetTrailStatus")

    collect_cloudtrail(ctx, REGION)

    assert statuses() == {
        ("cloudtrail", REGION, "DescribeTrails", ""): "ok",
        **{
            ("cloudtrail", REGION, "GetTrailStatus", arn): "access_denied"
            for arn in trails.values()
        },
        **{("cloudtrail", REGION, "GetEventSelectors", arn): "ok" for arn in trails.values()},
    }
