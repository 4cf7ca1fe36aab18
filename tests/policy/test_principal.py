"""Principal matching for resource-based and trust policies.

Sources: IAM User Guide, "AWS JSON policy elements: Principal" (everyone, account
principals, role and role-session principals, user principals, service
principals) and "AWS JSON policy elements: NotPrincipal".
"""

from __future__ import annotations

import pytest

from seawall.policy import Principal
from seawall.policy.principal import PrincipalElement, PrincipalMatch

ACCOUNT = "111122223333"
OTHER = "444455556666"
ALICE = Principal.aws(f"arn:aws:iam::{ACCOUNT}:user/alice")
ROLE = Principal.aws(f"arn:aws:iam::{ACCOUNT}:role/app/deploy")
SESSION = Principal.aws(f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/build-42")
OTHER_SESSION = Principal.aws(f"arn:aws:sts::{OTHER}:assumed-role/deploy/build-42")
ROOT = Principal.aws(ACCOUNT)
LAMBDA = Principal.service("lambda.amazonaws.com")
ANONYMOUS = Principal.anonymous()


@pytest.mark.parametrize(
    ("element", "caller", "expected"),
    [
        pytest.param(
            PrincipalElement(wildcard=True), ANONYMOUS, PrincipalMatch.WILDCARD, id="star-anonymous"
        ),
        pytest.param(
            PrincipalElement(wildcard=True), LAMBDA, PrincipalMatch.WILDCARD, id="star-service"
        ),
        pytest.param(
            PrincipalElement(aws=("*",)), ALICE, PrincipalMatch.WILDCARD, id="aws-star-user"
        ),
        pytest.param(
            PrincipalElement(aws=("*",)),
            ANONYMOUS,
            PrincipalMatch.WILDCARD,
            id="aws-star-anonymous",
        ),
        pytest.param(PrincipalElement(aws=("*",)), LAMBDA, None, id="aws-star-not-service"),
        pytest.param(
            PrincipalElement(aws=(ACCOUNT,)), ALICE, PrincipalMatch.ACCOUNT, id="account-id-user"
        ),
        pytest.param(
            PrincipalElement(aws=(f"arn:aws:iam::{ACCOUNT}:root",)),
            SESSION,
            PrincipalMatch.ACCOUNT,
            id="root-arn-session",
        ),
        pytest.param(PrincipalElement(aws=(OTHER,)), ALICE, None, id="other-account"),
        pytest.param(PrincipalElement(aws=(ACCOUNT,)), ANONYMOUS, None, id="account-not-anonymous"),
        pytest.param(
            PrincipalElement(aws=(f"arn:aws:iam::{ACCOUNT}:user/alice",)),
            ALICE,
            PrincipalMatch.EXACT,
            id="user-arn",
        ),
        pytest.param(
            PrincipalElement(aws=(f"arn:aws:iam::{ACCOUNT}:user/bob",)),
            ALICE,
            None,
            id="other-user",
        ),
        pytest.param(
            PrincipalElement(aws=(f"arn:aws:iam::{ACCOUNT}:user/ALICE",)),
            ALICE,
            None,
            id="user-arn-case",
        ),
        pytest.param(
            PrincipalElement(aws=(f"arn:aws:iam::{ACCOUNT}:role/app/deploy",)),
            ROLE,
            PrincipalMatch.EXACT,
            id="role-arn-role",
        ),
        pytest.param(
            PrincipalElement(aws=(f"arn:aws:iam::{ACCOUNT}:role/app/deploy",)),
            SESSION,
            PrincipalMatch.ROLE,
            id="role-arn-session",
        ),
        pytest.param(
            PrincipalElement(aws=(f"arn:aws:iam::{ACCOUNT}:role/app/deploy",)),
            OTHER_SESSION,
            None,
            id="role-arn-other-account-session",
        ),
        pytest.param(
            PrincipalElement(aws=(f"arn:aws:iam::{ACCOUNT}:role/other",)),
            SESSION,
            None,
            id="other-role-session",
        ),
        pytest.param(
            PrincipalElement(aws=(SESSION.identifier,)),
            SESSION,
            PrincipalMatch.EXACT,
            id="session-arn",
        ),
        pytest.param(
            PrincipalElement(aws=(f"arn:aws:iam::{ACCOUNT}:role/*",)),
            SESSION,
            None,
            id="partial-wildcard-literal",
        ),
        pytest.param(
            PrincipalElement(service=("lambda.amazonaws.com",)),
            LAMBDA,
            PrincipalMatch.EXACT,
            id="service",
        ),
        pytest.param(
            PrincipalElement(service=("ec2.amazonaws.com",)), LAMBDA, None, id="other-service"
        ),
        pytest.param(
            PrincipalElement(service=("lambda.amazonaws.com",)), ALICE, None, id="service-not-user"
        ),
        pytest.param(
            PrincipalElement(federated=("cognito-identity.amazonaws.com",)),
            Principal.federated("cognito-identity.amazonaws.com"),
            PrincipalMatch.EXACT,
            id="federated",
        ),
        pytest.param(
            PrincipalElement(canonical_user=("abc123",)),
            Principal.canonical_user("abc123"),
            PrincipalMatch.EXACT,
            id="canonical-user",
        ),
        pytest.param(
            PrincipalElement(aws=(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/alice")),
            ALICE,
            PrincipalMatch.EXACT,
            id="exact-beats-account",
        ),
    ],
)
def test_principal_element_match(
    element: PrincipalElement, caller: Principal, expected: PrincipalMatch | None
) -> None:
    assert element.match(caller) is expected


@pytest.mark.parametrize(
    ("text", "account", "role_name"),
    [
        pytest.param(ACCOUNT, ACCOUNT, None, id="account-id"),
        pytest.param(f"arn:aws:iam::{ACCOUNT}:root", ACCOUNT, None, id="root"),
        pytest.param(f"arn:aws:sts::{ACCOUNT}:assumed-role/r/s", ACCOUNT, "r", id="session"),
        pytest.param(f"arn:aws-us-gov:iam::{ACCOUNT}:user/u", ACCOUNT, None, id="partition"),
    ],
)
def test_principal_aws(text: str, account: str, role_name: str | None) -> None:
    principal = Principal.aws(text)
    assert principal.account == account
    assert principal.role_name == role_name


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("alice", id="name"),
        pytest.param("arn:aws:s3:::bucket", id="not-iam"),
        pytest.param(f"arn:aws:sts::{ACCOUNT}:assumed-role/only-role", id="session-no-name"),
    ],
)
def test_principal_aws_invalid(text: str) -> None:
    with pytest.raises(ValueError, match="invalid"):
        Principal.aws(text)


def test_principal_account_of_others() -> None:
    assert LAMBDA.account is None
    assert ANONYMOUS.account is None
