"""Lint never raises: any text or JSON value gives findings, each with a valid position."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from seawall.policy.lint import PolicyType, lint_bytes, lint_text

ELEMENT_NAMES = [
    "Version",
    "Statement",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
    "Sid",
    "AWS",
    "StringLike",
    "ForAllValues:StringEquals",
    "aws:SourceIp",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["*", "Allow", "s3:Get*", "arn:aws:s3:::b/*", "${aws:username}", ""]),
    st.text(max_size=12),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(ELEMENT_NAMES), st.text(max_size=8)), children, max_size=4
        ),
    ),
    max_leaves=25,
)


def _check_positions(text: str, policy_type: PolicyType) -> None:
    lines = text.split("\n")
    for finding in lint_text(text, policy_type):
        assert 1 <= finding.line <= len(lines)
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1


@settings(max_examples=60, deadline=None)
@given(value=JSON_VALUES, policy_type=st.sampled_from(list(PolicyType)))
def test_lint_any_json_value(value: Any, policy_type: PolicyType) -> None:
    _check_positions(json.dumps(value, indent=1), policy_type)


@settings(max_examples=60, deadline=None)
@given(statement=st.dictionaries(st.sampled_from(ELEMENT_NAMES), JSON_VALUES, max_size=6))
def test_lint_any_statement(statement: dict[str, Any]) -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)
    _check_positions(text, PolicyType.RESOURCE)


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet='{}[]":,ab1 \n\\\u00e9', max_size=40))
def test_lint_any_text(text: str) -> None:
    _check_positions(text, PolicyType.IDENTITY)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=64))
def test_lint_any_bytes(data: bytes) -> None:
    assert isinstance(lint_bytes(data), list)
