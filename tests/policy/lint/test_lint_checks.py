"""Every lint code fires at the exact line and column of the element it names."""

from __future__ import annotations

import pytest

from seawall.policy.lint import RULES, PolicyType, lint_bytes, lint_text

from .cases import BYTE_CASES, CASES, OK_ALLOW, BytesCase, Case, located, policy


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in CASES])
def test_lint_code_position(case: Case) -> None:
    text, line, column = located(case.text)
    findings = lint_text(text, case.policy_type)
    hits = [(f.code, f.severity, f.line, f.column) for f in findings if f.code == case.code]
    assert hits == [(case.code, case.severity, line, column)]


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in CASES])
def test_lint_severity_matches_registry(case: Case) -> None:
    assert RULES[case.code].severity is case.severity


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in BYTE_CASES])
def test_lint_file_level_codes(case: BytesCase) -> None:
    findings = lint_bytes(case.data)
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [
        (case.code, case.severity, 1, 1)
    ]


def test_lint_bytes_strips_bom() -> None:
    data = b"\xef\xbb\xbf" + located(policy(OK_ALLOW + "▶"))[0].encode()
    assert lint_bytes(data) == []


CLEAN = [
    pytest.param(
        policy(
            '"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], '
            '"Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"]'
        ),
        "identity",
        id="identity-read",
    ),
    pytest.param(
        policy(
            '"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, '
            '"Action": "sts:AssumeRole"'
        ),
        "trust",
        id="trust-lambda",
    ),
    pytest.param(
        policy(
            '"Effect": "Deny", "Principal": "*", "Action": "s3:*", '
            '"Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"], '
            '"Condition": {"Bool": {"aws:SecureTransport": "false"}}'
        ),
        "resource",
        id="bucket-deny-http",
    ),
    pytest.param(
        policy(
            '"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*", '
            '"Condition": {"StringNotEquals": {"ec2:InstanceType": ["t3.micro"]}}'
        ),
        "scp",
        id="scp-instance-type",
    ),
    pytest.param(
        policy(
            '"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", '
            '"Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}}'
        ),
        "rcp",
        id="rcp-org-only",
    ),
    pytest.param(
        policy(
            '"Effect": "Allow", "Action": "s3:GetObject", '
            '"Resource": "arn:aws:s3:::data/${aws:username}/*", '
            '"Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}, '
            '"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}, '
            '"ForAnyValue:StringLike": {"aws:TagKeys": ["team-*"]}}'
        ),
        "identity",
        id="identity-conditions",
    ),
]


@pytest.mark.parametrize(("text", "policy_type"), CLEAN)
def test_lint_clean_policy(text: str, policy_type: str) -> None:
    assert lint_text(text, PolicyType(policy_type)) == []


def test_lint_multiline_positions() -> None:
    text = (
        "{\n"
        '  "Version": "2012-10-17",\n'
        '  "Statement": [\n'
        "    {\n"
        '      "Effect": "Allow",\n'
        '      "Action": [\n'
        '        "s3:GetObject",\n'
        '        "s3:GetObjekt"\n'
        "      ],\n"
        '      "Resource": "*"\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )
    findings = lint_text(text)
    assert [(f.code, f.line, f.column, f.path) for f in findings] == [
        ("UNKNOWN_ACTION", 8, 9, "Statement[0].Action[1]")
    ]
    assert "s3:GetObject" in findings[0].message


@pytest.mark.parametrize(
    ("operator", "suggested"),
    [
        pytest.param("StringEquals", "StringLike", id="string"),
        pytest.param("StringNotEqualsIgnoreCase", "StringNotLike", id="negated-ignore-case"),
        pytest.param("ForAnyValue:ArnNotEquals", "ArnNotLike", id="arn-set-negated"),
    ],
)
def test_wildcard_suggests_like_operator(operator: str, suggested: str) -> None:
    text = policy(
        '"Effect": "Allow", "Action": "sns:Publish", "Resource": "*", '
        f'"Condition": {{"{operator}": {{"aws:SourceArn": "arn:aws:sns:*:111122223333:t"}}}}'
    )
    messages = [f.message for f in lint_text(text) if f.code == "WILDCARD_WITHOUT_LIKE"]
    assert len(messages) == 1
    assert messages[0].endswith(f"use {suggested} to match a pattern.")


def test_deleted_principal_unique_id_accepted() -> None:
    text = policy(
        '"Effect": "Allow", "Principal": {"AWS": "AROA1234567890EXAMPLE"}, '
        '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"'
    )
    assert lint_text(text, PolicyType.RESOURCE) == []


def test_identity_size_ignores_white_space() -> None:
    text = policy(OK_ALLOW.replace('"Effect": ', '"Effect":' + " " * 7000))
    assert lint_text(text) == []
