"""Lint every AWS managed policy that moto bundles, as identity policies.

AWS's own policies are valid, so each error here was investigated. The expected
counts below pin the result, so a change in the checks or the catalog shows up.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from moto.iam.aws_managed_policies import aws_managed_policies_data

from seawall.policy.lint import Severity, lint_text

# AWS managed policies are exempt from the 6,144-character quota of customer managed
# policies, and 84 of them are longer.
EXPECTED_ERRORS = {"POLICY_SIZE_EXCEEDED": 84, "RESOURCE_TYPE_MISMATCH": 2}
# Statements that list only object actions (s3:GetObject...) for a bucket ARN, which
# grants nothing on that ARN: genuine mistakes in these AWS policies.
EXPECTED_MISMATCHES = [
    ("AIOpsAssistantPolicy", "Statement[1].Resource[0]"),
    ("AWSRefactoringToolkitFullAccess", "Statement[33].Resource[0]"),
]


@pytest.fixture(scope="module")
def managed_findings() -> dict[str, list[tuple[str, Severity, str]]]:
    policies = json.loads(aws_managed_policies_data)
    results = {}
    for name, entry in policies.items():
        text = json.dumps(entry["Document"], indent=2)
        results[name] = [(f.code, f.severity, f.path) for f in lint_text(text)]
    return results


def test_managed_policy_count(managed_findings: dict[str, list[tuple[str, Severity, str]]]) -> None:
    assert len(managed_findings) > 1500


def test_managed_error_counts(managed_findings: dict[str, list[tuple[str, Severity, str]]]) -> None:
    errors = Counter(
        code
        for findings in managed_findings.values()
        for code, severity, _ in findings
        if severity is Severity.ERROR
    )
    assert dict(errors) == EXPECTED_ERRORS


def test_managed_resource_mismatches(
    managed_findings: dict[str, list[tuple[str, Severity, str]]],
) -> None:
    found = sorted(
        (name, path)
        for name, findings in managed_findings.items()
        for code, _, path in findings
        if code == "RESOURCE_TYPE_MISMATCH"
    )
    assert found == EXPECTED_MISMATCHES
