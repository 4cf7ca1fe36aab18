"""The demo account collected over HTTP from a moto_server equals the in-process demo."""

from __future__ import annotations

from collections import Counter

import boto3
import pytest

from seawall.aws.session import SessionOptions
from seawall.checks.runner import load_checks, run_checks
from seawall.demo.names import REGIONS
from seawall.demo.run import build_demo_snapshot
from seawall.findings.model import Finding, Practice, Status
from seawall.inventory.run import run_collection

from .conftest import point_boto3_at

pytestmark = pytest.mark.e2e

# moto_server returns an HTML page with HTTP 500 for operations it lacks,
# and botocore retries those, so three attempts keep the calls short.
MAX_ATTEMPTS = 3


@pytest.fixture(scope="module")
def served_findings(demo_server: str) -> list[Finding]:
    """All checks run on the demo account, collected from its moto_server."""
    options = SessionOptions(regions=tuple(REGIONS), max_attempts=MAX_ATTEMPTS)
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_boto3_at(demo_server, monkeypatch)
        snapshot = run_collection(options, session=boto3.Session())
    return run_checks(snapshot, load_checks().values())


def _status_counts(findings: list[Finding]) -> Counter[tuple[str, str]]:
    return Counter((item.check_id, item.status.value) for item in findings)


def test_demo_over_http_matches_in_process(served_findings: list[Finding]) -> None:
    in_process = run_checks(build_demo_snapshot(), load_checks().values())

    assert _status_counts(served_findings) == _status_counts(in_process)


def test_demo_over_http_passes_and_fails_every_practice(served_findings: list[Finding]) -> None:
    statuses = {(item.practice, item.status) for item in served_findings}

    for practice in Practice:
        assert (practice, Status.PASS) in statuses, f"no pass in {practice}"
        assert (practice, Status.FAIL) in statuses, f"no fail in {practice}"
