"""Context keys derived from the caller.

Source: IAM User Guide, "AWS global condition context keys" (aws:PrincipalArn,
aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:userid,
aws:PrincipalIsAWSService, aws:PrincipalServiceName).
"""

from __future__ import annotations

import pytest

from seawall.policy import Principal, Request, evaluate_policy, parse_policy
from seawall.policy.principal_context import derived_context

ACCOUNT = "111122223333"


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        pytest.param(
            Principal.aws(f"arn:aws:iam::{ACCOUNT}:user/dev/alice"),
            {
                "aws:principalaccount": ACCOUNT,
                "aws:principalisawsservice": "false",
                "aws:principalarn": f"arn:aws:iam::{ACCOUNT}:user/dev/alice",
                "aws:principaltype": "User",
                "aws:username": "alice",
            },
            id="user-with-path",
        ),
        pytest.param(
            Principal.aws(f"arn:aws:sts::{ACCOUNT}:assumed-role/app/session-1"),
            {
                "aws:principalaccount": ACCOUNT,
                "aws:principalisawsservice": "false",
                "aws:principalarn": f"arn:aws:iam::{ACCOUNT}:role/app",
                "aws:principaltype": "AssumedRole",
            },
            id="role-session-gives-role-arn",
        ),
        pytest.param(
            Principal.aws(f"arn:aws:iam::{ACCOUNT}:role/app"),
            {
                "aws:principalaccount": ACCOUNT,
                "aws:principalisawsservice": "false",
                "aws:principalarn": f"arn:aws:iam::{ACCOUNT}:role/app",
                "aws:principaltype": "AssumedRole",
            },
            id="role",
        ),
        pytest.param(
            Principal.aws(ACCOUNT),
            {
                "aws:principalaccount": ACCOUNT,
                "aws:principalisawsservice": "false",
                "aws:principalarn": f"arn:aws:iam::{ACCOUNT}:root",
                "aws:principaltype": "Account",
                "aws:userid": ACCOUNT,
            },
            id="root",
        ),
        pytest.param(
            Principal.aws(f"arn:aws:sts::{ACCOUNT}:federated-user/bob"),
            {
                "aws:principalaccount": ACCOUNT,
                "aws:principalisawsservice": "false",
                "aws:principalarn": f"arn:aws:sts::{ACCOUNT}:federated-user/bob",
                "aws:principaltype": "FederatedUser",
                "aws:userid": f"{ACCOUNT}:bob",
            },
            id="federated-user",
        ),
        pytest.param(Principal.anonymous(), {"aws:principaltype": "Anonymous"}, id="anonymous"),
        pytest.param(
            Principal.service("lambda.amazonaws.com"),
            {
                "aws:principalisawsservice": "true",
                "aws:principalservicename": "lambda.amazonaws.com",
            },
            id="service",
        ),
        pytest.param(None, {}, id="no-principal"),
    ],
)
def test_derived_context(principal: Principal | None, expected: dict[str, str]) -> None:
    assert derived_context(principal) == expected


def test_request_context_overrides_derived() -> None:
    request = Request(
        "s3:GetObject",
        principal=Principal.aws(f"arn:aws:iam::{ACCOUNT}:user/alice"),
        context={"aws:PrincipalArn": "arn:aws:iam::999988887777:user/other"},
    )
    assert request.normalized_context["aws:principalarn"] == "arn:aws:iam::999988887777:user/other"
    assert request.normalized_context["aws:username"] == "alice"


ROLE_ONLY = parse_policy(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "*",
                "Condition": {
                    "ArnEquals": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/app"}
                },
            }
        ],
    }
)


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        pytest.param(f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1", True, id="session-of-role"),
        pytest.param(f"arn:aws:sts::{ACCOUNT}:assumed-role/other/s1", False, id="other-role"),
        pytest.param(f"arn:aws:iam::{ACCOUNT}:user/app", False, id="user-same-name"),
    ],
)
def test_principal_arn_condition(caller: str, expected: bool) -> None:
    request = Request("s3:GetObject", principal=Principal.aws(caller))
    assert evaluate_policy(ROLE_ONLY, request).allowed is expected
