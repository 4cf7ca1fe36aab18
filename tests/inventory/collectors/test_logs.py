from __future__ import annotations

from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.logs import collect_logs

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
ROOT_USAGE = '{ $.userIdentity.type = "Root" && $.eventType != "AwsServiceEvent" }'


def test_logs_metric_filters(
    session: boto3.Session, ctx: CollectContext, statuses: Statuses
) -> None:
    logs = session.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="trail")
    logs.put_metric_filter(
        logGroupName="trail",
        filterName="root-usage",
        filterPattern=ROOT_USAGE,
        metricTransformations=[
            {"metricName": "RootUsage", "metricNamespace": "CIS", "metricValue": "1"}
        ],
    )

    collect_logs(ctx, REGION)

    assert statuses() == {("logs", REGION, "DescribeMetricFilters", ""): "ok"}
    record = ctx.snapshot.get("logs", "DescribeMetricFilters", REGION)
    assert record is not None
    assert [f["filterPattern"] for f in record.data["metricFilters"]] == [ROOT_USAGE]


def test_logs_denied(
    ctx: CollectContext, deny: Callable[[str, str], None], statuses: Statuses
) -> None:
    deny("logs", "DescribeMetricFilters")

    collect_logs(ctx, REGION)

    assert statuses() == {("logs", REGION, "DescribeMetricFilters", ""): "access_denied"}
