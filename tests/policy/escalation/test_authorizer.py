"""Tests for screening and batch decisions of the escalation Authorizer."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.policy import parse_policy
from seawall.policy.escalation import Authorizer, Identity

ACCOUNT = "111122223333"
PROBES = (("seawallprobe:Probe", "*"),)
ACTION = "iam:CreateAccessKey"


def _policy(resource: str | list[str], **condition: Any) -> Any:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": ACTION, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return parse_policy({"Version": "2012-10-17", "Statement": [statement]}, name="test")


def _user(name: str, *policies: Any, tags: dict[str, str] | None = None) -> Identity:
    arn = f"arn:aws:iam::{ACCOUNT}:user/{name}"
    return Identity("user", name, arn, ACCOUNT, policies, tags=tags or {})


def _role(name: str, *policies: Any) -> Identity:
    return Identity("role", name, f"arn:aws:iam::{ACCOUNT}:role/{name}", ACCOUNT, policies)


TARGETS = [
    _user("alice", tags={"team": "red"}),
    _user("bob", tags={"team": "blue"}),
    _user("app-1"),
    _user("app-2"),
]


def _tags(target: Identity) -> dict[str, Any]:
    keys: dict[str, Any] = {"aws:ResourceAccount": target.account}
    for tag, value in target.tags.items():
        keys[f"aws:ResourceTag/{tag}"] = value
    return keys


CASES = [
    pytest.param(_user("alice", _policy("*")), ["alice", "bob", "app-1", "app-2"], id="any-user"),
    pytest.param(
        _user("alice", _policy(f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}")),
        ["alice"],
        id="own-user-exact",
    ),
    pytest.param(
        _role("ci", _policy(f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}")),
        [],
        id="role-lacks-username",
    ),
    pytest.param(_user("bob", _policy("arn:aws:s3:::bucket/*")), [], id="other-service-start"),
    pytest.param(
        _user("bob", _policy(f"arn:aws:iam::{ACCOUNT}:user/app-*")),
        ["app-1", "app-2"],
        id="wildcard-start",
    ),
    pytest.param(
        _user("bob", _policy("*", StringEquals={"aws:ResourceTag/team": "red"})),
        ["alice"],
        id="resource-tag-condition",
    ),
    pytest.param(
        _user("bob", _policy([f"arn:aws:iam::{ACCOUNT}:user/bob", "arn:aws:s3:::b/*"])),
        ["bob"],
        id="exact-and-other-service",
    ),
]


@pytest.mark.parametrize(("who", "expected"), CASES)
def test_allowed_targets(who: Identity, expected: list[str]) -> None:
    found = Authorizer(ACCOUNT, PROBES).allowed_targets(who, ACTION, TARGETS, _tags)

    assert [t.name for t in found] == expected


@pytest.mark.parametrize(("who", "expected"), CASES)
def test_allowed_targets_agrees_with_allowed(who: Identity, expected: list[str]) -> None:
    auth = Authorizer(ACCOUNT, PROBES)
    one_by_one = [t.name for t in TARGETS if auth.allowed(who, ACTION, t.arn, fixed=_tags(t))]

    assert one_by_one == expected


@pytest.mark.parametrize(("who", "expected"), CASES)
def test_screen_keeps_allowed_targets(who: Identity, expected: list[str]) -> None:
    screened = [t.name for t in Authorizer(ACCOUNT, PROBES).screen_targets(who, ACTION, TARGETS)]

    assert set(expected) <= set(screened)
    assert screened == [t.name for t in TARGETS if t.name in screened]


def test_screen_drops_other_service_patterns() -> None:
    who = _user("bob", _policy("arn:aws:s3:::bucket/*"))

    assert Authorizer(ACCOUNT, PROBES).screen_targets(who, ACTION, TARGETS) == []


def test_action_subject_ignores_unrelated_policies() -> None:
    auth = Authorizer(ACCOUNT, PROBES)
    unrelated = parse_policy(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
        },
        name="s3",
    )
    grant = _policy("*")

    first = auth.action_subject(_user("a", grant), ACTION)
    second = auth.action_subject(_user("b", grant, unrelated), ACTION)

    assert first == second
