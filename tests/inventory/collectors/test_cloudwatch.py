from __future__ import annotations

from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.cloudwatch import collect_cloudwatch

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]


def test_cloudwatch_alarms(session: boto3.Session, ctx: CollectContext, statuses: Statuses) -> None:
    session.client("cloudwatch", region_name=REGION).put_metric_alarm(
        AlarmName="billing",
        Namespace="AWS/Billing",
        MetricName="EstimatedCharges",
        Statistic="Maximum",
        Period=21600,
        EvaluationPeriods=1,
        Threshold=100.0,
        ComparisonOperator="GreaterThanThreshold",
    )

    collect_cloudwatch(ctx, REGION)

    assert statuses() == {("cloudwatch", REGION, "DescribeAlarms", ""): "ok"}
    record = ctx.snapshot.get("cloudwatch", "DescribeAlarms", REGION)
    assert record is not None
    assert [alarm["MetricName"] for alarm in record.data["MetricAlarms"]] == ["EstimatedCharges"]


def test_cloudwatch_denied(
    ctx: CollectContext, deny: Callable[[str, str], None], statuses: Statuses
) -> None:
    deny("cloudwatch", "DescribeAlarms")

    collect_cloudwatch(ctx, REGION)

    assert statuses() == {("cloudwatch", REGION, "DescribeAlarms", ""): "access_denied"}
