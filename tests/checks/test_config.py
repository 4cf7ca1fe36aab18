"""Tests for the AWS Config check, over Snapshots built in code."""

from __future__ import annotations

from typing import Any

import pytest
from _snapshots_services import CallRecord, failed, ok, region_resource, run, snapshot

import seawall.checks.config  # noqa: F401  (registers the check)
from seawall.aws.outcome import CallStatus

ALL_GROUP = {"allSupported": True, "includeGlobalResourceTypes": True}
CHANNEL = [{"name": "default", "s3BucketName": "config-bucket"}]


def config_records(
    group: dict[str, Any] | None = ALL_GROUP,
    *,
    recording: bool = True,
    channels: list[dict[str, Any]] = CHANNEL,
) -> list[CallRecord]:
    recorders = [] if group is None else [{"name": "default", "recordingGroup": group}]
    statuses = [] if group is None else [{"name": "default", "recording": recording}]
    return [
        ok("config", "DescribeConfigurationRecorders", {"ConfigurationRecorders": recorders}),
        ok(
            "config",
            "DescribeConfigurationRecorderStatus",
            {"ConfigurationRecordersStatus": statuses},
        ),
        ok("config", "DescribeDeliveryChannels", {"DeliveryChannels": channels}),
    ]


PASS_REASON = (
    "recorder 'default' records all resource types, including global ones, and delivers them"
)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(config_records(), ("pass", PASS_REASON), id="complete"),
        pytest.param(
            config_records(
                {
                    "allSupported": False,
                    "includeGlobalResourceTypes": True,
                    "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"},
                }
            ),
            ("pass", PASS_REASON),
            id="recording-strategy",
        ),
        pytest.param(
            config_records({"allSupported": True, "includeGlobalResourceTypes": False}),
            ("fail", "recorder 'default': does not include global resource types"),
            id="no-global-types",
        ),
        pytest.param(
            config_records(
                {"allSupported": False, "resourceTypes": ["AWS::S3::Bucket"]},
                recording=False,
                channels=[],
            ),
            (
                "fail",
                "recorder 'default': does not record all supported resource types; "
                "does not include global resource types; recording is stopped; "
                "no delivery channel",
            ),
            id="everything-missing",
        ),
        pytest.param(
            config_records(recording=False),
            ("fail", "recorder 'default': recording is stopped"),
            id="stopped",
        ),
        pytest.param(config_records(None), ("fail", "no configuration recorder"), id="none"),
        pytest.param(
            [
                failed(
                    "config",
                    "DescribeConfigurationRecorders",
                    CallStatus.NOT_ENABLED,
                    code="OptInRequired",
                )
            ],
            ("fail", "no configuration recorder"),
            id="region-not-enabled",
        ),
        pytest.param(
            [
                config_records()[0],
                failed(
                    "config",
                    "DescribeConfigurationRecorderStatus",
                    CallStatus.ACCESS_DENIED,
                    code="AccessDeniedException",
                ),
                config_records()[2],
            ],
            (
                "error",
                "could not assess: AccessDeniedException on "
                "config:DescribeConfigurationRecorderStatus in us-east-1",
            ),
            id="status-denied",
        ),
    ],
)
def test_recorder_all_resources(records: list[CallRecord], expected: tuple[str, str]) -> None:
    snap = snapshot(*records)
    assert run("config.recorder_all_resources", snap) == [
        (expected[0], region_resource(), expected[1])
    ]
