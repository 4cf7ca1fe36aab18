"""The statement-by-statement trace that says why each statement matched or not."""

from __future__ import annotations

import pytest

from seawall.policy import Principal, Request, parse_policy
from seawall.policy.explain import StatementTrace, trace

POLICY = parse_policy(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::logs/*"},
            {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::data/*"},
            {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": "*",
                "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            },
            {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "true"}},
            },
        ],
    },
    name="bucket",
)
REQUEST = Request(
    "s3:GetObject",
    "arn:aws:s3:::data/k",
    principal=Principal.aws("arn:aws:iam::111122223333:user/alice"),
)


@pytest.mark.parametrize(
    ("index", "matched", "reason"),
    [
        pytest.param(0, True, "action, resource, principal and conditions all match", id="match"),
        pytest.param(1, False, "NotAction lists 's3:GetObject'", id="not-action"),
        pytest.param(2, False, "Resource does not match 'arn:aws:s3:::data/k'", id="resource"),
        pytest.param(3, False, "NotResource lists 'arn:aws:s3:::data/k'", id="not-resource"),
        pytest.param(
            4,
            False,
            "Principal does not name 'arn:aws:iam::111122223333:user/alice'",
            id="principal",
        ),
        pytest.param(
            5,
            False,
            "condition Bool aws:SecureTransport fails: the key is missing",
            id="condition-missing-key",
        ),
    ],
)
def test_trace_reason(index: int, matched: bool, reason: str) -> None:
    found = trace([POLICY], REQUEST)[index]
    assert found == StatementTrace(
        "bucket", index, "Read" if index == 0 else None, found.effect, matched, reason
    )


def test_trace_shows_context_value() -> None:
    request = Request("s3:GetObject", "x", context={"aws:SecureTransport": False})
    assert trace([POLICY], request)[5].reason == (
        "condition Bool aws:SecureTransport fails: the key is 'false'"
    )
