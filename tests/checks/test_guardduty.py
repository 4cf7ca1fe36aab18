"""Tests for the GuardDuty checks, over Snapshots built in code."""

from __future__ import annotations

from typing import Any

import pytest
from _snapshots_services import (
    ACCOUNT,
    REGION,
    CallRecord,
    failed,
    ok,
    region_resource,
    run,
    snapshot,
)

import seawall.checks.guardduty  # noqa: F401  (registers the checks)
from seawall.aws.outcome import CallStatus

DETECTOR_ARN = f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/d1"
NO_DETECTOR_NA = ("not_applicable", region_resource(), "no GuardDuty detector")


def features(**statuses: str) -> list[dict[str, str]]:
    return [{"Name": name, "Status": status} for name, status in statuses.items()]


def detector(
    status: str = "ENABLED",
    *,
    feature_list: list[dict[str, str]] | None = None,
    data_sources: dict[str, Any] | None = None,
    statistics: Any = None,
) -> list[CallRecord]:
    data: dict[str, Any] = {"Status": status}
    if feature_list is not None:
        data["Features"] = feature_list
    if data_sources is not None:
        data["DataSources"] = data_sources
    records = [
        ok("guardduty", "ListDetectors", {"DetectorIds": ["d1"]}),
        ok("guardduty", "GetDetector", data, resource="d1"),
    ]
    if isinstance(statistics, CallStatus):
        records.append(
            failed(
                "guardduty",
                "GetFindingsStatistics",
                statistics,
                resource="d1",
                code="NotImplemented",
            )
        )
    elif statistics is not None:
        stats = {"FindingStatistics": statistics}
        records.append(ok("guardduty", "GetFindingsStatistics", stats, resource="d1"))
    return records


NO_DETECTORS = [ok("guardduty", "ListDetectors", {"DetectorIds": []})]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(detector(), [("pass", DETECTOR_ARN, "detector is ENABLED")], id="enabled"),
        pytest.param(
            detector("DISABLED"), [("fail", DETECTOR_ARN, "detector is DISABLED")], id="suspended"
        ),
        pytest.param(
            NO_DETECTORS, [("fail", region_resource(), "no GuardDuty detector")], id="none"
        ),
        pytest.param(
            [
                failed(
                    "guardduty",
                    "ListDetectors",
                    CallStatus.NOT_ENABLED,
                    code="SubscriptionRequiredException",
                )
            ],
            [
                (
                    "fail",
                    region_resource(),
                    "GuardDuty is not enabled for the account in this region",
                )
            ],
            id="not-subscribed",
        ),
        pytest.param(
            [failed("guardduty", "ListDetectors", CallStatus.ACCESS_DENIED, code="AccessDenied")],
            [
                (
                    "error",
                    region_resource(),
                    "could not assess: AccessDenied on guardduty:ListDetectors in us-east-1",
                )
            ],
            id="list-denied",
        ),
        pytest.param(
            [
                ok("guardduty", "ListDetectors", {"DetectorIds": ["d1"]}),
                failed(
                    "guardduty",
                    "GetDetector",
                    CallStatus.ACCESS_DENIED,
                    resource="d1",
                    code="AccessDenied",
                ),
            ],
            [
                (
                    "error",
                    DETECTOR_ARN,
                    "could not assess: AccessDenied on guardduty:GetDetector for d1 in us-east-1",
                )
            ],
            id="get-denied",
        ),
    ],
)
def test_enabled(records: list[CallRecord], expected: list[Any]) -> None:
    assert run("guardduty.enabled", snapshot(*records)) == expected


LEGACY_ON = {
    "S3Logs": {"Status": "ENABLED"},
    "Kubernetes": {"AuditLogs": {"Status": "ENABLED"}},
    "MalwareProtection": {"ScanEc2InstanceWithFindings": {"EbsVolumes": {"Status": "ENABLED"}}},
}
LEGACY_OFF = {
    "S3Logs": {"Status": "DISABLED"},
    "Kubernetes": {"AuditLogs": {"Status": "DISABLED"}},
    "MalwareProtection": {"ScanEc2InstanceWithFindings": {"EbsVolumes": {"Status": "DISABLED"}}},
}
FEATURES = [
    ("guardduty.s3_protection", "S3_DATA_EVENTS", "S3 Protection"),
    ("guardduty.eks_audit_logs", "EKS_AUDIT_LOGS", "EKS Audit Log Monitoring"),
    ("guardduty.malware_protection", "EBS_MALWARE_PROTECTION", "Malware Protection for EC2"),
]


@pytest.mark.parametrize(
    ("check_id", "feature", "label"), [pytest.param(*f, id=f[0]) for f in FEATURES]
)
@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param("features-on", ("pass", DETECTOR_ARN, "{label} is ENABLED"), id="on"),
        pytest.param("features-off", ("fail", DETECTOR_ARN, "{label} is DISABLED"), id="off"),
        pytest.param("legacy-on", ("pass", DETECTOR_ARN, "{label} is ENABLED"), id="legacy-on"),
        pytest.param("legacy-off", ("fail", DETECTOR_ARN, "{label} is DISABLED"), id="legacy-off"),
        pytest.param(
            "features-win",
            ("fail", DETECTOR_ARN, "{label} is DISABLED"),
            id="features-over-legacy",
        ),
        pytest.param(
            "unreported",
            (
                "error",
                DETECTOR_ARN,
                "could not assess: the detector reports no {feature} feature",
            ),
            id="unreported",
        ),
        pytest.param(
            "suspended", ("not_applicable", DETECTOR_ARN, "detector is DISABLED"), id="suspended"
        ),
        pytest.param("no-detector", NO_DETECTOR_NA, id="no-detector"),
    ],
)
def test_feature_checks(
    check_id: str, feature: str, label: str, case: str, expected: tuple[str, str, str]
) -> None:
    records = {
        "features-on": detector(feature_list=features(**{feature: "ENABLED"})),
        "features-off": detector(feature_list=features(**{feature: "DISABLED"})),
        "legacy-on": detector(data_sources=LEGACY_ON),
        "legacy-off": detector(data_sources=LEGACY_OFF),
        "features-win": detector(
            feature_list=features(**{feature: "DISABLED"}), data_sources=LEGACY_ON
        ),
        "unreported": detector(feature_list=features(LAMBDA_NETWORK_LOGS="ENABLED")),
        "suspended": detector("DISABLED", feature_list=features(**{feature: "ENABLED"})),
        "no-detector": NO_DETECTORS,
    }[case]
    status, resource, reason = expected
    wanted = (status, resource, reason.format(label=label, feature=feature))
    assert run(check_id, snapshot(*records)) == [wanted]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            detector(statistics={"CountBySeverity": {"8.0": 2, "7.0": 1, "5.0": 4}}),
            [("fail", DETECTOR_ARN, "3 open findings with severity 7.0 or higher")],
            id="high-findings",
        ),
        pytest.param(
            detector(statistics={"CountBySeverity": {"5.0": 4, "2.0": 1}}),
            [("pass", DETECTOR_ARN, "no open findings with severity 7.0 or higher")],
            id="only-medium",
        ),
        pytest.param(
            detector(statistics={"CountBySeverity": {}}),
            [("pass", DETECTOR_ARN, "no open findings with severity 7.0 or higher")],
            id="no-findings",
        ),
        pytest.param(
            detector(statistics={"GroupedBySeverity": [{"Severity": 8.5, "Count": 1}]}),
            [("fail", DETECTOR_ARN, "1 open findings with severity 7.0 or higher")],
            id="grouped-shape",
        ),
        pytest.param(
            detector(statistics={}),
            [
                (
                    "error",
                    DETECTOR_ARN,
                    "could not assess: GetFindingsStatistics returned no counts by severity",
                )
            ],
            id="no-counts",
        ),
        pytest.param(
            detector(statistics=CallStatus.NOT_IMPLEMENTED),
            [
                (
                    "error",
                    DETECTOR_ARN,
                    "could not assess: guardduty:GetFindingsStatistics for d1 in us-east-1 "
                    "is not implemented by the endpoint (NotImplemented)",
                )
            ],
            id="not-implemented",
        ),
        pytest.param(NO_DETECTORS, [NO_DETECTOR_NA], id="no-detector"),
    ],
)
def test_high_severity_findings(records: list[CallRecord], expected: list[Any]) -> None:
    assert run("guardduty.high_severity_findings", snapshot(*records)) == expected
