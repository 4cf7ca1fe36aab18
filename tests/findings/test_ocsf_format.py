from __future__ import annotations

import json
from typing import Any

import pytest
from finding_samples import SAMPLE_FINDINGS, SAMPLE_META, check_golden, make_finding

from seawall.findings.formats.ocsf import render_ocsf, resource_type
from seawall.findings.model import Severity, Status


def render_one(**changes: Any) -> dict[str, Any]:
    events = json.loads(render_ocsf([make_finding(**changes)], SAMPLE_META))
    assert len(events) == 1
    event: dict[str, Any] = events[0]
    return event


def test_ocsf_matches_golden() -> None:
    check_golden("report.ocsf.json", render_ocsf(SAMPLE_FINDINGS, SAMPLE_META))


def test_ocsf_one_event_per_finding() -> None:
    events = json.loads(render_ocsf(SAMPLE_FINDINGS, SAMPLE_META))

    assert len(events) == len(SAMPLE_FINDINGS)


def test_ocsf_detection_finding_class() -> None:
    event = render_one()

    assert event["class_uid"] == 2004
    assert event["category_uid"] == 2
    assert event["activity_id"] == 1
    assert event["type_uid"] == 200401
    assert event["metadata"]["product"]["name"] == "seawall"
    assert event["metadata"]["version"] == "1.6.0"


def test_ocsf_time_is_epoch_millis() -> None:
    event = render_one()

    assert event["time"] == 1796414400000
    assert event["finding_info"]["created_time"] == 1796414400000


def test_ocsf_cloud_and_resource() -> None:
    event = render_one(resource="arn:aws:kms:eu-west-1:123456789012:key/k1", region="eu-west-1")

    assert event["cloud"]["provider"] == "AWS"
    assert event["cloud"]["account"]["uid"] == "123456789012"
    assert event["cloud"]["region"] == "eu-west-1"
    assert event["resources"] == [
        {
            "uid": "arn:aws:kms:eu-west-1:123456789012:key/k1",
            "type": "kms:key",
            "region": "eu-west-1",
            "cloud_partition": "aws",
        }
    ]


def test_ocsf_finding_uid_is_stable() -> None:
    first = render_one()
    second = render_one()

    assert first["finding_info"]["uid"] == second["finding_info"]["uid"]
    assert first["finding_info"]["uid"] == (
        "seawall:123456789012:global:s3.bucket_public_access:arn:aws:s3:::example-bucket"
    )


@pytest.mark.parametrize(
    ("severity", "severity_id", "label"),
    [
        pytest.param(Severity.INFORMATIONAL, 1, "Informational", id="informational"),
        pytest.param(Severity.LOW, 2, "Low", id="low"),
        pytest.param(Severity.MEDIUM, 3, "Medium", id="medium"),
        pytest.param(Severity.HIGH, 4, "High", id="high"),
        pytest.param(Severity.CRITICAL, 5, "Critical", id="critical"),
    ],
)
def test_ocsf_severity_id(severity: Severity, severity_id: int, label: str) -> None:
    event = render_one(severity=severity)

    assert event["severity_id"] == severity_id
    assert event["severity"] == label


@pytest.mark.parametrize(
    ("status", "finding_status", "compliance_status"),
    [
        pytest.param(Status.PASS, (4, "Resolved"), (1, "Pass"), id="pass"),
        pytest.param(Status.FAIL, (1, "New"), (3, "Fail"), id="fail"),
        pytest.param(Status.ERROR, (1, "New"), (2, "Warning"), id="error"),
        pytest.param(
            Status.NOT_APPLICABLE, (5, "Archived"), (99, "Not Applicable"), id="not-applicable"
        ),
    ],
)
def test_ocsf_status_mapping(
    status: Status, finding_status: tuple[int, str], compliance_status: tuple[int, str]
) -> None:
    event = render_one(status=status)
    compliance = event["unmapped"]["compliance"]

    assert (event["status_id"], event["status"]) == finding_status
    assert (compliance["status_id"], compliance["status"]) == compliance_status
    assert event["status_code"] == status.value


def test_ocsf_compliance_requirements() -> None:
    compliance = render_one(controls=("CIS:2.1.4", "FSBP:S3.8"))["unmapped"]["compliance"]

    assert compliance["control"] == "s3.bucket_public_access"
    assert compliance["requirements"] == ["CIS:2.1.4", "FSBP:S3.8"]
    assert compliance["standards"] == [
        "CIS AWS Foundations Benchmark v5.0",
        "AWS Foundational Security Best Practices",
    ]


def test_ocsf_compliance_without_controls() -> None:
    compliance = render_one(controls=())["unmapped"]["compliance"]

    assert compliance["requirements"] == []
    assert compliance["standards"] == ["seawall AWS security baseline"]


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        pytest.param("arn:aws:iam::123456789012:user/alice", "iam:user", id="iam-user"),
        pytest.param("arn:aws:iam::123456789012:root", "iam:root", id="iam-root"),
        pytest.param("arn:aws:s3:::bucket", "s3", id="s3-bucket"),
        pytest.param("arn:aws:kms:us-east-1:123456789012:key/k", "kms:key", id="kms-key"),
        pytest.param(
            "arn:aws:secretsmanager:us-east-1:1:secret:name-AbCdEf",
            "secretsmanager:secret",
            id="colon-separated",
        ),
        pytest.param("arn:aws:::123456789012/us-east-1", "account", id="account-region"),
        pytest.param("sg-0123", "other", id="not-an-arn"),
    ],
)
def test_resource_type(resource: str, expected: str) -> None:
    assert resource_type(resource) == expected
