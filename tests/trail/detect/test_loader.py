"""Loading Sigma rule files: metadata, problems, correlations and SigmaHQ-style rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from seawall.findings.model import Severity
from seawall.trail.detect.loader import load_rules, parse_timespan
from seawall.trail.detect.model import CorrelationType

from .rule_samples import record

SIGMAHQ_STYLE = Path(__file__).parent / "sigmahq_style"

BASE_RULE = """
title: Secret read
name: secret_read
id: base-1
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName: GetSecretValue}
  condition: selection
level: low
"""


def write(tmp_path: Path, text: str, name: str = "rule.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sigmahq_style_rules_load_unchanged() -> None:
    rule_set = load_rules([SIGMAHQ_STYLE])
    assert rule_set.problems == []
    assert sorted(rule.info.title for rule in rule_set.rules) == [
        "API Call From an Offensive Security Distribution",
        "ECS Task Definition Reads Container Credentials Endpoint",
        "Route 53 Domain Transferred to Another Account",
    ]


@pytest.mark.parametrize(
    ("rule_id", "event", "expected"),
    [
        pytest.param(
            "0f4c3bd3-3b61-4b7e-9a4f-3a1b2f7d9e10",
            {
                "eventSource": "ecs.amazonaws.com",
                "eventName": "RegisterTaskDefinition",
                "requestParameters": {
                    "containerDefinitions": [
                        {"command": ["sh", "-c", "curl 169.254.170.2$AWS_CONTAINER_URI"]}
                    ]
                },
            },
            True,
            id="ecs-nested-list",
        ),
        pytest.param(
            "5b2a7e61-cc0e-4f4e-b1a9-91b4c06e1f22",
            {
                "eventSource": "route53domains.amazonaws.com",
                "eventName": "TransferDomainToAnotherAwsAccount",
                "errorCode": "AccessDenied",
            },
            False,
            id="route53-failed-call-filtered",
        ),
        pytest.param(
            "9d0e3f84-8f3a-4b0b-8e6d-2c7e5a6b4f31",
            {"eventName": "ListBuckets", "userAgent": "aws-cli/2.15 distrib#Kali.2024"},
            True,
            id="user-agent",
        ),
    ],
)
def test_sigmahq_style_rules_match(rule_id: str, event: dict[str, object], expected: bool) -> None:
    rules = {rule.info.id: rule for rule in load_rules([SIGMAHQ_STYLE]).rules}
    assert rules[rule_id].matches(event) is expected


def test_rule_metadata() -> None:
    rule_set = load_rules([SIGMAHQ_STYLE / "aws_route53_domain_transfer_out.yml"])
    (rule,) = rule_set.rules
    assert rule.info.level is Severity.LOW
    assert rule.info.status == "test"
    assert rule.info.tags[0] == "attack.persistence"
    assert rule.info.fields == ("requestParameters.domainName", "requestParameters.accountId")
    assert rule.event_filter is not None
    assert rule.event_filter("transferDomainToAnotherAwsAccount") is True
    assert rule.event_filter("GetDomainDetail") is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("title: x\n", "missing 'id'", id="no-id"),
        pytest.param(
            "title: x\nid: a\nlogsource: {product: aws, service: cloudtrail}\n"
            "detection: {sel: {eventName|containz: x}, condition: sel}\n",
            "unknown modifier 'containz'",
            id="unknown-modifier",
        ),
        pytest.param(
            "title: x\nid: a\nlogsource: {product: aws, service: cloudtrail}\n"
            "detection: {sel: {eventName: x}, condition: sel and other}\n",
            "undefined selection 'other'",
            id="undefined-selection",
        ),
        pytest.param(
            "title: x\nid: a\nlogsource: {product: aws, service: cloudtrail}\n"
            "detection: {keywords: [evil], condition: keywords}\n",
            "keyword searches",
            id="keyword-list",
        ),
        pytest.param(
            "title: x\nid: a\nlevel: severe\nlogsource: {product: aws, service: cloudtrail}\n"
            "detection: {sel: {eventName: x}, condition: sel}\n",
            "invalid level 'severe'",
            id="bad-level",
        ),
        pytest.param("title: [unclosed\n", "cannot read YAML", id="bad-yaml"),
    ],
)
def test_load_problems(tmp_path: Path, text: str, message: str) -> None:
    rule_set = load_rules([write(tmp_path, text)])
    assert rule_set.rules == []
    assert len(rule_set.problems) == 1
    assert message in rule_set.problems[0].message


def test_other_log_source_is_skipped(tmp_path: Path) -> None:
    text = "title: x\nid: a\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n"
    rule_set = load_rules([write(tmp_path, text)])
    assert rule_set.rules == []
    assert rule_set.problems == []
    assert rule_set.skipped == [("a", "logsource is not product: aws, service: cloudtrail")]


def test_correlation_resolves_and_silences_base(tmp_path: Path) -> None:
    text = (
        BASE_RULE
        + """---
title: Many secrets
id: corr-1
correlation:
  type: value_count
  rules: [secret_read]
  group-by: [userIdentity.arn]
  timespan: 10m
  condition: {gte: 3, field: requestParameters.secretId}
level: high
"""
    )
    rule_set = load_rules([write(tmp_path, text)])
    assert rule_set.problems == []
    (correlation,) = rule_set.correlations
    assert correlation.kind is CorrelationType.VALUE_COUNT
    assert correlation.rules == ("base-1",)
    assert correlation.timespan_seconds == 600
    assert correlation.value_field == "requestParameters.secretId"
    assert rule_set.rules[0].silent is True


def test_correlation_generate_keeps_base(tmp_path: Path) -> None:
    text = (
        BASE_RULE
        + """---
title: Many reads
id: corr-2
correlation: {type: event_count, rules: [base-1], timespan: 1h, condition: {gt: 5}, generate: true}
"""
    )
    rule_set = load_rules([write(tmp_path, text)])
    assert rule_set.rules[0].silent is False
    assert rule_set.correlations[0].operator == "gt"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            "{type: sequence, rules: [base-1], timespan: 1h, condition: {gte: 1}}",
            "not one of event_count, value_count, temporal",
            id="bad-type",
        ),
        pytest.param(
            "{type: event_count, rules: [nope], timespan: 1h, condition: {gte: 1}}",
            "unknown rule(s) nope",
            id="unknown-rule",
        ),
        pytest.param(
            "{type: value_count, rules: [base-1], timespan: 1h, condition: {gte: 1}}",
            "needs 'condition.field'",
            id="value-count-without-field",
        ),
        pytest.param(
            "{type: event_count, rules: [base-1], timespan: soon, condition: {gte: 1}}",
            "invalid timespan 'soon'",
            id="bad-timespan",
        ),
    ],
)
def test_correlation_problems(tmp_path: Path, body: str, message: str) -> None:
    text = BASE_RULE + f"---\ntitle: c\nid: c1\ncorrelation: {body}\n"
    rule_set = load_rules([write(tmp_path, text)])
    assert len(rule_set.problems) == 1
    assert message in rule_set.problems[0].message


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        pytest.param("30s", 30, id="seconds"),
        pytest.param("10m", 600, id="minutes"),
        pytest.param("2h", 7200, id="hours"),
        pytest.param("1d", 86400, id="days"),
    ],
)
def test_parse_timespan(text: str, seconds: float) -> None:
    assert parse_timespan(text) == seconds


def test_placeholder_rule_skipped_without_values(tmp_path: Path) -> None:
    text = (
        "title: x\nid: region\nlogsource: {product: aws, service: cloudtrail}\n"
        "detection: {allowed: {awsRegion|expand: '%allowed_regions%'}, condition: not allowed}\n"
    )
    path = write(tmp_path, text)
    assert load_rules([path]).skipped == [
        ("region", "placeholder %allowed_regions% has no values in this run")
    ]
    (rule,) = load_rules([path], {"allowed_regions": ["us-east-1"]}).rules
    assert rule.matches(record(awsRegion="eu-west-1")) is True
    assert rule.matches(record(awsRegion="us-east-1")) is False


def test_missing_rules_path_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        load_rules([tmp_path / "absent"])
