"""Policy variables in Resource and Condition values.

Source: IAM User Guide, "IAM policy elements: Variables and tags": variables
work only in Version 2012-10-17 policies; ``${aws:PrincipalTag/KEY}`` and
``${aws:ResourceTag/KEY}`` read tags from the request context; a default
(``${key, 'value'}``) applies when the key is missing; a missing key without a
default makes the element not match; ``${*}``, ``${?}`` and ``${$}`` stand for
the literal characters; multi-valued keys are not substituted.
"""

from __future__ import annotations

from typing import Any

import pytest

from seawall.policy import Decision, Principal, Request, evaluate_policy, parse_policy

ALICE = Principal.aws("arn:aws:iam::111122223333:user/alice")


def decide(statement: dict[str, Any], request: Request, version: str = "2012-10-17") -> Decision:
    document = {"Version": version, "Statement": [{"Effect": "Allow", **statement}]}
    return evaluate_policy(parse_policy(document), request).decision


ALLOWED = Decision.ALLOWED
IMPLICIT = Decision.IMPLICIT_DENY
TEAM_BUCKET = {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-${aws:PrincipalTag/team}/*"}
SAME_TEAM = {
    "Action": "ec2:StartInstances",
    "Resource": "*",
    "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}},
}


def s3(resource: str, **context: Any) -> Request:
    return Request("s3:GetObject", resource, principal=ALICE, context=context)


def ec2(**context: Any) -> Request:
    return Request("ec2:StartInstances", "*", principal=ALICE, context=context)


CASES = [
    pytest.param(
        TEAM_BUCKET,
        s3("arn:aws:s3:::team-red/k", **{"aws:PrincipalTag/team": "red"}),
        ALLOWED,
        id="principal-tag-in-resource",
    ),
    pytest.param(
        TEAM_BUCKET,
        s3("arn:aws:s3:::team-blue/k", **{"aws:PrincipalTag/team": "red"}),
        IMPLICIT,
        id="principal-tag-other-value",
    ),
    pytest.param(
        TEAM_BUCKET, s3("arn:aws:s3:::team-/k"), IMPLICIT, id="principal-tag-missing-no-match"
    ),
    pytest.param(
        SAME_TEAM,
        ec2(**{"aws:PrincipalTag/team": "red", "aws:ResourceTag/team": "red"}),
        ALLOWED,
        id="resource-tag-equals-principal-tag",
    ),
    pytest.param(
        SAME_TEAM,
        ec2(**{"aws:PrincipalTag/team": "red", "aws:ResourceTag/team": "blue"}),
        IMPLICIT,
        id="resource-tag-differs",
    ),
    pytest.param(
        {
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::home/${aws:PrincipalTag/team, 'shared'}/*",
        },
        s3("arn:aws:s3:::home/shared/k"),
        ALLOWED,
        id="default-when-missing",
    ),
    pytest.param(
        {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"},
        s3("arn:aws:s3:::home/alice/k"),
        ALLOWED,
        id="derived-username",
    ),
    pytest.param(
        {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${*}"},
        s3("arn:aws:s3:::b/*"),
        ALLOWED,
        id="escaped-star-literal",
    ),
    pytest.param(
        {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${*}"},
        s3("arn:aws:s3:::b/k"),
        IMPLICIT,
        id="escaped-star-not-wildcard",
    ),
    pytest.param(
        {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${?}${$}"},
        s3("arn:aws:s3:::b/?$"),
        ALLOWED,
        id="escaped-qmark-and-dollar",
    ),
    pytest.param(
        {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:PrincipalTag/team}/*"},
        s3("arn:aws:s3:::home/*/k", **{"aws:PrincipalTag/team": "*"}),
        ALLOWED,
        id="substituted-star-is-literal",
    ),
    pytest.param(
        {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:PrincipalTag/team}/*"},
        s3("arn:aws:s3:::home/red/k", **{"aws:PrincipalTag/team": "*"}),
        IMPLICIT,
        id="substituted-star-not-wildcard",
    ),
    pytest.param(
        {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${test:tags}/*"},
        s3("arn:aws:s3:::home/a/k", **{"test:tags": ["a", "b"]}),
        IMPLICIT,
        id="multi-valued-not-substituted",
    ),
]


@pytest.mark.parametrize(("statement", "request_", "expected"), CASES)
def test_variable(statement: dict[str, Any], request_: Request, expected: Decision) -> None:
    assert decide(statement, request_) is expected


def test_version_2008_keeps_text() -> None:
    statement = {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}
    assert decide(statement, s3("arn:aws:s3:::home/alice/k"), "2008-10-17") is IMPLICIT
    assert decide(statement, s3("arn:aws:s3:::home/${aws:username}/k"), "2008-10-17") is ALLOWED
