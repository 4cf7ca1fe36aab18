"""Tests for the escalation search over an account model built in code."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.policy import parse_policy
from seawall.policy.escalation import AccountModel, Identity, find_escalations
from seawall.policy.escalation.model import ManagedPolicy

ACCOUNT = "111122223333"
PROBES = (("seawallprobe:Probe", "*"), ("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/x"))


def _policy(*statements: dict[str, Any]) -> Any:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name="test")


def _role(name: str, trusted: str, *statements: dict[str, Any]) -> Identity:
    trust = _policy({"Effect": "Allow", "Principal": {"AWS": trusted}, "Action": "sts:AssumeRole"})
    return Identity(
        "role",
        name,
        f"arn:aws:iam::{ACCOUNT}:role/{name}",
        ACCOUNT,
        (_policy(*statements),) if statements else (),
        trust=trust,
    )


ASSUME_ANY = {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}
ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def _describe(model: AccountModel) -> dict[str, str]:
    results = {}
    for verdict in find_escalations(model, PROBES):
        if verdict.admin:
            results[verdict.identity.label] = "admin"
        elif verdict.path is not None:
            results[verdict.identity.label] = verdict.path.describe()
        else:
            results[verdict.identity.label] = "none"
    return results


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        pytest.param(
            (
                _role("a", f"arn:aws:iam::{ACCOUNT}:role/b", ASSUME_ANY),
                _role("b", f"arn:aws:iam::{ACCOUNT}:role/a", ASSUME_ANY),
            ),
            {"role/a": "none", "role/b": "none"},
            id="two-role-cycle",
        ),
        pytest.param(
            (
                _role("a", f"arn:aws:iam::{ACCOUNT}:role/c", ASSUME_ANY),
                _role("b", f"arn:aws:iam::{ACCOUNT}:role/a", ASSUME_ANY),
                _role("c", f"arn:aws:iam::{ACCOUNT}:role/b", ASSUME_ANY),
                _role("boss", f"arn:aws:iam::{ACCOUNT}:role/c", ADMIN),
            ),
            {
                "role/a": "role/a -> assume role/b (sts:AssumeRole) -> assume role/c "
                "(sts:AssumeRole) -> assume role/boss (sts:AssumeRole) -> role/boss is "
                "admin-equivalent",
                "role/b": "role/b -> assume role/c (sts:AssumeRole) -> assume role/boss "
                "(sts:AssumeRole) -> role/boss is admin-equivalent",
                "role/c": "role/c -> assume role/boss (sts:AssumeRole) -> role/boss is "
                "admin-equivalent",
                "role/boss": "admin",
            },
            id="cycle-with-exit-shortest-paths",
        ),
    ],
)
def test_find_escalations(roles: tuple[Identity, ...], expected: dict[str, str]) -> None:
    assert _describe(AccountModel(ACCOUNT, roles)) == expected


def test_empty_probes_rejected() -> None:
    with pytest.raises(ValueError, match="admin_probes is empty"):
        find_escalations(AccountModel(ACCOUNT, ()), ())


AWS_ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"
MCP_ARN = "arn:aws:iam::aws:policy/AWSMcpServiceActionsFullAccess"
CUSTOM_ARN = f"arn:aws:iam::{ACCOUNT}:policy/Everything"
MCP_ONLY = {**ADMIN, "Condition": {"Bool": {"aws:IsMcpServiceAction": "true"}}}


def _managed(arn: str, statement: dict[str, Any]) -> ManagedPolicy:
    return ManagedPolicy(arn, arn.rsplit("/", 1)[-1], _policy(statement))


@pytest.mark.parametrize(
    ("policies", "excluded", "expected"),
    [
        pytest.param(
            (_managed(MCP_ARN, MCP_ONLY), _managed(AWS_ADMIN_ARN, ADMIN)),
            "arn:aws:iam::aws:policy/none",
            "role/self can attach AdministratorAccess to itself (iam:AttachRolePolicy)",
            id="administrator-access-first",
        ),
        pytest.param(
            (_managed(MCP_ARN, MCP_ONLY), _managed(AWS_ADMIN_ARN, ADMIN)),
            AWS_ADMIN_ARN,
            "role/self can attach AWSMcpServiceActionsFullAccess to itself (iam:AttachRolePolicy)",
            id="only-conditional-left",
        ),
        pytest.param(
            (_managed(MCP_ARN, MCP_ONLY), _managed(CUSTOM_ARN, ADMIN)),
            AWS_ADMIN_ARN,
            "role/self can attach Everything to itself (iam:AttachRolePolicy)",
            id="unconditional-before-conditional",
        ),
    ],
)
def test_attach_prefers_unconditional_admin(
    policies: tuple[ManagedPolicy, ...], excluded: str, expected: str
) -> None:
    # Ruling out AdministratorAccess shows the order of the other policies.
    attach = {
        "Effect": "Allow",
        "Action": "iam:AttachRolePolicy",
        "Resource": "*",
        "Condition": {"ArnNotEquals": {"iam:PolicyARN": excluded}},
    }
    me = _role("self", f"arn:aws:iam::{ACCOUNT}:root", attach)
    model = AccountModel(ACCOUNT, (me,), policies={p.arn: p for p in policies})
    assert _describe(model) == {"role/self": expected}
