from __future__ import annotations

from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.guardduty import collect_guardduty

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]


def test_guardduty_records_per_detector(
    session: boto3.Session, ctx: CollectContext, statuses: Statuses
) -> None:
    detector_id = session.client("guardduty", region_name=REGION).create_detector(
        Enable=True, DataSources={"S3Logs": {"Enable": True}}
    )["DetectorId"]

    collect_guardduty(ctx, REGION)

    # moto 5.2.5 does not implement GetFindingsStatistics.
    assert statuses() == {
        ("guardduty", REGION, "ListDetectors", ""): "ok",
        ("guardduty", REGION, "GetDetector", detector_id): "ok",
        ("guardduty", REGION, "GetFindingsStatistics", detector_id): "not_implemented",
    }
    detector = ctx.snapshot.get("guardduty", "GetDetector", REGION, detector_id)
    assert detector is not None
    assert detector.data["Status"] == "ENABLED"
    assert detector.data["DataSources"]["S3Logs"]["Status"] == "ENABLED"


def test_guardduty_without_detector(ctx: CollectContext, statuses: Statuses) -> None:
    collect_guardduty(ctx, REGION)

    assert statuses() == {("guardduty", REGION, "ListDetectors", ""): "ok"}


def test_guardduty_denied_get_detector(
    session: boto3.Session,
    ctx: CollectContext,
    deny: Callable[[str, str], None],
    statuses: Statuses,
) -> None:
    detector_id = session.client("guardduty", region_name=REGION).create_detector(Enable=True)[
        "DetectorId"
    ]
    deny("guardduty", "GetDetector")
    deny("guardduty", "GetFindingsStatistics")

    collect_guardduty(ctx, REGION)

    assert statuses() == {
        ("guardduty", REGION, "ListDetectors", ""): "ok",
        ("guardduty", REGION, "GetDetector", detector_id): "access_denied",
        ("guardduty", REGION, "GetFindingsStatistics", detector_id): "access_denied",
    }
