"""Tests for the probe-based policy judgements, on hand-written documents and
on every AWS managed policy document that moto bundles."""

from __future__ import annotations

import json
from typing import Any

import pytest

from seawall.checks._policy_judge import (
    AdminJudgement,
    classify_documents,
    judge_admin,
    judge_service_wildcards,
)
from seawall.policy import parse_policy


def _policy(*statements: dict[str, Any]) -> Any:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name="test")


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        pytest.param(
            [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            AdminJudgement(True),
            id="star",
        ),
        pytest.param(
            [{"Effect": "Allow", "NotAction": "iam:PassRole", "Resource": "*"}],
            AdminJudgement(False),
            id="notaction-leaves-out-passrole",
        ),
        pytest.param(
            [{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::x"}],
            AdminJudgement(True),
            id="notresource-unrelated",
        ),
        pytest.param(
            [
                {
                    "Effect": "Allow",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}},
                }
            ],
            AdminJudgement(True, ("aws:RequestedRegion StringEquals eu-west-1 holds",)),
            id="region-condition",
        ),
        pytest.param(
            [{"Effect": "Allow", "Action": ["s3:*", "iam:*", "ec2:*"], "Resource": "*"}],
            AdminJudgement(False),
            id="several-services",
        ),
        pytest.param(
            [{"Effect": "Allow", "NotAction": ["budgets:*", "ce:Get*"], "Resource": "*"}],
            AdminJudgement(True, excluded=("budgets:*", "ce:Get*")),
            id="notaction-outside-probes",
        ),
        pytest.param(
            [
                {"Effect": "Allow", "NotAction": "budgets:*", "Resource": "*"},
                {"Effect": "Allow", "Action": "budgets:*", "Resource": "*"},
            ],
            AdminJudgement(True),
            id="notaction-granted-back",
        ),
        pytest.param(
            [{"Effect": "Allow", "NotAction": "seawallnothing:Nothing", "Resource": "*"}],
            AdminJudgement(True, excluded=("seawallnothing:Nothing",)),
            id="notaction-single-action",
        ),
    ],
)
def test_judge_admin(statements: list[dict[str, Any]], expected: AdminJudgement) -> None:
    assert judge_admin(_policy(*statements)) == expected


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        pytest.param(
            [{"Effect": "Allow", "Action": "S3:*", "Resource": "*"}], ("s3",), id="case-insensitive"
        ),
        pytest.param(
            [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b?-logs/*"}],
            ("s3",),
            id="question-mark-resource",
        ),
        pytest.param(
            [{"Effect": "Allow", "Action": "s3:*Object*", "Resource": "*"}], (), id="infix-wildcard"
        ),
        pytest.param(
            [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}],
            (
                "account",
                "cloudformation",
                "cloudtrail",
                "cloudwatch",
                "config",
                "dynamodb",
                "ec2",
                "ecr",
                "ecs",
                "eks",
                "guardduty",
                "kms",
                "lambda",
                "logs",
                "rds",
                "s3",
                "seawallprobe",
                "secretsmanager",
                "securityhub",
                "sns",
                "sqs",
                "ssm",
                "sts",
            ),
            id="power-user-style",
        ),
    ],
)
def test_judge_service_wildcards(
    statements: list[dict[str, Any]], expected: tuple[str, ...]
) -> None:
    assert judge_service_wildcards(_policy(*statements)).services == expected


# Pinned from moto 5.2.5's bundled documents; regenerate the list with
# scripts/list_admin_managed_policies.py when moto is upgraded.
EXPECTED_ADMIN = {
    "AWSMcpServiceActionsFullAccess": ("aws:IsMcpServiceAction Bool true holds",),
    "AdministratorAccess": (),
}
EXPECTED_SERVICE_WILDCARD_COUNT = 299
EXPECTED_DOCUMENT_COUNT = 1582


@pytest.fixture(scope="module")
def managed_documents() -> list[tuple[str, Any]]:
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    policies = json.loads(aws_managed_policies_data)
    return [(name, item["Document"]) for name, item in policies.items()]


def test_managed_policy_count(managed_documents: list[tuple[str, Any]]) -> None:
    assert len(managed_documents) == EXPECTED_DOCUMENT_COUNT


def test_managed_policies_classified(managed_documents: list[tuple[str, Any]]) -> None:
    result = classify_documents(managed_documents)
    assert result.admin == EXPECTED_ADMIN
    assert len(result.service_wildcard) == EXPECTED_SERVICE_WILDCARD_COUNT
    assert "PowerUserAccess" not in result.admin
    assert "PowerUserAccess" in result.service_wildcard
    assert "ReadOnlyAccess" not in result.service_wildcard


def test_admin_doc_matches_pin() -> None:
    from pathlib import Path

    doc = Path(__file__).parents[2] / "docs" / "admin-equivalent-managed-policies.md"
    listed = [
        line.split("|")[1].strip()
        for line in doc.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| Policy")
    ]
    assert listed == sorted(EXPECTED_ADMIN)
