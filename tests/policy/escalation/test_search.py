"""Tests for the escalation search over an account model built in code."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.policy import parse_policy
from seawall.policy.escalation import AccountModel, Identity, find_escalations

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
