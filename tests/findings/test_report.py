from __future__ import annotations

from finding_samples import SAMPLE_FINDINGS, make_finding

from seawall.findings.formats.report import (
    count_by_practice,
    count_by_status,
    with_status,
    worst_first,
)
from seawall.findings.model import Practice, Severity, Status


def test_count_by_status_lists_every_status() -> None:
    assert count_by_status([]) == {"pass": 0, "fail": 0, "error": 0, "not_applicable": 0}


def test_count_by_status_samples() -> None:
    assert count_by_status(SAMPLE_FINDINGS) == {
        "pass": 1,
        "fail": 3,
        "error": 1,
        "not_applicable": 1,
    }


def test_count_by_practice_in_enum_order() -> None:
    counts = count_by_practice(SAMPLE_FINDINGS)

    assert list(counts) == [
        Practice.IAM,
        Practice.KMS,
        Practice.SECURITY_HUB,
        Practice.NETWORK,
        Practice.S3,
        Practice.ACCOUNT,
    ]
    assert counts[Practice.KMS] == {"pass": 0, "fail": 1, "error": 0, "not_applicable": 0}


def test_worst_first_orders_by_severity_then_id() -> None:
    findings = [
        make_finding("z.medium", severity=Severity.MEDIUM),
        make_finding("b.critical", severity=Severity.CRITICAL),
        make_finding("a.critical", severity=Severity.CRITICAL),
        make_finding("a.informational", severity=Severity.INFORMATIONAL),
    ]

    ordered = [item.check_id for item in worst_first(findings)]

    assert ordered == ["a.critical", "b.critical", "z.medium", "a.informational"]


def test_with_status_filters() -> None:
    errors = with_status(SAMPLE_FINDINGS, Status.ERROR)

    assert [item.check_id for item in errors] == ["securityhub.enabled"]
