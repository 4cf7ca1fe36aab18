"""The text, JSON, OCSF and CSV detection reports."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import UTC, datetime

from seawall.findings.model import Severity
from seawall.trail.detect.findings import DetectionFinding
from seawall.trail.detect.render import render_csv, render_json, render_ocsf, render_text
from seawall.trail.detect.run import DetectionReport
from seawall.trail.reading import SkippedFile

FINDING = DetectionFinding(
    rule_id="r1",
    title="CloudTrail logging stopped",
    severity=Severity.HIGH,
    event_ids=("e1", "e2"),
    principal="arn:aws:iam::111122223333:user/alice",
    source_ip="203.0.113.7",
    first_seen="2024-05-01T10:00:00Z",
    last_seen="2024-05-01T10:05:00Z",
    reason="2 event(s) (StopLogging) matched: CloudTrail logging stopped",
)
REPORT = DetectionReport([FINDING], 10, 2, 5, [SkippedFile("bad.json.gz", "invalid JSON")])


def test_json_finding_fields_exact() -> None:
    document = json.loads(render_json(REPORT))
    assert document["findings"] == [
        {
            "rule_id": "r1",
            "title": "CloudTrail logging stopped",
            "severity": "high",
            "event_ids": ["e1", "e2"],
            "principal": "arn:aws:iam::111122223333:user/alice",
            "source_ip": "203.0.113.7",
            "first_seen": "2024-05-01T10:00:00Z",
            "last_seen": "2024-05-01T10:05:00Z",
            "reason": "2 event(s) (StopLogging) matched: CloudTrail logging stopped",
        }
    ]
    assert document["summary"]["events"] == 10
    assert document["summary"]["skipped_files"] == [
        {"path": "bad.json.gz", "reason": "invalid JSON"}
    ]


def test_csv_rows() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(REPORT))))
    assert rows[0] == [
        "rule_id",
        "title",
        "severity",
        "event_ids",
        "principal",
        "source_ip",
        "first_seen",
        "last_seen",
        "reason",
    ]
    assert rows[1][3] == "e1 e2"
    assert rows[1][2] == "high"


def test_ocsf_detection_finding() -> None:
    now = datetime(2024, 5, 2, tzinfo=UTC)
    (event,) = json.loads(render_ocsf(REPORT, now))
    assert event["class_uid"] == 2004
    assert event["severity_id"] == 4
    assert event["time"] == int(now.timestamp() * 1000)
    assert event["finding_info"]["analytic"]["uid"] == "r1"
    assert event["finding_info"]["related_events"] == [{"uid": "e1"}, {"uid": "e2"}]
    assert event["finding_info"]["first_seen_time"] == 1714557600000
    assert event["actor"]["user"]["uid"] == "arn:aws:iam::111122223333:user/alice"
    assert event["src_endpoint"] == {"ip": "203.0.113.7"}


def test_ocsf_service_source_is_name() -> None:
    finding = dataclasses.replace(FINDING, source_ip="ec2.amazonaws.com")
    (event,) = json.loads(render_ocsf(DetectionReport([finding], 1, 1, 1)))
    assert event["src_endpoint"] == {"name": "ec2.amazonaws.com"}


def test_text_lists_finding_and_summary() -> None:
    text = render_text(REPORT)
    assert "HIGH          CloudTrail logging stopped  [r1]" in text
    assert "    events: e1, e2" in text
    assert "skipped file bad.json.gz: invalid JSON" in text
    assert text.endswith("1 finding(s) from 10 event(s) in 2 file(s), 5 rule(s)\n")
