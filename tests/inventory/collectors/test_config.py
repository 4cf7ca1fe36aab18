from __future__ import annotations

from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.config import collect_config

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
OPERATIONS = (
    "DescribeConfigurationRecorders",
    "DescribeConfigurationRecorderStatus",
    "DescribeDeliveryChannels",
)


def _start_recorder(session: boto3.Session) -> None:
    session.client("s3", region_name=REGION).create_bucket(Bucket="config-delivery")
    config = session.client("config", region_name=REGION)
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": "arn:aws:iam::123456789012:role/config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(
        DeliveryChannel={"name": "default", "s3BucketName": "config-delivery"}
    )
    config.start_configuration_recorder(ConfigurationRecorderName="default")


def test_config_records(session: boto3.Session, ctx: CollectContext, statuses: Statuses) -> None:
    _start_recorder(session)

    collect_config(ctx, REGION)

    assert statuses() == {("config", REGION, operation, ""): "ok" for operation in OPERATIONS}
    status = ctx.snapshot.get("config", "DescribeConfigurationRecorderStatus", REGION)
    assert status is not None
    assert status.data["ConfigurationRecordersStatus"][0]["recording"] is True
    channels = ctx.snapshot.get("config", "DescribeDeliveryChannels", REGION)
    assert channels is not None
    assert channels.data["DeliveryChannels"][0]["s3BucketName"] == "config-delivery"


def test_config_denied(
    ctx: CollectContext, deny: Callable[[str, str], None], statuses: Statuses
) -> None:
    deny("config", "DescribeConfigurationRecorders")

    collect_config(ctx, REGION)

    assert statuses() == {
        ("config", REGION, "DescribeConfigurationRecorders", ""): "access_denied",
        ("config", REGION, "DescribeConfigurationRecorderStatus", ""): "ok",
        ("config", REGION, "DescribeDeliveryChannels", ""): "ok",
    }
