"""Tests for the Security Hub checks, over Snapshots built in code."""

from __future__ import annotations

from typing import Any

import pytest
from _snapshots_services import (
    ACCOUNT,
    OTHER_REGION,
    REGION,
    failed,
    ok,
    region_resource,
    run,
    run_with_regions,
    snapshot,
)

import seawall.checks.security_hub  # noqa: F401  (registers the checks)
from seawall.aws.outcome import CallStatus

HUB_ARN = f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default"
HUB = ok("securityhub", "DescribeHub", {"HubArn": HUB_ARN, "SubscribedAt": "2026-01-01T00:00:00Z"})
NOT_SUBSCRIBED = failed(
    "securityhub", "DescribeHub", CallStatus.NOT_ENABLED, code="InvalidAccessException"
)
FSBP = f"arn:aws:securityhub:{REGION}::standards/aws-foundational-security-best-practices/v/1.0.0"
CIS = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
PCI = f"arn:aws:securityhub:{REGION}::standards/pci-dss/v/3.2.1"


def standards(*pairs: tuple[str, str]) -> Any:
    subscriptions = [{"StandardsArn": arn, "StandardsStatus": status} for arn, status in pairs]
    return ok("securityhub", "GetEnabledStandards", {"StandardsSubscriptions": subscriptions})


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [HUB],
            [("pass", HUB_ARN, "Security Hub is enabled since 2026-01-01T00:00:00Z")],
            id="enabled",
        ),
        pytest.param(
            [NOT_SUBSCRIBED],
            [("fail", region_resource(), "Security Hub is not enabled")],
            id="not-subscribed",
        ),
        pytest.param(
            [failed("securityhub", "DescribeHub", CallStatus.ACCESS_DENIED, code="AccessDenied")],
            [
                (
                    "error",
                    region_resource(),
                    "could not assess: AccessDenied on securityhub:DescribeHub in us-east-1",
                )
            ],
            id="access-denied",
        ),
        pytest.param(
            [],
            [
                (
                    "error",
                    region_resource(),
                    "could not assess: securityhub:DescribeHub in us-east-1 was not collected",
                )
            ],
            id="not-collected",
        ),
    ],
)
def test_enabled(records: list[Any], expected: list[Any]) -> None:
    assert run("securityhub.enabled", snapshot(*records)) == expected


def test_enabled_checks_every_region() -> None:
    other = failed(
        "securityhub",
        "DescribeHub",
        CallStatus.NOT_ENABLED,
        region=OTHER_REGION,
        code="InvalidAccessException",
    )
    snap = snapshot(HUB, other, regions=(REGION, OTHER_REGION))
    assert run_with_regions("securityhub.enabled", snap) == [
        ("pass", HUB_ARN, REGION, "Security Hub is enabled since 2026-01-01T00:00:00Z"),
        ("fail", region_resource(OTHER_REGION), OTHER_REGION, "Security Hub is not enabled"),
    ]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [HUB, standards((FSBP, "READY"), (PCI, "READY"))],
            [("pass", HUB_ARN, "READY: AWS Foundational Security Best Practices")],
            id="fsbp-ready",
        ),
        pytest.param(
            [HUB, standards((CIS, "READY"))],
            [("pass", HUB_ARN, "READY: CIS AWS Foundations Benchmark")],
            id="cis-ready",
        ),
        pytest.param(
            [HUB, standards((PCI, "READY"))],
            [
                (
                    "fail",
                    HUB_ARN,
                    "no FSBP or CIS standard is READY; enabled: pci-dss/v/3.2.1 (READY)",
                )
            ],
            id="only-pci",
        ),
        pytest.param(
            [HUB, standards((FSBP, "INCOMPLETE"))],
            [
                (
                    "fail",
                    HUB_ARN,
                    "no FSBP or CIS standard is READY; enabled: AWS Foundational Security "
                    "Best Practices (INCOMPLETE)",
                )
            ],
            id="fsbp-incomplete",
        ),
        pytest.param(
            [HUB, standards()],
            [("fail", HUB_ARN, "no standard is enabled")],
            id="none",
        ),
        pytest.param(
            [NOT_SUBSCRIBED],
            [("not_applicable", region_resource(), "Security Hub is not enabled")],
            id="hub-not-enabled",
        ),
        pytest.param(
            [
                HUB,
                failed(
                    "securityhub",
                    "GetEnabledStandards",
                    CallStatus.NOT_IMPLEMENTED,
                    code="NotImplemented",
                ),
            ],
            [
                (
                    "error",
                    region_resource(),
                    "could not assess: securityhub:GetEnabledStandards in us-east-1 "
                    "is not implemented by the endpoint (NotImplemented)",
                )
            ],
            id="not-implemented",
        ),
    ],
)
def test_standards_enabled(records: list[Any], expected: list[Any]) -> None:
    assert run("securityhub.standards_enabled", snapshot(*records)) == expected
