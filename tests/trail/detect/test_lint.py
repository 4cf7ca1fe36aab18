"""Rules that can never match, as lint reports them."""

from __future__ import annotations

from pathlib import Path

import pytest

from seawall.trail.detect.lint import lint_rules

HEADER = "title: t\nid: r1\nlogsource: {product: aws, service: cloudtrail}\n"


@pytest.mark.parametrize(
    ("detection", "message"),
    [
        pytest.param(
            "{sel: {eventSource: iam.amazonaws.com, eventName: StopLogging}, condition: sel}",
            "CloudTrail never records eventName 'StopLogging' for eventSource iam.amazonaws.com",
            id="event-of-other-service",
        ),
        pytest.param(
            "{sel: {eventName: LaunchMissiles}, condition: sel}",
            "CloudTrail never records eventName 'LaunchMissiles':",
            id="event-of-no-service",
        ),
        pytest.param(
            "{sel: {eventname: StopLogging}, condition: sel}",
            "field 'eventname' is not a CloudTrail record field",
            id="misspelled-field",
        ),
        pytest.param(
            "{sel: {awsRegion.name: x}, condition: sel}",
            "field 'awsRegion.name' is not a CloudTrail record field",
            id="nested-in-scalar",
        ),
        pytest.param(
            "{sel: {eventName|containz: Stop}, condition: sel}",
            "unknown modifier 'containz'",
            id="unknown-modifier",
        ),
        pytest.param(
            "{sel: {eventName: StopLogging}, condition: sel or other}",
            "undefined selection 'other'",
            id="undefined-selection",
        ),
    ],
)
def test_lint_reports(tmp_path: Path, detection: str, message: str) -> None:
    path = tmp_path / "rule.yml"
    path.write_text(HEADER + f"detection: {detection}\n", encoding="utf-8")
    problems = lint_rules([path])
    assert len(problems) == 1
    assert message in problems[0].message
    assert problems[0].rule == "r1"


@pytest.mark.parametrize(
    "detection",
    [
        pytest.param(
            "{sel: {eventSource: signin.amazonaws.com, eventName: ConsoleLogin}, condition: sel}",
            id="known-exception",
        ),
        pytest.param(
            "{sel: {eventSource: lambda.amazonaws.com, eventName: CreateFunction20150331},"
            " condition: sel}",
            id="versioned-lambda-name",
        ),
        pytest.param(
            "{sel: {eventSource: s3.amazonaws.com, eventName: DeleteBucketPublicAccessBlock},"
            " condition: sel}",
            id="s3-rest-name",
        ),
        pytest.param(
            "{sel: {requestParameters.anything.goes: 1, eventName: Stop*}, condition: sel}",
            id="free-form-and-wildcard",
        ),
    ],
)
def test_lint_accepts(tmp_path: Path, detection: str) -> None:
    path = tmp_path / "rule.yml"
    path.write_text(HEADER + f"detection: {detection}\n", encoding="utf-8")
    assert lint_rules([path]) == []


def test_lint_compiles_placeholder_rules(tmp_path: Path) -> None:
    path = tmp_path / "rule.yml"
    detection = "{sel: {awsRegion|expand: '%regions%', eventName|containz: x}, condition: sel}"
    path.write_text(HEADER + f"detection: {detection}\n", encoding="utf-8")
    (problem,) = lint_rules([path])
    assert "unknown modifier 'containz'" in problem.message
