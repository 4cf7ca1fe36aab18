"""Text, JSON and SARIF renderings of lint results, with a golden SARIF file.

The golden file holds catalog-dependent messages (the catalog date, the suggested
names). After a catalog refresh, rewrite it with ``render_sarif(small_results(),
TOOL_VERSION)`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from seawall.policy.lint import RULES, LintFinding, Severity, lint_bytes
from seawall.policy.lint.output import (
    SARIF_LEVELS,
    FileResult,
    artifact_uri,
    render_json,
    render_sarif,
    render_text,
    sarif_document,
)

GOLDEN = Path(__file__).parent / "golden"
POLICY = GOLDEN / "small-policy.json"
TOOL_VERSION = "0.0.0-test"


def small_results() -> list[FileResult]:
    return [FileResult("policies/small-policy.json", lint_bytes(POLICY.read_bytes()))]


def test_sarif_matches_golden_file() -> None:
    expected = (GOLDEN / "small-policy.sarif").read_text()
    assert render_sarif(small_results(), TOOL_VERSION) == expected


def test_small_policy_findings() -> None:
    findings = small_results()[0].findings
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [
        ("UNKNOWN_ACTION", Severity.WARNING, 7, 34),
        ("INVALID_BOOL_VALUE", Severity.ERROR, 9, 53),
        ("PASS_ROLE_ANY_RESOURCE", Severity.SECURITY_WARNING, 13, 17),
        ("LIKE_WITHOUT_WILDCARD", Severity.SUGGESTION, 20, 49),
    ]


def _require(node: dict[str, Any], *keys: str) -> None:
    for key in keys:
        assert key in node, f"SARIF object lacks required property {key!r}: {node}"


def test_sarif_required_properties() -> None:
    # The required properties of the SARIF 2.1.0 schema for the objects written here:
    # sarifLog (version, runs), run (tool), tool (driver), toolComponent (name),
    # reportingDescriptor (id), result (message), message (text), artifactLocation
    # and region use only optional properties, whose types are checked instead.
    log = sarif_document(small_results(), TOOL_VERSION)
    _require(log, "version", "runs")
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    _require(run, "tool")
    _require(run["tool"], "driver")
    driver = run["tool"]["driver"]
    _require(driver, "name")
    rule_ids = []
    for rule in driver["rules"]:
        _require(rule, "id", "shortDescription")
        _require(rule["shortDescription"], "text")
        assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
        rule_ids.append(rule["id"])
    assert rule_ids == sorted(set(rule_ids))
    for result in run["results"]:
        _require(result, "message", "ruleId", "level", "locations")
        _require(result["message"], "text")
        assert result["level"] in ("none", "note", "warning", "error")
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        physical = result["locations"][0]["physicalLocation"]
        assert isinstance(physical["artifactLocation"]["uri"], str)
        assert physical["region"]["startLine"] >= 1
        assert physical["region"]["startColumn"] >= 1


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        pytest.param(Severity.ERROR, "error", id="error"),
        pytest.param(Severity.SECURITY_WARNING, "error", id="security-warning"),
        pytest.param(Severity.WARNING, "warning", id="warning"),
        pytest.param(Severity.SUGGESTION, "note", id="suggestion"),
    ],
)
def test_sarif_level_mapping(severity: Severity, level: str) -> None:
    assert SARIF_LEVELS[severity] == level


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        pytest.param("policies/a.json", "policies/a.json", id="relative"),
        pytest.param("/srv/a b.json", "file:///srv/a%20b.json", id="absolute"),
        pytest.param("-", "stdin", id="stdin"),
    ],
)
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_text_output_lines() -> None:
    finding = LintFinding("MISSING_VERSION", Severity.WARNING, "No Version.", 1, 1, "")
    other = LintFinding("WRONG_TYPE", Severity.ERROR, "Bad.", 3, 5, "Statement[0].Effect")
    text = render_text([FileResult("a.json", [finding, other]), FileResult("b.json", [])])
    assert text.splitlines() == [
        "a.json:1:1: warning MISSING_VERSION: No Version.",
        "a.json:3:5: error WRONG_TYPE: Bad. [Statement[0].Effect]",
        "2 files linted, 2 findings: 1 error, 0 security_warning, 1 warning, 0 suggestion",
    ]


@pytest.mark.parametrize(
    ("count", "summary"),
    [
        pytest.param(0, "1 file linted, 0 findings", id="none"),
        pytest.param(1, "1 file linted, 1 finding", id="one"),
        pytest.param(2, "1 file linted, 2 findings", id="two"),
    ],
)
def test_text_summary_plural(count: int, summary: str) -> None:
    finding = LintFinding("MISSING_VERSION", Severity.WARNING, "No Version.", 1, 1, "")
    text = render_text([FileResult("a.json", [finding] * count)])
    assert text.splitlines()[-1].startswith(summary + ":")


def test_json_output_shape() -> None:
    finding = LintFinding("WRONG_TYPE", Severity.ERROR, "Bad.", 3, 5, "Statement[0].Effect")
    document = json.loads(render_json([FileResult("a.json", [finding])]))
    assert document["files"] == [
        {
            "path": "a.json",
            "findings": [
                {
                    "code": "WRONG_TYPE",
                    "severity": "error",
                    "message": "Bad.",
                    "line": 3,
                    "column": 5,
                    "path": "Statement[0].Effect",
                }
            ],
        }
    ]
    assert document["summary"] == {
        "error": 1,
        "security_warning": 0,
        "warning": 0,
        "suggestion": 0,
    }


def test_every_rule_renders_in_sarif() -> None:
    findings = [LintFinding(code, rule.severity, "m", 1, 1, "") for code, rule in RULES.items()]
    log = sarif_document([FileResult("a.json", findings)], TOOL_VERSION)
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(RULES)
