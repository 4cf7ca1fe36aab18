"""Tests for the role trust policy checks."""

from __future__ import annotations

from typing import Any

import pytest
from _snapshots_iam import (
    ACCOUNT,
    OTHER_ACCOUNT,
    Result,
    auth_details,
    encoded,
    failed,
    policy,
    role,
    role_arn,
    run,
    snapshot,
)

import seawall.checks.trust  # noqa: F401  (registers the checks)

DEPUTY = "iam.role_trust_confused_deputy"
CROSS = "iam.role_trust_cross_account_unconditioned"
R = role_arn("r")


def _trust(principal: Any, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal,
        "Action": "sts:AssumeRole",
    }
    if condition:
        statement["Condition"] = condition
    return policy(statement)


CONFIG = {"Service": "config.amazonaws.com"}


@pytest.mark.parametrize(
    ("trust", "expected"),
    [
        pytest.param(
            _trust(CONFIG),
            (
                "fail",
                R,
                "config.amazonaws.com may assume it with no aws:SourceArn, aws:SourceAccount "
                "or aws:SourceOrgID",
            ),
            id="unconditioned",
        ),
        pytest.param(
            encoded(_trust(CONFIG)),
            (
                "fail",
                R,
                "config.amazonaws.com may assume it with no aws:SourceArn, aws:SourceAccount "
                "or aws:SourceOrgID",
            ),
            id="url-encoded",
        ),
        pytest.param(
            _trust(CONFIG, {"StringEquals": {"aws:SourceAccount": ACCOUNT}}),
            ("pass", R, "config.amazonaws.com may assume it only for this account"),
            id="source-account",
        ),
        pytest.param(
            _trust(CONFIG, {"StringLike": {"aws:SourceAccount": "*"}}),
            (
                "fail",
                R,
                "config.amazonaws.com may assume it on behalf of another account such as "
                "999999999999",
            ),
            id="wildcard-source-account",
        ),
        pytest.param(
            _trust(
                CONFIG,
                {"ArnLike": {"aws:SourceArn": f"arn:aws:config:*:{ACCOUNT}:*"}},
            ),
            ("pass", R, "config.amazonaws.com may assume it only for this account"),
            id="source-arn",
        ),
        pytest.param(
            _trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
            ("not_applicable", R, "trust policy names no service principal"),
            id="no-service",
        ),
    ],
)
def test_role_trust_confused_deputy(trust: Any, expected: Result) -> None:
    assert run(DEPUTY, snapshot(auth_details(roles=(role("r", trust),)))) == [expected]


def test_confused_deputy_skips_service_linked_roles() -> None:
    linked = role("AWSServiceRoleForConfig", _trust(CONFIG), path="/aws-service-role/")
    assert run(DEPUTY, snapshot(auth_details(roles=(linked,)))) == []


def test_confused_deputy_invalid_trust_is_error() -> None:
    findings = run(DEPUTY, snapshot(auth_details(roles=(role("r", "{oops"),))))
    assert [(s, r) for s, r, _ in findings] == [("error", R)]
    assert findings[0][2].startswith("could not assess: the policy document is invalid")


def test_confused_deputy_denied_details_is_error() -> None:
    assert run(DEPUTY, snapshot(failed("iam", "GetAccountAuthorizationDetails"))) == [
        (
            "error",
            f"arn:aws:iam::{ACCOUNT}:root",
            "could not assess: AccessDenied on iam:GetAccountAuthorizationDetails",
        )
    ]


@pytest.mark.parametrize(
    ("trust", "expected"),
    [
        pytest.param(
            _trust({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}),
            (
                "fail",
                R,
                f"account {OTHER_ACCOUNT} may assume it with no sts:ExternalId or MFA condition",
            ),
            id="account-root",
        ),
        pytest.param(
            _trust({"AWS": OTHER_ACCOUNT}),
            (
                "fail",
                R,
                f"account {OTHER_ACCOUNT} may assume it with no sts:ExternalId or MFA condition",
            ),
            id="bare-account-id",
        ),
        pytest.param(
            _trust({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:role/deployer"}),
            (
                "fail",
                R,
                f"arn:aws:iam::{OTHER_ACCOUNT}:role/deployer may assume it with no "
                "sts:ExternalId or MFA condition",
            ),
            id="foreign-role",
        ),
        pytest.param(
            _trust({"AWS": "*"}),
            ("fail", R, "any AWS account may assume it with no sts:ExternalId or MFA condition"),
            id="anyone",
        ),
        pytest.param(
            _trust(
                {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
                {"StringEquals": {"sts:ExternalId": "abc-123"}},
            ),
            ("pass", R, f"account {OTHER_ACCOUNT} must meet a condition to assume it"),
            id="external-id",
        ),
        pytest.param(
            _trust(
                {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
                {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            ),
            ("pass", R, f"account {OTHER_ACCOUNT} must meet a condition to assume it"),
            id="mfa",
        ),
        pytest.param(
            _trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
            ("not_applicable", R, "trust policy names no other account"),
            id="same-account",
        ),
        pytest.param(
            _trust({"AWS": "AROA0000000000EXAMPLE"}),
            ("not_applicable", R, "trust policy names no other account"),
            id="deleted-role-id",
        ),
        pytest.param(
            _trust(CONFIG),
            ("not_applicable", R, "trust policy names no other account"),
            id="service-only",
        ),
    ],
)
def test_role_trust_cross_account_unconditioned(trust: Any, expected: Result) -> None:
    assert run(CROSS, snapshot(auth_details(roles=(role("r", trust),)))) == [expected]
