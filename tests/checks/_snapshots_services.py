"""Snapshot builders for the KMS, secrets and detection-service check tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from seawall.aws.outcome import CallStatus
from seawall.checks.registry import REGISTRY
from seawall.checks.runner import run_check
from seawall.inventory.snapshot import CallRecord, Snapshot

ACCOUNT = "111122223333"
REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
COLLECTED_AT = "2026-12-04T20:00:00+00:00"
ACCOUNT_ARN = f"arn:aws:iam::{ACCOUNT}:root"

# Obviously fake secret values; no finding or golden may contain them.
FAKE_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
FAKE_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
FAKE_PASSWORD = "hunter2-not-a-real-password"
PLANTED_VALUES = (FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY, FAKE_PASSWORD)

Result = tuple[str, str, str]


def region_resource(region: str = REGION) -> str:
    return f"arn:aws:::{ACCOUNT}/{region}"


def days_ago(days: int) -> str:
    return (dt.datetime.fromisoformat(COLLECTED_AT) - dt.timedelta(days=days)).isoformat()


def ok(
    service: str, operation: str, data: Any, *, region: str = REGION, resource: str = ""
) -> CallRecord:
    return CallRecord(service, operation, region, resource, CallStatus.OK, data)


def failed(
    service: str,
    operation: str,
    status: CallStatus,
    *,
    region: str = REGION,
    resource: str = "",
    code: str | None = None,
) -> CallRecord:
    return CallRecord(service, operation, region, resource, status, None, code, "test failure")


def snapshot(*records: CallRecord, regions: tuple[str, ...] = (REGION,)) -> Snapshot:
    snap = Snapshot(account_id=ACCOUNT, regions=list(regions), collected_at=COLLECTED_AT)
    for record in records:
        snap.add(record)
    return snap


def run(check_id: str, snap: Snapshot) -> list[Result]:
    """Run one registered check and return (status, resource, reason) per finding."""
    findings = run_check(snap, REGISTRY[check_id])
    return [(f.status.value, f.resource, f.reason) for f in findings]


def run_with_regions(check_id: str, snap: Snapshot) -> list[tuple[str, str, str, str]]:
    findings = run_check(snap, REGISTRY[check_id])
    return [(f.status.value, f.resource, f.region, f.reason) for f in findings]
