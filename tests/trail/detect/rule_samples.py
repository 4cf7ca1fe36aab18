"""Helpers that build rules and records for the detection tests."""

from __future__ import annotations

from typing import Any

from seawall.trail.detect.loader import compile_rule
from seawall.trail.detect.model import Rule


def make_rule(
    detection: dict[str, Any],
    rule_id: str = "test-rule",
    placeholders: dict[str, list[str]] | None = None,
    **extra: Any,
) -> Rule:
    """Compile a CloudTrail rule with ``detection`` and default metadata."""
    document = {
        "title": f"Test {rule_id}",
        "id": rule_id,
        "logsource": {"product": "aws", "service": "cloudtrail"},
        "detection": detection,
        "level": "high",
        **extra,
    }
    return compile_rule(document, "test.yml", placeholders or {})


def record(
    event_name: str = "GetObject",
    event_id: str = "e1",
    time: str = "2024-05-01T10:00:00Z",
    arn: str = "arn:aws:iam::111122223333:user/alice",
    **fields: Any,
) -> dict[str, Any]:
    """Return a CloudTrail record with the usual fields filled in."""
    return {
        "eventVersion": "1.08",
        "eventSource": "s3.amazonaws.com",
        "eventName": event_name,
        "eventID": event_id,
        "eventTime": time,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.7",
        "userIdentity": {"type": "IAMUser", "arn": arn, "userName": arn.rsplit("/", 1)[-1]},
        **fields,
    }
