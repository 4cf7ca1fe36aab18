"""The OCSF report: one Detection Finding (class_uid 2004) per result.

The attributes follow OCSF schema 1.6.0, the version AWS Security Hub takes
in. Detection Finding has no ``compliance`` attribute (only the Compliance
Finding class 2003 has one), so the compliance object with its Pass,
Warning and Fail status goes under ``unmapped``, where OCSF puts source
attributes that the class does not define.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from seawall.findings.formats.report import ReportMeta
from seawall.findings.model import Finding, Severity, Status

OCSF_VERSION = "1.6.0"
CLASS_UID = 2004
CATEGORY_UID = 2
ACTIVITY_CREATE = 1
TYPE_UID = CLASS_UID * 100 + ACTIVITY_CREATE

# OCSF severity_id values.
_SEVERITY_IDS: dict[Severity, tuple[int, str]] = {
    Severity.INFORMATIONAL: (1, "Informational"),
    Severity.LOW: (2, "Low"),
    Severity.MEDIUM: (3, "Medium"),
    Severity.HIGH: (4, "High"),
    Severity.CRITICAL: (5, "Critical"),
}

# The finding's lifecycle status_id. A passed check is a resolved finding,
# as Security Hub reports passed controls. A result that does not apply is
# archived, as Security Hub does with NOT_APPLICABLE control results.
_FINDING_STATUS: dict[Status, tuple[int, str]] = {
    Status.FAIL: (1, "New"),
    Status.ERROR: (1, "New"),
    Status.PASS: (4, "Resolved"),
    Status.NOT_APPLICABLE: (5, "Archived"),
}

# The compliance object's status_id: 1 Pass, 2 Warning ("did not yield a
# result due to missing information"), 3 Fail, 99 Other with the source's label.
_COMPLIANCE_STATUS: dict[Status, tuple[int, str]] = {
    Status.PASS: (1, "Pass"),
    Status.ERROR: (2, "Warning"),
    Status.FAIL: (3, "Fail"),
    Status.NOT_APPLICABLE: (99, "Not Applicable"),
}

_STANDARDS = {
    "CIS": "CIS AWS Foundations Benchmark v5.0",
    "FSBP": "AWS Foundational Security Best Practices",
}


def render_ocsf(findings: Sequence[Finding], meta: ReportMeta) -> str:
    """Render the findings as a JSON array of OCSF Detection Findings."""
    time_ms = _epoch_millis(meta.generated_at)
    events = [detection_finding(item, meta, time_ms) for item in findings]
    return json.dumps(events, indent=2, ensure_ascii=False) + "\n"


def detection_finding(item: Finding, meta: ReportMeta, time_ms: int) -> dict[str, Any]:
    """Build one Detection Finding event for one result."""
    severity_id, severity = _SEVERITY_IDS[item.severity]
    status_id, status = _FINDING_STATUS[item.status]
    return {
        "class_uid": CLASS_UID,
        "class_name": "Detection Finding",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "type_uid": TYPE_UID,
        "type_name": "Detection Finding: Create",
        "time": time_ms,
        "time_dt": meta.generated_at,
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status,
        "status_code": item.status.value,
        "status_detail": item.reason,
        "message": item.reason,
        "metadata": {
            "version": OCSF_VERSION,
            "event_code": item.check_id,
            "profiles": ["cloud", "datetime"],
            "product": {
                "name": "seawall",
                "uid": "seawall",
                "vendor_name": "seawall",
                "version": meta.seawall_version,
            },
        },
        "finding_info": {
            "uid": finding_uid(item),
            "title": item.title,
            "desc": item.reason,
            "types": [f"seawall/{item.practice.value}"],
            "created_time": time_ms,
            "created_time_dt": meta.generated_at,
        },
        "cloud": {
            "provider": "AWS",
            "account": {"uid": item.account, "type_id": 10, "type": "AWS Account"},
            "region": item.region,
        },
        "resources": [
            {
                "uid": item.resource,
                "type": resource_type(item.resource),
                "region": item.region,
                "cloud_partition": meta.partition,
            }
        ],
        "remediation": {"desc": item.remediation},
        "unmapped": {
            "practice": item.practice.value,
            "compliance": compliance(item),
        },
    }


def compliance(item: Finding) -> dict[str, Any]:
    """Build the OCSF compliance object: the check as control, its mapped ids as requirements."""
    status_id, status = _COMPLIANCE_STATUS[item.status]
    prefixes = {control.split(":", 1)[0] for control in item.controls}
    return {
        "control": item.check_id,
        "requirements": list(item.controls),
        "standards": [_STANDARDS.get(prefix, prefix) for prefix in sorted(prefixes)]
        or ["seawall AWS security baseline"],
        "status_id": status_id,
        "status": status,
    }


def finding_uid(item: Finding) -> str:
    """Return an id that stays the same for the same check, resource and region."""
    return f"seawall:{item.account}:{item.region}:{item.check_id}:{item.resource}"


def resource_type(resource: str) -> str:
    """Derive a type such as ``iam:user`` or ``s3`` from an ARN; ``other`` when it is not one."""
    parts = resource.split(":", 5)
    if len(parts) >= 3 and parts[0] == "arn" and not parts[2]:
        # seawall names account-level results in a region arn:PARTITION:::ACCOUNT/REGION.
        return "account"
    if len(parts) < 6 or parts[0] != "arn":
        return "other"
    service, remainder = parts[2], parts[5]
    for separator in ("/", ":"):
        if separator in remainder:
            return f"{service}:{remainder.split(separator, 1)[0]}"
    if remainder == "root":
        return f"{service}:root"
    return service


def _epoch_millis(timestamp: str) -> int:
    """Convert an ISO 8601 time to OCSF's timestamp: milliseconds since the epoch."""
    parsed = dt.datetime.fromisoformat(timestamp)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return int(parsed.timestamp() * 1000)
