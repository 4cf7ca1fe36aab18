"""Detection reports as text, JSON, OCSF Detection Findings or CSV."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import ipaddress
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from seawall.findings.model import Severity
from seawall.trail.detect.findings import DetectionFinding
from seawall.trail.detect.run import DetectionReport
from seawall.trail.times import parse_time

FINDING_FIELDS = tuple(field.name for field in dataclasses.fields(DetectionFinding))
# Event ids listed per finding in text output; JSON, OCSF and CSV list them all.
_TEXT_EVENT_IDS = 5

# OCSF 1.6.0 Detection Finding, as the check reports use.
_OCSF_CLASS_UID = 2004
_OCSF_ACTIVITY_CREATE = 1
_OCSF_SEVERITY: dict[Severity, tuple[int, str]] = {
    Severity.INFORMATIONAL: (1, "Informational"),
    Severity.LOW: (2, "Low"),
    Severity.MEDIUM: (3, "Medium"),
    Severity.HIGH: (4, "High"),
    Severity.CRITICAL: (5, "Critical"),
}


def finding_dict(finding: DetectionFinding) -> dict[str, Any]:
    """Return the finding as the JSON object of the public contract."""
    data = dataclasses.asdict(finding)
    data["severity"] = finding.severity.value
    data["event_ids"] = list(finding.event_ids)
    return data


def render_json(report: DetectionReport) -> str:
    document = {
        "findings": [finding_dict(finding) for finding in report.findings],
        "summary": _summary(report),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _summary(report: DetectionReport) -> dict[str, Any]:
    return {
        "events": report.events,
        "files": report.files,
        "rules": report.rules,
        "findings": len(report.findings),
        "skipped_files": [
            {"path": skipped.path, "reason": skipped.reason} for skipped in report.skipped_files
        ],
        "skipped_rules": [
            {"rule": rule, "reason": reason} for rule, reason in report.skipped_rules
        ],
    }


def render_text(report: DetectionReport) -> str:
    lines: list[str] = []
    for finding in report.findings:
        lines.append(f"{finding.severity.value.upper():<13} {finding.title}  [{finding.rule_id}]")
        lines.append(f"    principal: {finding.principal}  source: {finding.source_ip or '-'}")
        lines.append(f"    seen: {finding.first_seen} .. {finding.last_seen}")
        lines.append(f"    {finding.reason}")
        shown = ", ".join(finding.event_ids[:_TEXT_EVENT_IDS])
        more = len(finding.event_ids) - _TEXT_EVENT_IDS
        lines.append(f"    events: {shown}" + (f" (+{more} more)" if more > 0 else ""))
    for skipped in report.skipped_files:
        lines.append(f"skipped file {skipped.path}: {skipped.reason}")
    lines.append(
        f"{len(report.findings)} finding(s) from {report.events} event(s) in "
        f"{report.files} file(s), {report.rules} rule(s)"
    )
    return "\n".join(lines) + "\n"


def render_csv(report: DetectionReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FINDING_FIELDS)
    for finding in report.findings:
        row = finding_dict(finding)
        row["event_ids"] = " ".join(finding.event_ids)
        writer.writerow([row[name] for name in FINDING_FIELDS])
    return buffer.getvalue()


def render_ocsf(report: DetectionReport, now: datetime | None = None) -> str:
    """Render one OCSF Detection Finding per finding, as a JSON array."""
    time_ms = int((now or datetime.now(UTC)).timestamp() * 1000)
    events = [_ocsf_finding(finding, time_ms) for finding in report.findings]
    return json.dumps(events, indent=2, ensure_ascii=False) + "\n"


def _ocsf_finding(finding: DetectionFinding, time_ms: int) -> dict[str, Any]:
    severity_id, severity = _OCSF_SEVERITY[finding.severity]
    # The uid is stable across runs over the same events, so re-imports update in place.
    digest = hashlib.sha256(
        "\n".join((finding.rule_id, finding.principal, *finding.event_ids)).encode()
    ).hexdigest()[:32]
    info: dict[str, Any] = {
        "uid": digest,
        "title": finding.title,
        "desc": finding.reason,
        "analytic": {"uid": finding.rule_id, "name": finding.title, "type_id": 1, "type": "Rule"},
        "related_events": [{"uid": event_id} for event_id in finding.event_ids],
    }
    for key, value in (
        ("first_seen_time", finding.first_seen),
        ("last_seen_time", finding.last_seen),
    ):
        if value:
            info[key] = _millis(value)
    return {
        "class_uid": _OCSF_CLASS_UID,
        "class_name": "Detection Finding",
        "category_uid": 2,
        "category_name": "Findings",
        "activity_id": _OCSF_ACTIVITY_CREATE,
        "activity_name": "Create",
        "type_uid": _OCSF_CLASS_UID * 100 + _OCSF_ACTIVITY_CREATE,
        "type_name": "Detection Finding: Create",
        "time": time_ms,
        "severity_id": severity_id,
        "severity": severity,
        "status_id": 1,
        "status": "New",
        "message": finding.reason,
        "finding_info": info,
        "actor": {"user": {"uid": finding.principal}},
        "src_endpoint": _endpoint(finding.source_ip),
        "metadata": {
            "version": "1.6.0",
            "product": {"name": "seawall", "vendor_name": "seawall"},
        },
    }


def _endpoint(source: str) -> dict[str, str]:
    # CloudTrail puts a service name such as "ec2.amazonaws.com" where an AWS service
    # made the call, and correlation findings may join several addresses.
    try:
        ipaddress.ip_address(source)
    except ValueError:
        return {"name": source} if source else {}
    return {"ip": source}


def _millis(text: str) -> int:
    return int(parse_time(text).timestamp() * 1000)


RENDERERS: dict[str, Callable[[DetectionReport], str]] = {
    "text": render_text,
    "json": render_json,
    "ocsf": render_ocsf,
    "csv": render_csv,
}
