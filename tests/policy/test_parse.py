"""Parsing: normalization of every element and errors with line and column.

Source: IAM User Guide, "IAM JSON policy element reference" and its pages on
Version, Statement, Effect, Action/NotAction, Resource/NotResource,
Principal/NotPrincipal and Condition.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from seawall.policy import Condition, PolicyError, parse_policy
from seawall.policy.principal import PrincipalElement

FULL = """{
  "Version": "2012-10-17",
  "Id": "full",
  "Statement": [
    {
      "Sid": "One",
      "Effect": "Allow",
      "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:role/r"],
                    "Service": "lambda.amazonaws.com"},
      "Action": "s3:GetObject",
      "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b"],
      "Condition": {
        "Bool": {"aws:SecureTransport": true},
        "NumericLessThan": {"s3:max-keys": [10, 2.5]},
        "StringEquals": {"aws:PrincipalOrgID": "o-abc"}
      }
    },
    {
      "Effect": "Deny",
      "NotPrincipal": "*",
      "NotAction": ["iam:*"],
      "NotResource": "arn:aws:iam::*:role/x"
    }
  ]
}"""


def test_parse_normalizes_elements() -> None:
    policy = parse_policy(FULL, name="full-policy")
    first, second = policy.statements
    assert policy.version == "2012-10-17"
    assert policy.id == "full"
    assert policy.name == "full-policy"
    assert first.sid == "One"
    assert first.effect == "Allow"
    assert first.actions == ("s3:GetObject",)
    assert first.not_actions is None
    assert first.resources == ("arn:aws:s3:::b/*", "arn:aws:s3:::b")
    assert first.principal == PrincipalElement(
        aws=("111122223333", "arn:aws:iam::444455556666:role/r"),
        service=("lambda.amazonaws.com",),
    )
    assert first.conditions == (
        Condition("Bool", "aws:SecureTransport", ("true",)),
        Condition("NumericLessThan", "s3:max-keys", ("10", "2.5")),
        Condition("StringEquals", "aws:PrincipalOrgID", ("o-abc",)),
    )
    assert second.index == 1
    assert second.not_actions == ("iam:*",)
    assert second.not_resources == ("arn:aws:iam::*:role/x",)
    assert second.not_principal == PrincipalElement(wildcard=True)


def test_parse_statement_positions() -> None:
    first, second = parse_policy(FULL).statements
    assert (first.line, first.column) == (5, 5)
    assert (second.line, second.column) == (18, 5)


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(FULL, id="text"),
        pytest.param(FULL.encode(), id="bytes"),
        pytest.param(b"\xef\xbb\xbf" + FULL.encode(), id="bytes-with-bom"),
        pytest.param(json.loads(FULL), id="dict"),
    ],
)
def test_parse_input_forms(document: Any) -> None:
    assert len(parse_policy(document).statements) == 2


def test_parse_single_statement_object() -> None:
    policy = parse_policy({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})
    assert len(policy.statements) == 1
    assert policy.version == "2008-10-17"


def test_parse_dict_has_no_positions() -> None:
    statement = parse_policy(json.loads(FULL)).statements[0]
    assert statement.line is None


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param('{"Statement": [\n  {"Effect": "Allow",}\n]}', 2, 22, id="trailing-comma"),
        pytest.param('{\n  "Statement": [\n', 3, 1, id="truncated"),
        pytest.param('{"Statement": [{"Effect": "Allow" "Action": "*"}]}', 1, 35, id="no-comma"),
    ],
)
def test_parse_json_syntax_error(text: str, line: int, column: int) -> None:
    with pytest.raises(PolicyError, match="invalid JSON") as caught:
        parse_policy(text)
    assert (caught.value.line, caught.value.column) == (line, column)


def position_of(text: str, marker: str) -> tuple[int, int]:
    """Return the 1-based line and column where ``marker`` first occurs in ``text``."""
    offset = text.index(marker)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


ALLOW_ALL = '"Effect": "Allow", "Action": "*"'


@pytest.mark.parametrize(
    ("text", "marker", "fragment"),
    [
        pytest.param("[1]", "[", "must be a JSON object", id="not-object"),
        pytest.param(
            '{\n "Statement": "x"}',
            '"x"',
            "Statement must be an object or a list",
            id="statement-string",
        ),
        pytest.param('{"Version": "2012-10-17"}', "{", "missing Statement", id="no-statement"),
        pytest.param(
            '{"Version": "2020-01-01", "Statement": []}',
            '"2020',
            "invalid Version",
            id="bad-version",
        ),
        pytest.param(
            '{"Statement": [\n 5]}', "5", "each statement must be an object", id="statement-number"
        ),
        pytest.param(
            '{"Statement": [{\n "Effect": "allow", "Action": "*"}]}',
            '"allow"',
            "use 'Allow' or 'Deny'",
            id="effect-case",
        ),
        pytest.param(
            '{"Statement": [{"Action": "*"}]}', '{"Action', "Effect is missing", id="effect-missing"
        ),
        pytest.param(
            '{"Statement": [{"Effect": "Allow"}]}', '{"Effect', "missing Action", id="no-action"
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "NotAction": "*"}]}',
            '{"Effect',
            "both Action and NotAction",
            id="action-and-notaction",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "Resource": "*", "NotResource": "*"}]}',
            '{"Effect',
            "both Resource and NotResource",
            id="resource-and-notresource",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "Principal": "*", "NotPrincipal": "*"}]}',
            '{"Effect',
            "both Principal and NotPrincipal",
            id="principal-and-notprincipal",
        ),
        pytest.param(
            '{"Statement": [{"Effect": "Allow", "Action": "getobject"}]}',
            '"getobject"',
            "invalid action 'getobject'",
            id="action-format",
        ),
        pytest.param(
            '{"Statement": [{"Effect": "Allow", "Action": ["*", "s3"]}]}',
            '"s3"',
            "invalid action 's3'",
            id="action-format-in-list",
        ),
        pytest.param(
            '{"Statement": [{"Effect": "Allow", "Action": []}]}',
            "[]",
            "empty list",
            id="action-empty",
        ),
        pytest.param(
            '{"Statement": [{"Effect": "Allow", "Action": ["*", 3]}]}',
            "3]",
            "non-empty strings",
            id="action-number",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "Principal": "me"}]}',
            '"me"',
            'Principal must be "*" or an object',
            id="principal-string",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "Principal": {"Aws": "*"}}]}',
            '"*"}',
            "unknown principal type 'Aws'",
            id="principal-type",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "Condition": []}]}',
            "[]}",
            "Condition must be an object",
            id="condition-list",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "Condition": {"Bool": {"k": null}}}]}',
            "null",
            "condition value None",
            id="condition-null",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "Condition": {"Bool": {"k": {"a": 1}}}}]}',
            '{"a"',
            "use a string, number or boolean",
            id="condition-object",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "Condition": {"Bool": "true"}}]}',
            '"true"',
            "must map condition keys to values",
            id="condition-block-string",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "Condition": {"IpAddress": {"k": "x"}}}]}',
            '"x"',
            "invalid value for IpAddress",
            id="condition-ip-value",
        ),
        pytest.param(
            '{"Statement": [{' + ALLOW_ALL + ', "effect": "Deny"}]}',
            '"Deny"',
            "write 'Effect'",
            id="element-case",
        ),
        pytest.param(
            '{"Statement": [], "Extra": 1}', "1}", "unknown element 'Extra'", id="unknown-top-level"
        ),
    ],
)
def test_parse_error_location(text: str, marker: str, fragment: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    error = caught.value
    assert fragment in error.message
    assert (error.line, error.column) == position_of(text, marker)


def test_parse_collects_every_problem() -> None:
    text = '{"Statement": [\n{"Effect": "Maybe", "Action": "*"},\n{"Effect": "Allow"}\n]}'
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    problems = caught.value.problems
    assert [(p.path, p.line) for p in problems] == [
        ("Statement[0].Effect", 2),
        ("Statement[1]", 3),
    ]
    assert "2 problems" in caught.value.message


def test_parse_rejects_other_types() -> None:
    with pytest.raises(PolicyError, match="cannot parse a policy from int"):
        parse_policy(5)  # type: ignore[arg-type]


def test_parse_rejects_invalid_utf8() -> None:
    with pytest.raises(PolicyError, match="not valid UTF-8"):
        parse_policy(b'{"Statement": "\xff"}')


def test_policy_error_is_value_error() -> None:
    with pytest.raises(ValueError, match="invalid JSON"):
        parse_policy("{")
