"""Tests for parsing --principal and matching records to it."""

from __future__ import annotations

import pytest
from generate_samples import ACCOUNT, ROLE_ARN, SESSION_ARN, USER_ARN, event

from seawall.trail.generate.principal import PrincipalArnError, PrincipalKind, parse_principal

OTHER_SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/deployer/other"


@pytest.mark.parametrize(
    ("arn", "kind", "name", "session"),
    [
        pytest.param(USER_ARN, PrincipalKind.USER, "alice", None, id="user"),
        pytest.param(ROLE_ARN, PrincipalKind.ROLE, "deployer", None, id="role-with-path"),
        pytest.param(SESSION_ARN, PrincipalKind.ASSUMED_ROLE, "deployer", "build-42", id="session"),
    ],
)
def test_parse_principal(arn: str, kind: PrincipalKind, name: str, session: str | None) -> None:
    principal = parse_principal(arn)

    assert principal.kind is kind
    assert principal.name == name
    assert principal.session == session
    assert principal.account == ACCOUNT


@pytest.mark.parametrize(
    "arn",
    [
        pytest.param("alice", id="not-arn"),
        pytest.param(f"arn:aws:iam::{ACCOUNT}:root", id="root"),
        pytest.param("arn:aws:iam::12345:user/alice", id="short-account"),
        pytest.param(f"arn:aws:s3:::{ACCOUNT}", id="other-service"),
    ],
)
def test_parse_principal_rejects(arn: str) -> None:
    with pytest.raises(PrincipalArnError, match="invalid principal ARN"):
        parse_principal(arn)


@pytest.mark.parametrize(
    ("principal_arn", "record_arn", "expected"),
    [
        pytest.param(USER_ARN, USER_ARN, True, id="user-same"),
        pytest.param(USER_ARN, f"arn:aws:iam::{ACCOUNT}:user/bob", False, id="user-other"),
        pytest.param(ROLE_ARN, SESSION_ARN, True, id="role-any-session"),
        pytest.param(ROLE_ARN, OTHER_SESSION, True, id="role-other-session"),
        pytest.param(SESSION_ARN, SESSION_ARN, True, id="session-same"),
        pytest.param(SESSION_ARN, OTHER_SESSION, False, id="session-other"),
    ],
)
def test_principal_matches(principal_arn: str, record_arn: str, expected: bool) -> None:
    record = event("s3.amazonaws.com", "ListBuckets", arn=record_arn)

    assert parse_principal(principal_arn).matches(record) is expected


def test_role_matches_session_without_issuer() -> None:
    record = event("s3.amazonaws.com", "ListBuckets", arn=SESSION_ARN)
    del record["userIdentity"]["sessionContext"]

    assert parse_principal(f"arn:aws:iam::{ACCOUNT}:role/deployer").matches(record)


def test_role_issuer_must_match_path() -> None:
    record = event("s3.amazonaws.com", "ListBuckets", arn=SESSION_ARN)

    assert not parse_principal(f"arn:aws:iam::{ACCOUNT}:role/deployer").matches(record)
