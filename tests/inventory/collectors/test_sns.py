from __future__ import annotations

from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.sns import collect_sns

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]


def test_sns_subscriptions(session: boto3.Session, ctx: CollectContext, statuses: Statuses) -> None:
    sns = session.client("sns", region_name=REGION)
    topic = sns.create_topic(Name="security-alarms")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="security@example.com")

    collect_sns(ctx, REGION)

    assert statuses() == {("sns", REGION, "ListSubscriptions", ""): "ok"}
    record = ctx.snapshot.get("sns", "ListSubscriptions", REGION)
    assert record is not None
    assert [s["TopicArn"] for s in record.data["Subscriptions"]] == [topic]


def test_sns_denied(
    ctx: CollectContext, deny: Callable[[str, str], None], statuses: Statuses
) -> None:
    deny("sns", "ListSubscriptions")

    collect_sns(ctx, REGION)

    assert statuses() == {("sns", REGION, "ListSubscriptions", ""): "access_denied"}
