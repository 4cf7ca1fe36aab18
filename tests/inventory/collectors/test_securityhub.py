from __future__ import annotations

from collections.abc import Callable

import boto3
import pytest

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.securityhub import collect_securityhub

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]


@pytest.mark.parametrize(
    ("enable", "hub_status"),
    [
        pytest.param(True, "ok", id="enabled"),
        pytest.param(False, "not_enabled", id="not-subscribed"),
    ],
)
def test_securityhub_records(
    session: boto3.Session, ctx: CollectContext, statuses: Statuses, enable: bool, hub_status: str
) -> None:
    if enable:
        session.client("securityhub", region_name=REGION).enable_security_hub(
            EnableDefaultStandards=False
        )

    collect_securityhub(ctx, REGION)

    # moto 5.2.5 does not implement GetEnabledStandards.
    assert statuses() == {
        ("securityhub", REGION, "DescribeHub", ""): hub_status,
        ("securityhub", REGION, "GetEnabledStandards", ""): "not_implemented",
    }


def test_securityhub_hub_arn(session: boto3.Session, ctx: CollectContext) -> None:
    session.client("securityhub", region_name=REGION).enable_security_hub()

    collect_securityhub(ctx, REGION)

    record = ctx.snapshot.get("securityhub", "DescribeHub", REGION)
    assert record is not None
    assert record.data["HubArn"] == "arn:aws:securityhub:us-east-1:123456789012:hub/default"


def test_securityhub_denied(
    ctx: CollectContext, deny: Callable[[str, str], None], statuses: Statuses
) -> None:
    deny("securityhub", "DescribeHub")
    deny("securityhub", "GetEnabledStandards")

    collect_securityhub(ctx, REGION)

    assert statuses() == {
        ("securityhub", REGION, "DescribeHub", ""): "access_denied",
        ("securityhub", REGION, "GetEnabledStandards", ""): "access_denied",
    }
