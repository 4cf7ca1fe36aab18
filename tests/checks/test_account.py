"""Tests for the security contact and billing alarm checks."""

from __future__ import annotations

import pytest
from _snapshots_iam import ACCOUNT_ARN, REGION, Result, failed, ok, run, snapshot

import seawall.checks.account  # noqa: F401  (registers the checks)
from seawall.aws.outcome import CallStatus
from seawall.inventory.snapshot import CallRecord


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        pytest.param(
            ok(
                "account",
                "GetAlternateContact",
                {"AlternateContact": {"AlternateContactType": "SECURITY", "EmailAddress": "s@x"}},
                resource="SECURITY",
            ),
            ("pass", ACCOUNT_ARN, "a security contact is set"),
            id="set",
        ),
        pytest.param(
            failed(
                "account",
                "GetAlternateContact",
                CallStatus.NOT_FOUND,
                resource="SECURITY",
                code="ResourceNotFoundException",
            ),
            ("fail", ACCOUNT_ARN, "no security contact is set"),
            id="unset",
        ),
        pytest.param(
            failed("account", "GetAlternateContact", resource="SECURITY"),
            (
                "error",
                ACCOUNT_ARN,
                "could not assess: AccessDenied on account:GetAlternateContact for SECURITY",
            ),
            id="denied",
        ),
    ],
)
def test_security_contact(record: CallRecord, expected: Result) -> None:
    assert run("account.security_contact", snapshot(record)) == [expected]


def _alarms(*alarms: dict[str, object]) -> CallRecord:
    return ok(
        "cloudwatch",
        "DescribeAlarms",
        {"MetricAlarms": list(alarms), "CompositeAlarms": []},
        region=REGION,
    )


BILLING = {"AlarmName": "spend", "Namespace": "AWS/Billing", "MetricName": "EstimatedCharges"}
CPU = {"AlarmName": "cpu", "Namespace": "AWS/EC2", "MetricName": "CPUUtilization"}
MATH = {
    "AlarmName": "spend-math",
    "Metrics": [
        {"Id": "e1", "Expression": "m1 * 2"},
        {
            "Id": "m1",
            "MetricStat": {
                "Metric": {"Namespace": "AWS/Billing", "MetricName": "EstimatedCharges"}
            },
        },
    ],
}
NO_BUDGETS = failed("budgets", "DescribeBudgets", CallStatus.NOT_FOUND, code="NotFoundException")
ONE_BUDGET = ok("budgets", "DescribeBudgets", {"Budgets": [{"BudgetName": "monthly"}]})


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [_alarms(BILLING, CPU), NO_BUDGETS],
            ("pass", ACCOUNT_ARN, "billing alarm spend watches EstimatedCharges"),
            id="metric-alarm",
        ),
        pytest.param(
            [_alarms(MATH), NO_BUDGETS],
            ("pass", ACCOUNT_ARN, "billing alarm spend-math watches EstimatedCharges"),
            id="metric-math-alarm",
        ),
        pytest.param(
            [_alarms(CPU), ONE_BUDGET],
            ("pass", ACCOUNT_ARN, "budget monthly watches spending"),
            id="budget",
        ),
        pytest.param(
            [failed("cloudwatch", "DescribeAlarms", region=REGION), ONE_BUDGET],
            ("pass", ACCOUNT_ARN, "budget monthly watches spending"),
            id="alarms-denied-budget-found",
        ),
        pytest.param(
            [_alarms(CPU), NO_BUDGETS],
            ("fail", ACCOUNT_ARN, "no EstimatedCharges alarm in us-east-1 and no budget"),
            id="neither",
        ),
        pytest.param(
            [_alarms(CPU), failed("budgets", "DescribeBudgets")],
            ("error", ACCOUNT_ARN, "could not assess: AccessDenied on budgets:ViewBudget"),
            id="budgets-denied",
        ),
        pytest.param(
            [NO_BUDGETS],
            (
                "error",
                ACCOUNT_ARN,
                "could not assess: cloudwatch:DescribeAlarms in us-east-1 was not collected",
            ),
            id="us-east-1-not-scanned",
        ),
    ],
)
def test_billing_alarm(records: list[CallRecord], expected: Result) -> None:
    assert run("account.billing_alarm", snapshot(*records)) == [expected]
