"""A full scan makes read calls only, all allowed by SecurityAudit and ViewOnlyAccess."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.iam.aws_managed_policies import aws_managed_policies_data

from seawall.aws.actions import iam_action_for
from seawall.aws.session import SessionOptions
from seawall.checks.runner import load_checks, run_checks
from seawall.demo.names import REGIONS
from seawall.inventory.run import run_collection
from seawall.policy import Decision, Policy, Request, evaluate_policy, parse_policy

from .conftest import point_boto3_at

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs" / "aws-access.md"
READ_PREFIXES = ("Get", "List", "Describe")
WRITE_ALLOWLIST = frozenset(
    {
        # It only builds the credential report that GetCredentialReport reads.
        ("iam", "GenerateCredentialReport"),
    }
)
# sts:GetCallerIdentity works even when a policy denies it explicitly.
NO_PERMISSION_NEEDED = frozenset({"sts:GetCallerIdentity"})
MANAGED_POLICIES = ("SecurityAudit", "ViewOnlyAccess")


@pytest.fixture(scope="module")
def scan_calls(demo_server: str) -> set[tuple[str, str]]:
    """The (service, operation) of every API call of a full scan of the demo account."""
    calls: set[tuple[str, str]] = set()
    lock = threading.Lock()

    def record(model: Any, **_: Any) -> None:
        with lock:
            calls.add((model.service_model.service_name, model.name))

    with pytest.MonkeyPatch.context() as monkeypatch:
        point_boto3_at(demo_server, monkeypatch)
        session = boto3.Session()
        session.events.register("before-call", record)
        snapshot = run_collection(
            SessionOptions(regions=tuple(REGIONS), max_attempts=2), session=session
        )
    run_checks(snapshot, load_checks().values())
    return calls


def documented_extra_policy() -> Policy:
    """Parse the inline policy that docs/aws-access.md adds to the two managed policies."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Minimal IAM policy", 1)[1]
    match = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert match is not None, f"no JSON policy under 'Minimal IAM policy' in {DOCS}"
    return parse_policy(match.group(1), name="documented extras")


def scan_policies() -> list[Policy]:
    managed = json.loads(aws_managed_policies_data)
    policies = [parse_policy(managed[name]["Document"], name=name) for name in MANAGED_POLICIES]
    return [*policies, documented_extra_policy()]


def test_scan_calls_read_operations_only(scan_calls: set[tuple[str, str]]) -> None:
    writes = sorted(
        (service, operation)
        for service, operation in scan_calls
        if not operation.startswith(READ_PREFIXES) and (service, operation) not in WRITE_ALLOWLIST
    )

    assert writes == []
    assert len(scan_calls) > 50


def test_scan_actions_allowed_by_audit_policies(scan_calls: set[tuple[str, str]]) -> None:
    policies = scan_policies()
    actions = sorted({iam_action_for(service, operation) for service, operation in scan_calls})

    denied = [
        action
        for action in actions
        if action not in NO_PERMISSION_NEEDED
        and not any(
            evaluate_policy(policy, Request(action)).decision is Decision.ALLOWED
            for policy in policies
        )
    ]

    assert denied == []


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        pytest.param("kms:GetKeyRotationStatus", True, id="security-audit-read"),
        pytest.param("s3:PutBucketPolicy", False, id="write-not-allowed"),
        pytest.param("ssm:GetParameter", True, id="documented-extra"),
        pytest.param("secretsmanager:GetSecretValue", False, id="secret-value-not-allowed"),
    ],
)
def test_audit_policies_decide_known_actions(action: str, allowed: bool) -> None:
    # Without this, an empty or unparsed policy set could make the test above vacuous.
    decisions = [evaluate_policy(policy, Request(action)).decision for policy in scan_policies()]

    assert (Decision.ALLOWED in decisions) is allowed
