"""CloudWatch alarms on CloudTrail activity, one check per CIS monitoring family.

A family passes when four links hold. A multi-region trail that is logging
delivers to a log group. A metric filter on that group matches the family's
events (see ``_alarm_families``). An alarm watches the filter's metric. The
alarm notifies an SNS topic with at least one confirmed subscription.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from seawall.checks._alarm_families import FAMILIES, AlarmFamily, remediation
from seawall.checks._logs_filter import (
    FilterPattern,
    FilterPatternError,
    UnsupportedFilterPatternError,
    parse_filter_pattern,
)
from seawall.checks._trails import Trail, all_trails
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice

_PERMISSIONS = (
    "cloudtrail:DescribeTrails",
    "cloudtrail:GetTrailStatus",
    "logs:DescribeMetricFilters",
    "cloudwatch:DescribeAlarms",
    "sns:ListSubscriptions",
)

# Progress of a candidate towards a pass. The furthest candidate explains a failure.
_NO_FILTER, _FILTER_OK, _ALARM_OK = 1, 2, 3


@dataclass(frozen=True)
class LogGroup:
    arn: str
    region: str
    account: str
    name: str


@dataclass(frozen=True)
class Verdict:
    stage: int
    reason: str
    passed: bool = False


def parse_log_group_arn(arn: str) -> LogGroup | None:
    """Split ``arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]``, or return None for other ARNs."""
    parts = arn.split(":", 6)
    if len(parts) < 7 or parts[2] != "logs" or parts[5] != "log-group":
        return None
    name = parts[6].removesuffix(":*")
    return LogGroup(arn, parts[3], parts[4], name)


def judge_filter(family: AlarmFamily, pattern: FilterPattern) -> str | None:
    """Return why a filter does not fit the family, or None when it does."""
    for sample in family.must_match:
        if not pattern.matches(sample.event):
            return f"does not match {sample.label}"
    for sample in family.must_not_match:
        if pattern.matches(sample.event):
            return f"also matches {sample.label}"
    return None


def _monitored_log_groups(ctx: CheckContext) -> tuple[list[LogGroup], list[str], list[str]]:
    """Return log groups that a multi-region, logging trail delivers to, plus why
    other trails do not count and the reasons of data that is missing."""
    inventory = all_trails(ctx)
    groups: list[LogGroup] = []
    skipped: list[str] = []
    unknown = list(inventory.missing.values())
    for trail in inventory.trails:
        try:
            group, why_not = _trail_log_group(ctx, trail)
        except DataUnavailable as missing:
            unknown.append(missing.reason)
            continue
        if group is None:
            skipped.append(why_not)
        elif group not in groups:
            groups.append(group)
    return groups, skipped, unknown


def _trail_log_group(ctx: CheckContext, trail: Trail) -> tuple[LogGroup | None, str]:
    if not trail.multi_region:
        return None, f"trail {trail.name} is not multi-region"
    if not trail.log_group_arn:
        return None, f"trail {trail.name} does not deliver to CloudWatch Logs"
    group = parse_log_group_arn(trail.log_group_arn)
    if group is None:
        return None, f"trail {trail.name} names an invalid log group ARN {trail.log_group_arn}"
    if trail.status(ctx).get("IsLogging") is not True:
        return None, f"trail {trail.name} is not logging"
    if group.account != ctx.account_id:
        return None, f"log group {group.name} of trail {trail.name} is in account {group.account}"
    return group, ""


def _judge_group(ctx: CheckContext, family: AlarmFamily, group: LogGroup) -> Verdict:
    data = ctx.data("logs", "DescribeMetricFilters", group.region) or {}
    filters = [f for f in data.get("metricFilters") or [] if f.get("logGroupName") == group.name]
    best: Verdict | None = None
    for metric_filter in filters:
        verdict = _judge_metric_filter(ctx, family, group, metric_filter)
        if verdict.passed:
            return verdict
        if best is None or verdict.stage > best.stage:
            best = verdict
    return best or Verdict(_NO_FILTER, f"log group {group.name} has no metric filter")


def _judge_metric_filter(
    ctx: CheckContext, family: AlarmFamily, group: LogGroup, metric_filter: dict[str, Any]
) -> Verdict:
    name = str(metric_filter.get("filterName"))
    try:
        pattern = parse_filter_pattern(str(metric_filter.get("filterPattern") or ""))
    except UnsupportedFilterPatternError as exc:
        raise DataUnavailable(f"could not assess: metric filter {name}: {exc}") from exc
    except FilterPatternError as exc:
        return Verdict(_NO_FILTER, f"metric filter {name} has an invalid pattern: {exc}")
    problem = judge_filter(family, pattern)
    if problem is not None:
        return Verdict(_NO_FILTER, f"metric filter {name} on {group.name} {problem}")
    best = Verdict(_FILTER_OK, f"metric filter {name} matches but no alarm watches its metric")
    for transformation in metric_filter.get("metricTransformations") or []:
        metric = (str(transformation.get("metricNamespace")), str(transformation.get("metricName")))
        for alarm in _alarms_on(ctx, group.region, metric):
            verdict = _judge_alarm(ctx, name, alarm)
            if verdict.passed:
                return verdict
            best = verdict
    return best


def _alarms_on(ctx: CheckContext, region: str, metric: tuple[str, str]) -> Iterator[dict[str, Any]]:
    data = ctx.data("cloudwatch", "DescribeAlarms", region) or {}
    for alarm in data.get("MetricAlarms") or []:
        if metric in _alarm_metrics(alarm):
            yield alarm


def _alarm_metrics(alarm: dict[str, Any]) -> set[tuple[str, str]]:
    metrics = {(str(alarm.get("Namespace")), str(alarm.get("MetricName")))}
    # Alarms on metric math list their inputs under Metrics instead.
    for query in alarm.get("Metrics") or []:
        metric = (query.get("MetricStat") or {}).get("Metric") or {}
        metrics.add((str(metric.get("Namespace")), str(metric.get("MetricName"))))
    return metrics


def _judge_alarm(ctx: CheckContext, filter_name: str, alarm: dict[str, Any]) -> Verdict:
    name = str(alarm.get("AlarmName"))
    if alarm.get("ActionsEnabled") is False:
        return Verdict(_ALARM_OK, f"alarm {name} on filter {filter_name} has actions disabled")
    topics = [str(a) for a in alarm.get("AlarmActions") or [] if str(a).split(":")[2:3] == ["sns"]]
    for topic in topics:
        confirmed = _confirmed_subscriptions(ctx, topic)
        if confirmed:
            return Verdict(
                _ALARM_OK,
                f"metric filter {filter_name} feeds alarm {name}, which notifies SNS topic "
                f"{topic} with {confirmed} confirmed subscription(s)",
                passed=True,
            )
    if not topics:
        return Verdict(_ALARM_OK, f"alarm {name} on filter {filter_name} notifies no SNS topic")
    return Verdict(
        _ALARM_OK,
        f"alarm {name} on filter {filter_name} notifies SNS topics with no confirmed "
        "subscription: " + ", ".join(topics),
    )


def _confirmed_subscriptions(ctx: CheckContext, topic: str) -> int:
    region = topic.split(":")[3]
    data = ctx.data("sns", "ListSubscriptions", region) or {}
    return sum(
        1
        for sub in data.get("Subscriptions") or []
        if sub.get("TopicArn") == topic and str(sub.get("SubscriptionArn", "")).startswith("arn:")
    )


def _check_family(family: AlarmFamily) -> Callable[[CheckContext], Iterable[Finding]]:
    def run(ctx: CheckContext) -> Iterator[Finding]:
        resource = ctx.snapshot.account_arn
        groups, skipped, unknown = _monitored_log_groups(ctx)
        best: Verdict | None = None
        for group in groups:
            try:
                verdict = _judge_group(ctx, family, group)
            except DataUnavailable as missing:
                unknown.append(missing.reason)
                continue
            if verdict.passed:
                yield ctx.passed(resource, verdict.reason, group.region)
                return
            if best is None or verdict.stage > best.stage:
                best = verdict
        if unknown:
            yield ctx.error(resource, unknown[0])
        elif best is not None:
            yield ctx.failed(resource, best.reason)
        else:
            why = "; ".join(skipped) if skipped else "no CloudTrail trail exists"
            yield ctx.failed(
                resource, f"no multi-region, logging trail delivers to CloudWatch Logs: {why}"
            )

    run.__name__ = f"alarm_{family.key}"
    return run


def _register(family: AlarmFamily) -> None:
    check(
        id=family.check_id,
        title=family.title,
        severity=family.severity,
        practice=Practice.CLOUDTRAIL,
        permissions=_PERMISSIONS,
        risk=family.risk,
        remediation=remediation(family),
        cis=(family.cis,),
        fsbp=(family.security_hub,) if family.security_hub else (),
    )(_check_family(family))


for _family in FAMILIES:
    _register(_family)
