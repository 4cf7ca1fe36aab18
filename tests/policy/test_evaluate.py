"""Evaluation of one policy and of every policy type together.

Sources (IAM User Guide): "Policy evaluation logic" (explicit deny wins; SCPs,
RCPs, permissions boundaries and session policies limit; a resource-based policy
that names a user or role session ARN is not limited by a boundary),
"Cross-account policy evaluation logic" (both sides must allow),
"AWS JSON policy elements: Principal" (an account principal delegates to IAM)
and, in the AWS Organizations User Guide, "SCP evaluation" (every level from the
root to the account must allow).
"""

from __future__ import annotations

from typing import Any

import pytest

from seawall.policy import (
    Decision,
    Policy,
    Principal,
    Request,
    StatementMatch,
    evaluate,
    evaluate_policy,
    parse_policy,
    strip_conditions,
)

ACCOUNT = "111122223333"
OTHER = "444455556666"
ALICE = Principal.aws(f"arn:aws:iam::{ACCOUNT}:user/alice")
STRANGER = Principal.aws(f"arn:aws:iam::{OTHER}:user/mallory")
SESSION = Principal.aws(f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1")
BUCKET = "arn:aws:s3:::data"
OBJECT = "arn:aws:s3:::data/report.csv"

ALLOWED = Decision.ALLOWED
IMPLICIT = Decision.IMPLICIT_DENY
EXPLICIT = Decision.EXPLICIT_DENY


def policy(*statements: dict[str, Any], name: str = "p") -> Policy:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name=name)


def allow(action: str = "*", resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: str = "*", resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


SINGLE_CASES = [
    pytest.param(
        policy(allow("s3:GetObject")),
        Request("s3:getobject"),
        ALLOWED,
        id="action-case-insensitive",
    ),
    pytest.param(policy(allow("s3:Get*")), Request("s3:PutObject"), IMPLICIT, id="no-match"),
    pytest.param(
        policy(allow("s3:*"), deny("s3:Delete*")),
        Request("s3:DeleteObject"),
        EXPLICIT,
        id="deny-wins",
    ),
    pytest.param(
        policy(allow("s3:*", "arn:aws:s3:::data/*")),
        Request("s3:GetObject", OBJECT),
        ALLOWED,
        id="resource-wildcard",
    ),
    pytest.param(
        policy(allow("s3:*", "arn:aws:s3:::Data/*")),
        Request("s3:GetObject", OBJECT),
        IMPLICIT,
        id="resource-case-sensitive",
    ),
    pytest.param(
        policy(allow("s3:*", BUCKET)),
        Request("s3:ListBucket"),
        IMPLICIT,
        id="request-star-needs-star",
    ),
    pytest.param(
        policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}),
        Request("s3:GetObject"),
        ALLOWED,
        id="not-action-outside",
    ),
    pytest.param(
        policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}),
        Request("IAM:CreateUser"),
        IMPLICIT,
        id="not-action-inside",
    ),
    pytest.param(
        policy({"Effect": "Allow", "Action": "*", "NotResource": BUCKET}),
        Request("s3:GetObject", OBJECT),
        ALLOWED,
        id="not-resource-outside",
    ),
    pytest.param(
        policy({"Effect": "Allow", "Action": "*", "NotResource": BUCKET}),
        Request("s3:GetObject", BUCKET),
        IMPLICIT,
        id="not-resource-inside",
    ),
    pytest.param(
        policy(
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Service": "ec2.amazonaws.com"},
            }
        ),
        Request("sts:AssumeRole", principal=Principal.service("ec2.amazonaws.com")),
        ALLOWED,
        id="trust-policy-no-resource",
    ),
    pytest.param(
        policy(allow(Principal={"AWS": OTHER})),
        Request("s3:GetObject", principal=ALICE),
        IMPLICIT,
        id="principal-other-account",
    ),
    pytest.param(
        policy(allow(Principal={"AWS": OTHER})),
        Request("s3:GetObject"),
        ALLOWED,
        id="no-principal-ignores-element",
    ),
    pytest.param(
        policy(allow(NotPrincipal={"AWS": ALICE.identifier})),
        Request("s3:GetObject", principal=ALICE),
        IMPLICIT,
        id="not-principal-named",
    ),
    pytest.param(
        policy(allow(NotPrincipal={"AWS": ALICE.identifier})),
        Request("s3:GetObject", principal=STRANGER),
        ALLOWED,
        id="not-principal-other",
    ),
    pytest.param(
        policy(allow(NotPrincipal={"AWS": ALICE.identifier})),
        Request("s3:GetObject", principal=Principal.anonymous()),
        ALLOWED,
        id="not-principal-anonymous",
    ),
    pytest.param(
        policy(deny(Principal="*", Condition={"Bool": {"aws:SecureTransport": False}})),
        Request(
            "s3:GetObject", principal=Principal.anonymous(), context={"aws:SecureTransport": True}
        ),
        IMPLICIT,
        id="https-deny-not-triggered",
    ),
    pytest.param(
        policy(deny(Principal="*", Condition={"Bool": {"aws:SecureTransport": False}})),
        Request(
            "s3:GetObject", principal=Principal.anonymous(), context={"aws:securetransport": False}
        ),
        EXPLICIT,
        id="https-deny-triggered",
    ),
    pytest.param(
        policy(allow("s3:*", "arn:aws:s3:::data/${aws:username}/*")),
        Request("s3:GetObject", "arn:aws:s3:::data/alice/x", context={"aws:username": "alice"}),
        ALLOWED,
        id="resource-variable",
    ),
    pytest.param(
        policy(allow("s3:*", "arn:aws:s3:::data/${aws:username}/*")),
        Request("s3:GetObject", "arn:aws:s3:::data/alice/x"),
        IMPLICIT,
        id="resource-variable-missing",
    ),
    pytest.param(
        parse_policy(
            {
                "Version": "2008-10-17",
                "Statement": [allow("s3:*", "arn:aws:s3:::data/${aws:username}/*")],
            }
        ),
        Request("s3:GetObject", "arn:aws:s3:::data/alice/x", context={"aws:username": "alice"}),
        IMPLICIT,
        id="old-version-no-variables",
    ),
    pytest.param(
        policy(
            allow(
                Condition={
                    "StringEquals": {"aws:PrincipalTag/team": "a"},
                    "Bool": {"aws:MultiFactorAuthPresent": "true"},
                }
            )
        ),
        Request("s3:GetObject", context={"aws:PrincipalTag/team": "a"}),
        IMPLICIT,
        id="conditions-and-ed",
    ),
    pytest.param(
        policy(
            allow(
                Condition={
                    "StringEquals": {
                        "aws:PrincipalTag/team": "a",
                        "aws:RequestedRegion": "eu-west-1",
                    }
                }
            )
        ),
        Request(
            "s3:GetObject",
            context={"aws:PrincipalTag/team": "a", "aws:RequestedRegion": "eu-west-1"},
        ),
        ALLOWED,
        id="keys-and-ed",
    ),
]


@pytest.mark.parametrize(("document", "request_", "expected"), SINGLE_CASES)
def test_evaluate_policy(document: Policy, request_: Request, expected: Decision) -> None:
    assert evaluate_policy(document, request_).decision is expected


def test_evaluate_policy_explains() -> None:
    document = policy(
        {"Sid": "Read", **allow("s3:Get*")},
        {
            "Sid": "NoDelete",
            **deny("s3:DeleteObject", Condition={"Null": {"aws:MultiFactorAuthAge": "true"}}),
        },
        name="bucket-policy",
    )
    result = evaluate_policy(document, Request("s3:DeleteObject", OBJECT))
    assert result.allowed is False
    assert result.statements == [
        StatementMatch(
            policy_name="bucket-policy",
            statement_index=1,
            sid="NoDelete",
            effect="Deny",
            reason="Deny statement matches action 's3:DeleteObject', resource "
            "'arn:aws:s3:::data/report.csv', and its condition holds",
        )
    ]


def test_evaluate_policy_lists_every_allow() -> None:
    document = policy(allow("s3:*"), allow("s3:GetObject"), allow("ec2:*"))
    result = evaluate_policy(document, Request("s3:GetObject"))
    assert result.allowed is True
    assert [m.statement_index for m in result.statements] == [0, 1]


def test_strip_conditions() -> None:
    document = policy(allow("s3:*", Condition={"Bool": {"aws:SecureTransport": "true"}}))
    request = Request("s3:GetObject")
    stripped = strip_conditions(document)
    assert evaluate_policy(document, request).decision is IMPLICIT
    assert evaluate_policy(stripped, request).decision is ALLOWED
    assert stripped.statements[0].conditions == ()
    assert document.statements[0].conditions != ()
    assert stripped.name == document.name


ALLOW_ALL = policy(allow(), name="allow-all")
ALLOW_S3 = policy(allow("s3:*"), name="allow-s3")
DENY_S3 = policy(deny("s3:*"), name="deny-s3")
BUCKET_FOR_ALICE = policy(allow("s3:*", OBJECT, Principal={"AWS": ALICE.identifier}), name="bp")
BUCKET_FOR_ACCOUNT = policy(allow("s3:*", OBJECT, Principal={"AWS": ACCOUNT}), name="bp")
BUCKET_FOR_OTHER_ACCOUNT = policy(allow("s3:*", OBJECT, Principal={"AWS": OTHER}), name="bp")
BUCKET_PUBLIC = policy(allow("s3:GetObject", OBJECT, Principal="*"), name="bp")
BUCKET_FOR_ROLE = policy(
    allow("s3:*", OBJECT, Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:role/app"}), name="bp"
)
BUCKET_FOR_SESSION = policy(allow("s3:*", OBJECT, Principal={"AWS": SESSION.identifier}), name="bp")


def req(principal: Principal | None, resource_account: str | None = ACCOUNT) -> Request:
    return Request("s3:GetObject", OBJECT, principal=principal, resource_account=resource_account)


FULL_CASES: list[Any] = [
    pytest.param(req(ALICE), {"identity": [ALLOW_S3]}, ALLOWED, id="identity-allow"),
    pytest.param(req(ALICE), {}, IMPLICIT, id="nothing-allows"),
    pytest.param(req(ALICE), {"identity": [ALLOW_S3, DENY_S3]}, EXPLICIT, id="identity-deny-wins"),
    pytest.param(
        req(ALICE),
        {"identity": [ALLOW_S3], "resource": policy(deny(Principal="*"))},
        EXPLICIT,
        id="resource-deny-wins",
    ),
    pytest.param(
        req(ALICE), {"resource": BUCKET_FOR_ALICE}, ALLOWED, id="same-account-resource-names-user"
    ),
    pytest.param(
        req(ALICE),
        {"resource": BUCKET_FOR_ACCOUNT},
        IMPLICIT,
        id="same-account-root-needs-identity",
    ),
    pytest.param(
        req(ALICE),
        {"resource": BUCKET_FOR_ACCOUNT, "identity": [ALLOW_S3]},
        ALLOWED,
        id="same-account-root-with-identity",
    ),
    pytest.param(req(ALICE), {"resource": BUCKET_PUBLIC}, ALLOWED, id="same-account-public"),
    pytest.param(
        req(ALICE, None), {"resource": BUCKET_FOR_ALICE}, ALLOWED, id="no-resource-account-is-same"
    ),
    pytest.param(
        req(STRANGER), {"identity": [ALLOW_S3]}, IMPLICIT, id="cross-account-identity-only"
    ),
    pytest.param(
        req(STRANGER),
        {"resource": BUCKET_FOR_OTHER_ACCOUNT},
        IMPLICIT,
        id="cross-account-resource-only",
    ),
    pytest.param(
        req(STRANGER),
        {"resource": BUCKET_FOR_OTHER_ACCOUNT, "identity": [ALLOW_S3]},
        ALLOWED,
        id="cross-account-both",
    ),
    pytest.param(
        req(STRANGER),
        {"resource": BUCKET_FOR_ALICE, "identity": [ALLOW_S3]},
        IMPLICIT,
        id="cross-account-wrong-principal",
    ),
    pytest.param(
        req(STRANGER),
        {"resource": BUCKET_PUBLIC, "identity": [ALLOW_ALL]},
        ALLOWED,
        id="cross-account-public",
    ),
    pytest.param(
        req(Principal.anonymous()), {"resource": BUCKET_PUBLIC}, ALLOWED, id="anonymous-public"
    ),
    pytest.param(
        req(Principal.anonymous()),
        {"resource": BUCKET_FOR_ACCOUNT},
        IMPLICIT,
        id="anonymous-private",
    ),
    pytest.param(
        req(Principal.anonymous()),
        {"resource": BUCKET_PUBLIC, "scps": [[DENY_S3]]},
        ALLOWED,
        id="anonymous-ignores-scps",
    ),
    pytest.param(
        req(Principal.anonymous()),
        {"resource": BUCKET_PUBLIC, "rcps": [[DENY_S3]]},
        EXPLICIT,
        id="anonymous-rcp-deny",
    ),
    pytest.param(
        req(ALICE),
        {"identity": [ALLOW_S3], "scps": [[ALLOW_ALL], [ALLOW_S3]]},
        ALLOWED,
        id="scp-every-level-allows",
    ),
    pytest.param(
        req(ALICE),
        {"identity": [ALLOW_S3], "scps": [[ALLOW_ALL], [], [ALLOW_ALL]]},
        IMPLICIT,
        id="scp-empty-level",
    ),
    pytest.param(
        req(ALICE),
        {"identity": [ALLOW_S3], "scps": [[ALLOW_ALL], [policy(allow("ec2:*"))]]},
        IMPLICIT,
        id="scp-level-without-allow",
    ),
    pytest.param(
        req(ALICE),
        {"identity": [ALLOW_S3], "scps": [[ALLOW_ALL, DENY_S3]]},
        EXPLICIT,
        id="scp-deny",
    ),
    pytest.param(req(ALICE), {"identity": [ALLOW_S3], "scps": []}, ALLOWED, id="no-scps"),
    pytest.param(
        req(ALICE),
        {
            "identity": [ALLOW_S3],
            "scps": [[ALLOW_ALL]],
            "rcps": [[policy(allow("ec2:*", Principal="*"))]],
        },
        IMPLICIT,
        id="rcp-level-without-allow",
    ),
    pytest.param(
        req(ALICE),
        {"identity": [ALLOW_S3], "boundary": policy(allow("ec2:*"))},
        IMPLICIT,
        id="boundary-blocks",
    ),
    pytest.param(
        req(ALICE), {"identity": [ALLOW_S3], "boundary": ALLOW_ALL}, ALLOWED, id="boundary-allows"
    ),
    pytest.param(req(ALICE), {"boundary": ALLOW_ALL}, IMPLICIT, id="boundary-grants-nothing"),
    pytest.param(
        req(ALICE), {"identity": [ALLOW_S3], "boundary": DENY_S3}, EXPLICIT, id="boundary-deny"
    ),
    pytest.param(
        req(SESSION),
        {"identity": [ALLOW_S3], "session": policy(allow("ec2:*"))},
        IMPLICIT,
        id="session-policy-blocks",
    ),
    pytest.param(
        req(ALICE),
        {"resource": BUCKET_FOR_ALICE, "boundary": policy(allow("ec2:*"))},
        ALLOWED,
        id="resource-names-user-escapes-boundary",
    ),
    pytest.param(
        req(SESSION),
        {"resource": BUCKET_FOR_ROLE, "boundary": policy(allow("ec2:*"))},
        IMPLICIT,
        id="resource-names-role-boundary-limits",
    ),
    pytest.param(
        req(SESSION),
        {"resource": BUCKET_FOR_ROLE},
        ALLOWED,
        id="resource-names-role-session-allowed",
    ),
    pytest.param(
        req(SESSION),
        {"resource": BUCKET_FOR_SESSION, "session": policy(allow("ec2:*"))},
        ALLOWED,
        id="resource-names-session-escapes-session-policy",
    ),
    pytest.param(
        req(Principal.service("cloudtrail.amazonaws.com")),
        {
            "resource": policy(
                allow("s3:*", OBJECT, Principal={"Service": "cloudtrail.amazonaws.com"})
            ),
            "scps": [[DENY_S3]],
            "rcps": [[DENY_S3]],
        },
        ALLOWED,
        id="service-ignores-scps-and-rcps",
    ),
    pytest.param(
        req(None), {"identity": [ALLOW_S3], "scps": [[ALLOW_ALL]]}, ALLOWED, id="no-principal"
    ),
]


@pytest.mark.parametrize(("request_", "policies", "expected"), FULL_CASES)
def test_evaluate(request_: Request, policies: dict[str, Any], expected: Decision) -> None:
    assert evaluate(request_, **policies).decision is expected


def test_evaluate_explains_cross_account_allow() -> None:
    result = evaluate(req(STRANGER), identity=[ALLOW_S3], resource=BUCKET_FOR_OTHER_ACCOUNT)
    assert [(m.policy_name, m.effect) for m in result.statements] == [
        ("allow-s3", "Allow"),
        ("bp", "Allow"),
    ]
    assert "cross-account" in result.reason


def test_evaluate_explains_scp_level() -> None:
    result = evaluate(req(ALICE), identity=[ALLOW_S3], scps=[[ALLOW_ALL], [policy(name="ou")]])
    assert result.statements == []
    assert result.reason.startswith("no SCP at level 1 (ou)")


def test_evaluate_explains_deny() -> None:
    result = evaluate(req(ALICE), identity=[ALLOW_S3], scps=[[ALLOW_ALL, DENY_S3]])
    assert [(m.policy_name, m.effect, m.statement_index) for m in result.statements] == [
        ("deny-s3", "Deny", 0)
    ]
