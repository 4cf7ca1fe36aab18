from __future__ import annotations

from collections.abc import Iterator

import pytest

from seawall.checks.context import CheckContext
from seawall.checks.registry import Check, CheckMeta
from seawall.checks.runner import run_check, unexpected_data_reason
from seawall.findings.model import Finding, Practice, Severity, Status
from seawall.inventory.snapshot import Snapshot

ACCOUNT = "123456789012"


def broken_check(ctx: CheckContext) -> Iterator[Finding]:  # noqa: ARG001
    bucket = "not-a-dict"
    yield from bucket.get("Name")  # type: ignore[attr-defined]


def make_check() -> Check:
    meta = CheckMeta(
        id="s3.sample",
        title="Sample",
        severity=Severity.HIGH,
        practice=Practice.S3,
        permissions=("s3:ListAllMyBuckets",),
        risk="",
        remediation="",
    )
    return Check(meta=meta, func=broken_check)


def test_run_check_unexpected_data_is_error() -> None:
    snapshot = Snapshot(account_id=ACCOUNT, regions=["us-east-1"])

    findings = run_check(snapshot, make_check())

    assert len(findings) == 1
    assert findings[0].status is Status.ERROR
    assert findings[0].severity is Severity.HIGH
    assert findings[0].reason == (
        "could not assess: unexpected data in the snapshot "
        "(AttributeError: 'str' object has no attribute 'get'); collect it again, "
        "and report a seawall bug if a fresh snapshot fails the same way"
    )


@pytest.mark.parametrize(
    ("error", "detail"),
    [
        pytest.param(KeyError("Name"), "KeyError: 'Name'", id="key-error"),
        pytest.param(ValueError("x" * 300), "ValueError: " + "x" * 197 + "...", id="long"),
    ],
)
def test_unexpected_data_reason(error: Exception, detail: str) -> None:
    assert unexpected_data_reason(error) == (
        f"could not assess: unexpected data in the snapshot ({detail}); collect it again, "
        "and report a seawall bug if a fresh snapshot fails the same way"
    )
