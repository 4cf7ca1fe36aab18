"""Security Hub: subscribed in every region, with a baseline standard running."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seawall.aws.outcome import CallStatus
from seawall.checks.context import CheckContext
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity

# Standards ARN fragments of the baselines this check accepts.
_BASELINE_STANDARDS = {
    "aws-foundational-security-best-practices": "AWS Foundational Security Best Practices",
    "cis-aws-foundations-benchmark": "CIS AWS Foundations Benchmark",
}
# DescribeHub answers these when Security Hub is not subscribed in the region.
_NOT_SUBSCRIBED = frozenset({CallStatus.NOT_ENABLED, CallStatus.NOT_FOUND})


def _hub(ctx: CheckContext, region: str) -> dict[str, Any] | None:
    """Return the DescribeHub data, None when the hub is not subscribed."""
    record = ctx.record("securityhub", "DescribeHub", region)
    if record.status in _NOT_SUBSCRIBED:
        return None
    data: dict[str, Any] = ctx.data("securityhub", "DescribeHub", region)
    return data


@check(
    id="securityhub.enabled",
    title="Security Hub is enabled in every region",
    severity=Severity.MEDIUM,
    practice=Practice.SECURITY_HUB,
    permissions=("securityhub:DescribeHub",),
    risk=(
        "Without Security Hub a region has no continuous baseline checks and no single place "
        "where GuardDuty, Inspector and Config findings come together."
    ),
    remediation="aws securityhub enable-security-hub --enable-default-standards --region REGION",
    cis=("4.16",),
)
def enabled(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        hub = _hub(ctx, region)
        if hub is None:
            yield ctx.failed(ctx.region_resource(region), "Security Hub is not enabled", region)
            return
        arn = str(hub.get("HubArn") or ctx.region_resource(region))
        since = hub.get("SubscribedAt")
        suffix = f" since {since}" if since else ""
        yield ctx.passed(arn, f"Security Hub is enabled{suffix}", region)

    return ctx.per_region(in_region)


@check(
    id="securityhub.standards_enabled",
    title="Security Hub runs the FSBP or CIS standard in every region",
    severity=Severity.MEDIUM,
    practice=Practice.SECURITY_HUB,
    permissions=("securityhub:DescribeHub", "securityhub:GetEnabledStandards"),
    risk=(
        "A hub without a baseline standard collects other services' findings but checks "
        "nothing itself, so misconfigurations go unreported."
    ),
    remediation=(
        "aws securityhub batch-enable-standards --standards-subscription-requests "
        "StandardsArn=arn:aws:securityhub:REGION::standards/"
        "aws-foundational-security-best-practices/v/1.0.0"
    ),
)
def standards_enabled(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        hub = _hub(ctx, region)
        resource = ctx.region_resource(region)
        if hub is None:
            yield ctx.not_applicable(resource, "Security Hub is not enabled", region)
            return
        resource = str(hub.get("HubArn") or resource)
        data = ctx.data("securityhub", "GetEnabledStandards", region)
        yield _standards_finding(ctx, region, resource, data.get("StandardsSubscriptions", []))

    return ctx.per_region(in_region)


def _standards_finding(
    ctx: CheckContext, region: str, resource: str, subscriptions: list[dict[str, Any]]
) -> Finding:
    ready: list[str] = []
    other: list[str] = []
    for subscription in subscriptions:
        arn = str(subscription.get("StandardsArn", ""))
        status = str(subscription.get("StandardsStatus", "unknown"))
        label = _standard_label(arn)
        if label in _BASELINE_STANDARDS.values() and status == "READY":
            ready.append(label)
        else:
            other.append(f"{label} ({status})")
    if ready:
        return ctx.passed(resource, f"READY: {', '.join(sorted(set(ready)))}", region)
    if other:
        return ctx.failed(
            resource, f"no FSBP or CIS standard is READY; enabled: {', '.join(other)}", region
        )
    return ctx.failed(resource, "no standard is enabled", region)


def _standard_label(arn: str) -> str:
    for fragment, label in _BASELINE_STANDARDS.items():
        if f"/{fragment}/" in arn:
            return label
    return arn.split("/", 1)[-1] if "/" in arn else arn
