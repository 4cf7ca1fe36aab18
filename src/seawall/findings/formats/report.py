"""Shared parts of every report format: the scan metadata, counts and ordering."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from seawall.findings.model import Finding, Practice, Status

# The public field names of one result, in output order (JSON keys, CSV header).
RESULT_FIELDS: tuple[str, ...] = (
    "check_id",
    "title",
    "practice",
    "severity",
    "status",
    "resource",
    "account",
    "region",
    "reason",
    "controls",
    "remediation",
)


@dataclass(frozen=True)
class ReportMeta:
    """The account, regions and time of the scan that produced the findings."""

    seawall_version: str
    account: str
    regions: tuple[str, ...]
    # ISO 8601 time of the scan, with its UTC offset.
    generated_at: str
    partition: str = "aws"
    # ISO 8601 time the data was collected, when it differs from the scan (a saved snapshot).
    collected_at: str = ""


def count_by_status(findings: Iterable[Finding]) -> dict[str, int]:
    """Count findings per status, with every status present (zero if none)."""
    counts = Counter(item.status for item in findings)
    return {status.value: counts.get(status, 0) for status in Status}


def count_by_practice(findings: Iterable[Finding]) -> dict[Practice, dict[str, int]]:
    """Count findings per practice and status, for the practices that have findings."""
    grouped: dict[Practice, list[Finding]] = {}
    for item in findings:
        grouped.setdefault(item.practice, []).append(item)
    return {
        practice: count_by_status(grouped[practice]) for practice in Practice if practice in grouped
    }


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    """Sort by severity (critical first), then check id, resource and region."""
    return sorted(
        findings, key=lambda item: (item.severity.rank, item.check_id, item.resource, item.region)
    )


def with_status(findings: Iterable[Finding], status: Status) -> list[Finding]:
    return [item for item in findings if item.status is status]


def result_record(item: Finding) -> dict[str, str | list[str]]:
    """Return one finding as a plain dict keyed by ``RESULT_FIELDS``."""
    return {
        "check_id": item.check_id,
        "title": item.title,
        "practice": item.practice.value,
        "severity": item.severity.value,
        "status": item.status.value,
        "resource": item.resource,
        "account": item.account,
        "region": item.region,
        "reason": item.reason,
        "controls": list(item.controls),
        "remediation": item.remediation,
    }
