"""CloudWatch alarm checks, one per CIS monitoring family, over Snapshot fixtures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _snapshots_cloudtrail import (
    ACCOUNT,
    HOME,
    LOG_GROUP,
    OTHER,
    TOPIC,
    AccountBuilder,
    log_group_arn,
    run,
    trail_arn,
)

from seawall.checks._alarm_families import FAMILIES, AlarmFamily
from seawall.checks.cloudwatch_alarms import parse_log_group_arn
from seawall.checks.registry import REGISTRY

ACCOUNT_ARN = f"arn:aws:iam::{ACCOUNT}:root"
MAIN = trail_arn("main")

# The check ids are a public contract; the family table must produce exactly these.
CHECK_IDS = {
    "unauthorized_api_calls": "cloudwatch.alarm_unauthorized_api_calls",
    "console_login_without_mfa": "cloudwatch.alarm_console_login_without_mfa",
    "root_usage": "cloudwatch.alarm_root_usage",
    "iam_policy_changes": "cloudwatch.alarm_iam_policy_changes",
    "cloudtrail_changes": "cloudwatch.alarm_cloudtrail_changes",
    "console_auth_failures": "cloudwatch.alarm_console_auth_failures",
    "kms_key_disable_or_deletion": "cloudwatch.alarm_kms_key_disable_or_deletion",
    "s3_bucket_policy_changes": "cloudwatch.alarm_s3_bucket_policy_changes",
    "config_changes": "cloudwatch.alarm_config_changes",
    "security_group_changes": "cloudwatch.alarm_security_group_changes",
    "nacl_changes": "cloudwatch.alarm_nacl_changes",
    "network_gateway_changes": "cloudwatch.alarm_network_gateway_changes",
    "route_table_changes": "cloudwatch.alarm_route_table_changes",
    "vpc_changes": "cloudwatch.alarm_vpc_changes",
    "organizations_changes": "cloudwatch.alarm_organizations_changes",
}
CIS_NUMBERS = {key: f"4.{n}" for n, key in enumerate(CHECK_IDS, start=1)}

Setup = Callable[[AccountBuilder, AlarmFamily], None]


def _family_params() -> list[Any]:
    return [pytest.param(f, id=CHECK_IDS[f.key]) for f in FAMILIES]


def test_families_have_public_ids() -> None:
    assert {f.key: f.check_id for f in FAMILIES} == CHECK_IDS


@pytest.mark.parametrize("family", _family_params())
def test_family_registered_with_cis_number(family: AlarmFamily) -> None:
    meta = REGISTRY[family.check_id].meta
    assert meta.cis == (CIS_NUMBERS[family.key],)
    assert family.pattern in meta.remediation
    assert "logs:DescribeMetricFilters" in meta.permissions


def _monitored(builder: AccountBuilder, family: AlarmFamily, pattern: str | None = None) -> None:
    """A compliant setup: trail, filter, alarm and a confirmed subscription."""
    builder.trail("main", CloudWatchLogsLogGroupArn=log_group_arn())
    builder.metric_filter("cis", family.pattern if pattern is None else pattern, metric="m")
    builder.alarm("cis-alarm", "m")
    builder.subscription()


def _with(*changes: Callable[[AccountBuilder], None]) -> Setup:
    def setup(builder: AccountBuilder, family: AlarmFamily) -> None:
        _monitored(builder, family)
        for change in changes:
            change(builder)

    return setup


PASS_REASON = (
    f"metric filter cis feeds alarm cis-alarm, which notifies SNS topic {TOPIC} "
    "with 1 confirmed subscription(s)"
)
NO_TRAIL = "no multi-region, logging trail delivers to CloudWatch Logs"


def _trail_only(**fields: Any) -> Setup:
    def setup(builder: AccountBuilder, family: AlarmFamily) -> None:
        del family
        builder.trail("main", **fields)

    return setup


def _with_nothing(builder: AccountBuilder, family: AlarmFamily) -> None:
    del builder, family


CASES = [
    pytest.param(_with(), ("pass", ACCOUNT_ARN, PASS_REASON), id="pass"),
    pytest.param(
        _with(lambda b: b.subscription(confirmed=False)),
        ("pass", ACCOUNT_ARN, PASS_REASON),
        id="pass-one-pending-one-confirmed",
    ),
    pytest.param(
        _with_nothing,
        ("fail", ACCOUNT_ARN, f"{NO_TRAIL}: no CloudTrail trail exists"),
        id="fail-no-trail",
    ),
    pytest.param(
        _trail_only(),
        ("fail", ACCOUNT_ARN, f"{NO_TRAIL}: trail main does not deliver to CloudWatch Logs"),
        id="fail-trail-without-log-group",
    ),
    pytest.param(
        _trail_only(CloudWatchLogsLogGroupArn=log_group_arn(), logging=False),
        ("fail", ACCOUNT_ARN, f"{NO_TRAIL}: trail main is not logging"),
        id="fail-trail-not-logging",
    ),
    pytest.param(
        _trail_only(CloudWatchLogsLogGroupArn=log_group_arn(), multi_region=False),
        ("fail", ACCOUNT_ARN, f"{NO_TRAIL}: trail main is not multi-region"),
        id="fail-single-region-trail",
    ),
    pytest.param(
        _trail_only(CloudWatchLogsLogGroupArn=log_group_arn(account="999988887777")),
        (
            "fail",
            ACCOUNT_ARN,
            f"{NO_TRAIL}: log group {LOG_GROUP} of trail main is in account 999988887777",
        ),
        id="fail-log-group-other-account",
    ),
    pytest.param(
        _trail_only(CloudWatchLogsLogGroupArn=log_group_arn()),
        ("fail", ACCOUNT_ARN, f"log group {LOG_GROUP} has no metric filter"),
        id="fail-no-filter",
    ),
    pytest.param(
        lambda b, f: _monitored(b, f, pattern=f.pattern.replace("$.", "$.x", 1)),
        lambda f: (
            "fail",
            ACCOUNT_ARN,
            f"metric filter cis on {LOG_GROUP} does not match {f.must_match[0].label}",
        ),
        id="fail-broken-pattern",
    ),
    pytest.param(
        lambda b, f: _monitored(b, f, pattern="{ $.eventName = * }"),
        lambda f: (
            "fail",
            ACCOUNT_ARN,
            f"metric filter cis on {LOG_GROUP} also matches {f.must_not_match[0].label}",
        ),
        id="fail-matches-everything",
    ),
    pytest.param(
        lambda b, f: _monitored(b, f, pattern="{ ($.eventName = x }"),
        (
            "fail",
            ACCOUNT_ARN,
            "metric filter cis has an invalid pattern: invalid filter pattern: expected ')', "
            "found '}' (column 20)",
        ),
        id="fail-unparseable-pattern",
    ),
    pytest.param(
        lambda b, f: _monitored(b, f, pattern="[version, account, eni]"),
        (
            "error",
            ACCOUNT_ARN,
            "could not assess: metric filter cis: space-delimited filter patterns ('[...]') "
            "are not supported; use a JSON pattern ('{ $.field = value }') for CloudTrail "
            "logs (column 1)",
        ),
        id="error-unsupported-pattern",
    ),
    pytest.param(
        _with(lambda b: b.alarms.clear()),
        ("fail", ACCOUNT_ARN, "metric filter cis matches but no alarm watches its metric"),
        id="fail-no-alarm",
    ),
    pytest.param(
        _with(lambda b: b.alarms.clear(), lambda b: b.alarm("other", "m", Namespace="Other")),
        ("fail", ACCOUNT_ARN, "metric filter cis matches but no alarm watches its metric"),
        id="fail-alarm-other-namespace",
    ),
    pytest.param(
        _with(lambda b: b.alarms.clear(), lambda b: b.alarm("cis-alarm", "m", actions=())),
        ("fail", ACCOUNT_ARN, "alarm cis-alarm on filter cis notifies no SNS topic"),
        id="fail-alarm-without-topic",
    ),
    pytest.param(
        _with(
            lambda b: b.alarms.clear(), lambda b: b.alarm("cis-alarm", "m", ActionsEnabled=False)
        ),
        ("fail", ACCOUNT_ARN, "alarm cis-alarm on filter cis has actions disabled"),
        id="fail-alarm-actions-disabled",
    ),
    pytest.param(
        _with(lambda b: b.subscriptions.clear(), lambda b: b.subscription(confirmed=False)),
        (
            "fail",
            ACCOUNT_ARN,
            f"alarm cis-alarm on filter cis notifies SNS topics with no confirmed "
            f"subscription: {TOPIC}",
        ),
        id="fail-subscription-pending",
    ),
    pytest.param(
        _with(lambda b: b.fail("logs", "DescribeMetricFilters", HOME)),
        (
            "error",
            ACCOUNT_ARN,
            "could not assess: AccessDenied on logs:DescribeMetricFilters in us-east-1",
        ),
        id="error-filters-denied",
    ),
    pytest.param(
        _with(lambda b: b.fail("cloudwatch", "DescribeAlarms", HOME)),
        (
            "error",
            ACCOUNT_ARN,
            "could not assess: AccessDenied on cloudwatch:DescribeAlarms in us-east-1",
        ),
        id="error-alarms-denied",
    ),
    pytest.param(
        _with(lambda b: b.drop("sns", "ListSubscriptions", HOME)),
        (
            "error",
            ACCOUNT_ARN,
            "could not assess: sns:ListSubscriptions in us-east-1 was not collected",
        ),
        id="error-subscriptions-missing",
    ),
    pytest.param(
        _with(lambda b: b.fail("cloudtrail", "GetTrailStatus", HOME, MAIN)),
        (
            "error",
            ACCOUNT_ARN,
            f"could not assess: AccessDenied on cloudtrail:GetTrailStatus for {MAIN} in us-east-1",
        ),
        id="error-trail-status-denied",
    ),
    pytest.param(
        _with(lambda b: b.fail("cloudtrail", "DescribeTrails", OTHER)),
        ("pass", ACCOUNT_ARN, PASS_REASON),
        id="pass-despite-other-region-denied",
    ),
]


@pytest.mark.parametrize(("setup", "expected"), CASES)
@pytest.mark.parametrize("family", _family_params())
def test_alarm_family(family: AlarmFamily, setup: Setup, expected: Any) -> None:
    builder = AccountBuilder()
    setup(builder, family)
    if callable(expected):
        expected = expected(family)
    assert run(family.check_id, builder.build()) == [expected]


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        pytest.param(
            "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/a:b:*",
            ("us-east-1", "111122223333", "CloudTrail/a:b"),
            id="name-with-colon",
        ),
        pytest.param(
            "arn:aws:logs:eu-west-1:111122223333:log-group:trail",
            ("eu-west-1", "111122223333", "trail"),
            id="without-star",
        ),
        pytest.param("arn:aws:s3:::bucket", None, id="not-a-log-group"),
    ],
)
def test_parse_log_group_arn(arn: str, expected: tuple[str, str, str] | None) -> None:
    group = parse_log_group_arn(arn)
    assert (None if group is None else (group.region, group.account, group.name)) == expected


def test_filter_of_other_family_fails() -> None:
    sg = next(f for f in FAMILIES if f.key == "security_group_changes")
    nacl = next(f for f in FAMILIES if f.key == "nacl_changes")
    builder = AccountBuilder()
    _monitored(builder, sg, pattern=nacl.pattern)
    assert run(sg.check_id, builder.build()) == [
        (
            "fail",
            ACCOUNT_ARN,
            f"metric filter cis on {LOG_GROUP} does not match AuthorizeSecurityGroupIngress",
        )
    ]


def test_second_filter_passes_when_first_is_broken() -> None:
    family = FAMILIES[0]
    builder = AccountBuilder()
    _monitored(builder, family, pattern="{ $.eventName = nothing }")
    builder.metric_filter("good", family.pattern, metric="m2")
    builder.alarm("good-alarm", "m2")
    assert run(family.check_id, builder.build()) == [
        (
            "pass",
            ACCOUNT_ARN,
            f"metric filter good feeds alarm good-alarm, which notifies SNS topic {TOPIC} "
            "with 1 confirmed subscription(s)",
        )
    ]
