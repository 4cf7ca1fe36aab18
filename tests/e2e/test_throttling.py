"""Throttling injected over HTTP: retried calls give the clean run's findings."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from seawall.aws.outcome import CallStatus
from seawall.aws.session import ClientFactory, SessionOptions
from seawall.checks.runner import load_checks, run_checks
from seawall.findings.model import Finding, Status
from seawall.inventory.run import run_collection

from .conftest import point_boto3_at
from .faults import FaultLog, throttle_always, throttle_first_attempts
from .fixture_account import REGION
from .test_access_denied import SERVICES

pytestmark = pytest.mark.e2e

OPTIONS = SessionOptions(regions=(REGION,), max_attempts=3)
CHECKS = list(load_checks().values())

FindingKey = tuple[str, str, str, str, str]


def finding_keys(findings: list[Finding]) -> list[FindingKey]:
    return sorted(
        (item.check_id, item.status.value, item.resource, item.region, item.reason)
        for item in findings
    )


@pytest.fixture
def standard_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use botocore's standard retry mode in place of seawall's adaptive one.

    Adaptive mode is standard mode's retries plus a client-side rate
    limiter. After the throttling injected here, the limiter holds each
    client near its minimum of 0.5 requests per second (botocore 1.44,
    ``retries/bucket.py``), which made one collection take 97 s. The retry
    decisions under test are the same in both modes.
    """
    adaptive = ClientFactory.config.fget
    assert adaptive is not None

    def standard(factory: ClientFactory) -> Config:
        retries = {"mode": "standard", "total_max_attempts": factory.options.max_attempts}
        return adaptive(factory).merge(Config(retries=retries))

    monkeypatch.setattr(ClientFactory, "config", property(standard))


@pytest.fixture(scope="module")
def clean_findings(fixture_account: str) -> list[Finding]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_boto3_at(fixture_account, monkeypatch)
        snapshot = run_collection(OPTIONS, session=boto3.Session())
    return run_checks(snapshot, CHECKS)


@pytest.mark.usefixtures("standard_retries")
def test_first_attempts_throttled_same_findings(
    fixture_account: str, clean_findings: list[Finding]
) -> None:
    log = FaultLog()
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_boto3_at(fixture_account, monkeypatch)
        session = boto3.Session()
        throttle_first_attempts(session, [*SERVICES, "sts"], log)
        snapshot = run_collection(OPTIONS, session=session)

    findings = run_checks(snapshot, CHECKS)

    assert finding_keys(findings) == finding_keys(clean_findings)
    assert {entry[0] for entry in log.injected} == {*SERVICES, "sts"}
    assert {entry[2] for entry in log.injected} == {1}
    throttled = [
        item.key for item in snapshot.records.values() if item.status is CallStatus.THROTTLED
    ]
    assert throttled == []


@pytest.mark.usefixtures("standard_retries")
def test_always_throttled_operation_errors(fixture_account: str) -> None:
    log = FaultLog()
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_boto3_at(fixture_account, monkeypatch)
        session = boto3.Session()
        throttle_always(session, "kms", "GetKeyRotationStatus", log)
        snapshot = run_collection(OPTIONS, session=session)

    findings = run_checks(snapshot, CHECKS)

    records = list(snapshot.find("kms", "GetKeyRotationStatus", REGION))
    assert records, "no GetKeyRotationStatus call was recorded"
    assert {item.status for item in records} == {CallStatus.THROTTLED}
    assert {item.error_code for item in records} == {"ThrottlingException"}
    attempts = sorted({entry[2] for entry in log.injected})
    assert attempts == [1, 2, 3]
    rotation = [item for item in findings if item.check_id == "kms.key_rotation_enabled"]
    assert [item for item in rotation if item.status is Status.PASS] == []
    errors = sorted(item.reason for item in rotation if item.status is Status.ERROR)
    assert len(errors) == len(records)
    for reason, record in zip(errors, sorted(records, key=lambda item: item.resource), strict=True):
        assert reason.startswith(
            "could not assess: ThrottlingException on kms:GetKeyRotationStatus "
            f"for {record.resource} in {REGION}"
        )
