"""Tests for sharing escalation decisions between identities that hold the same policies."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.policy import parse_policy
from seawall.policy.escalation import AccountModel, Authorizer, Identity, find_escalations
from seawall.policy.escalation.sharing import ignores_resource, reads_caller

ACCOUNT = "111122223333"
PROBES = (("seawallprobe:Probe", "*"), ("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/x"))
BOSS = f"arn:aws:iam::{ACCOUNT}:user/boss"


def _policy(*statements: dict[str, Any]) -> Any:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name="test")


def _user(name: str, *policies: Any) -> Identity:
    return Identity("user", name, f"arn:aws:iam::{ACCOUNT}:user/{name}", ACCOUNT, policies)


ADMIN = _policy({"Effect": "Allow", "Action": "*", "Resource": "*"})
KEY_FOR_BOSS = _policy({"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": BOSS})
KEY_FOR_CAROL_ONLY = _policy(
    {
        "Effect": "Allow",
        "Action": "iam:CreateAccessKey",
        "Resource": "*",
        "Condition": {"StringEquals": {"aws:username": "carol"}},
    }
)


def test_shared_and_caller_specific_verdicts() -> None:
    model = AccountModel(
        ACCOUNT,
        (
            _user("boss", ADMIN),
            _user("alice", KEY_FOR_BOSS),
            _user("bob", KEY_FOR_BOSS),
            _user("carol", KEY_FOR_CAROL_ONLY),
            _user("dave", KEY_FOR_CAROL_ONLY),
        ),
    )
    paths = {
        verdict.identity.name: verdict.path.describe() if verdict.path else None
        for verdict in find_escalations(model, PROBES)
    }
    to_boss = "-> create an access key for user/boss (iam:CreateAccessKey) -> user/boss is"
    assert paths["alice"] == f"user/alice {to_boss} admin-equivalent"
    assert paths["bob"] == f"user/bob {to_boss} admin-equivalent"
    assert paths["carol"] == f"user/carol {to_boss} admin-equivalent"
    assert paths["dave"] is None


def test_policy_set_shared_only_without_caller_reads() -> None:
    auth = Authorizer(ACCOUNT, PROBES)
    alice, bob = _user("alice", KEY_FOR_BOSS), _user("bob", KEY_FOR_BOSS)
    carol, dave = _user("carol", KEY_FOR_CAROL_ONLY), _user("dave", KEY_FOR_CAROL_ONLY)
    assert auth.policy_set(alice) == auth.policy_set(bob)
    assert auth.policy_set(carol) == carol.arn
    assert auth.policy_set(dave) == dave.arn


def _statement(**fields: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": "sts:AssumeRole", **fields}


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        pytest.param(_statement(Resource="*"), False, id="plain-identity-grant"),
        pytest.param(
            _statement(Resource="*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
            False,
            id="caller-chosen-key",
        ),
        pytest.param(
            _statement(Resource=f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}"),
            True,
            id="variable-in-resource",
        ),
        pytest.param(
            _statement(Resource="*", Condition={"StringEquals": {"aws:PrincipalTag/team": "a"}}),
            True,
            id="principal-tag",
        ),
        pytest.param(
            _statement(Resource="*", Condition={"ArnLike": {"aws:PrincipalArn": "arn:*"}}),
            True,
            id="principal-arn",
        ),
        pytest.param(
            _statement(Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), False, id="trusts-root"
        ),
        pytest.param(_statement(Principal={"AWS": ACCOUNT}), False, id="trusts-account-id"),
        pytest.param(_statement(Principal="*"), False, id="trusts-everyone"),
        pytest.param(
            _statement(Principal={"Service": "lambda.amazonaws.com"}), False, id="trusts-service"
        ),
        pytest.param(_statement(Principal={"AWS": BOSS}), True, id="trusts-one-user"),
        pytest.param(
            {"Effect": "Deny", "NotPrincipal": {"AWS": BOSS}, "Action": "sts:AssumeRole"},
            True,
            id="not-principal",
        ),
    ],
)
def test_reads_caller(statement: dict[str, Any], expected: bool) -> None:
    assert reads_caller(_policy(statement), ACCOUNT) is expected


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        pytest.param(_statement(Resource="*"), True, id="every-resource"),
        pytest.param(_statement(), True, id="trust-without-resource"),
        pytest.param(
            _statement(Resource=f"arn:aws:iam::{ACCOUNT}:role/app-*"), False, id="role-pattern"
        ),
        pytest.param(_statement(NotResource=BOSS), False, id="not-resource"),
        pytest.param(
            _statement(Resource="*", Condition={"StringEquals": {"iam:ResourceTag/team": "a"}}),
            False,
            id="resource-tag",
        ),
        pytest.param(
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
            True,
            id="other-action-only",
        ),
    ],
)
def test_ignores_resource(statement: dict[str, Any], expected: bool) -> None:
    assert ignores_resource(_policy(statement), "sts:assumerole") is expected
