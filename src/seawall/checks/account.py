"""First-day account settings: the security contact and a spending alarm."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity

# AWS publishes billing metrics only in us-east-1.
BILLING_REGION = "us-east-1"


@check(
    id="account.security_contact",
    title="The account has a security alternate contact",
    severity=Severity.MEDIUM,
    practice=Practice.ACCOUNT,
    permissions=("account:GetAlternateContact",),
    risk=(
        "AWS sends abuse and compromise notices to the security contact; without one they "
        "reach the root e-mail address, which may be unread."
    ),
    remediation=(
        "aws account put-alternate-contact --alternate-contact-type SECURITY "
        "--name NAME --title TITLE --email-address EMAIL --phone-number PHONE"
    ),
    cis=("1.2",),
    fsbp=("Account.1",),
)
def security_contact(ctx: CheckContext) -> Iterator[Finding]:
    resource = ctx.snapshot.account_arn
    data = ctx.data("account", "GetAlternateContact", resource="SECURITY", allow_not_found=True)
    contact = data.get("AlternateContact") if isinstance(data, dict) else None
    if not contact or not contact.get("EmailAddress"):
        yield ctx.failed(resource, "no security contact is set")
    else:
        yield ctx.passed(resource, "a security contact is set")


@check(
    id="account.billing_alarm",
    title="A billing alarm or budget watches the account's spending",
    severity=Severity.LOW,
    practice=Practice.ACCOUNT,
    permissions=("cloudwatch:DescribeAlarms", "budgets:ViewBudget"),
    risk=(
        "Without an alarm on spending, resources run up by a stolen credential (crypto "
        "mining, for one) go unnoticed until the invoice arrives."
    ),
    remediation=(
        "aws budgets create-budget --account-id ACCOUNT_ID --budget "
        '\'{"BudgetName":"monthly","BudgetLimit":{"Amount":"100","Unit":"USD"},'
        '"TimeUnit":"MONTHLY","BudgetType":"COST"}\' --notifications-with-subscribers '
        '\'[{"Notification":{"NotificationType":"ACTUAL","ComparisonOperator":'
        '"GREATER_THAN","Threshold":80},"Subscribers":[{"SubscriptionType":"EMAIL",'
        '"Address":"EMAIL"}]}]\''
    ),
)
def billing_alarm(ctx: CheckContext) -> Iterator[Finding]:
    resource = ctx.snapshot.account_arn
    failures: list[str] = []
    try:
        alarms = _billing_alarms(ctx.data("cloudwatch", "DescribeAlarms", region=BILLING_REGION))
    except DataUnavailable as missing:
        failures.append(missing.reason)
        alarms = []
    if alarms:
        yield ctx.passed(resource, f"billing alarm {', '.join(alarms)} watches EstimatedCharges")
        return
    try:
        budgets = _budget_names(ctx.data("budgets", "DescribeBudgets", allow_not_found=True))
    except DataUnavailable as missing:
        failures.append(missing.reason)
        budgets = []
    if budgets:
        yield ctx.passed(resource, f"budget {', '.join(budgets)} watches spending")
    elif failures:
        yield ctx.error(resource, "; ".join(failures))
    else:
        yield ctx.failed(resource, "no EstimatedCharges alarm in us-east-1 and no budget")


def _billing_alarms(data: Any) -> list[str]:
    alarms = data.get("MetricAlarms", []) if isinstance(data, dict) else []
    return sorted(str(a.get("AlarmName", "")) for a in alarms if _watches_charges(a))


def _watches_charges(alarm: dict[str, Any]) -> bool:
    if _is_charges_metric(alarm):
        return True
    # Metric-math alarms list their inputs under Metrics[].MetricStat.Metric.
    return any(
        _is_charges_metric((query.get("MetricStat") or {}).get("Metric") or {})
        for query in alarm.get("Metrics") or []
    )


def _is_charges_metric(metric: dict[str, Any]) -> bool:
    return (
        metric.get("Namespace") == "AWS/Billing" and metric.get("MetricName") == "EstimatedCharges"
    )


def _budget_names(data: Any) -> list[str]:
    budgets = data.get("Budgets", []) if isinstance(data, dict) else []
    return sorted(str(b.get("BudgetName", "")) for b in budgets)
