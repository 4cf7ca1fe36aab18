"""Condition operators, missing keys, IfExists and the set prefixes.

Sources (IAM User Guide): "IAM JSON policy elements: Condition operators" (operator
families, `...IfExists`, negated operators on a missing key, Null), "Single-valued
vs. multivalued context keys" (ForAllValues is true and ForAnyValue false on a
missing key or an empty set) and "IAM JSON policy elements: Condition" (values of
one key are OR-ed, keys and operators are AND-ed).
"""

from __future__ import annotations

from typing import Any

import pytest

from seawall.policy.conditions import CompiledCondition, ConditionValueError, parse_operator
from seawall.policy.request import normalize_context


def holds(operator: str, key: str, values: tuple[str, ...], context: dict[str, Any]) -> bool:
    compiled = CompiledCondition(parse_operator(operator), key, values, substitute=True)
    return compiled.holds(normalize_context(context))


CASES = [
    # String
    pytest.param("StringEquals", ("a", "b"), "b", True, id="string-equals-any-value"),
    pytest.param("StringEquals", ("a",), "A", False, id="string-equals-case"),
    pytest.param("StringEquals", ("a*",), "ab", False, id="string-equals-no-wildcard"),
    pytest.param("StringEquals", ("a",), None, False, id="string-equals-missing"),
    pytest.param("StringNotEquals", ("a", "b"), "c", True, id="string-not-equals-none"),
    pytest.param("StringNotEquals", ("a", "b"), "b", False, id="string-not-equals-one"),
    pytest.param("StringNotEquals", ("a",), None, True, id="string-not-equals-missing"),
    pytest.param("StringEqualsIgnoreCase", ("ABC",), "abc", True, id="ignore-case-hit"),
    pytest.param("StringNotEqualsIgnoreCase", ("ABC",), "abc", False, id="not-ignore-case"),
    pytest.param("StringNotEqualsIgnoreCase", ("ABC",), None, True, id="not-ignore-case-missing"),
    pytest.param("StringLike", ("a*c",), "abbc", True, id="string-like-star"),
    pytest.param("StringLike", ("a?c",), "abbc", False, id="string-like-qmark"),
    pytest.param("StringLike", ("A*",), "abc", False, id="string-like-case"),
    pytest.param("StringLike", ("a.c",), "abc", False, id="string-like-dot-literal"),
    pytest.param("StringNotLike", ("a*",), "bcd", True, id="string-not-like-hit"),
    pytest.param("StringNotLike", ("a*",), None, True, id="string-not-like-missing"),
    pytest.param("StringEqualsIfExists", ("a",), None, True, id="if-exists-missing"),
    pytest.param("StringEqualsIfExists", ("a",), "b", False, id="if-exists-present-miss"),
    pytest.param("StringEqualsIfExists", ("a",), "a", True, id="if-exists-present-hit"),
    pytest.param("StringNotEqualsIfExists", ("a",), None, True, id="not-if-exists-missing"),
    pytest.param("StringEquals", ("true",), True, True, id="bool-context-as-string"),
    # Numeric
    pytest.param("NumericEquals", ("10",), 10, True, id="numeric-equals"),
    pytest.param("NumericEquals", ("10",), "10.0", True, id="numeric-equals-float"),
    pytest.param("NumericNotEquals", ("10",), 11, True, id="numeric-not-equals"),
    pytest.param("NumericNotEquals", ("10",), None, True, id="numeric-not-equals-missing"),
    pytest.param("NumericLessThan", ("10",), 9, True, id="numeric-less"),
    pytest.param("NumericLessThan", ("10",), 10, False, id="numeric-less-equal-value"),
    pytest.param("NumericLessThanEquals", ("10",), 10, True, id="numeric-less-equals"),
    pytest.param("NumericGreaterThan", ("10",), 11, True, id="numeric-greater"),
    pytest.param("NumericGreaterThanEquals", ("10",), 9, False, id="numeric-greater-equals"),
    pytest.param("NumericLessThan", ("10",), None, False, id="numeric-missing"),
    pytest.param("NumericLessThan", ("10",), "abc", False, id="numeric-context-invalid"),
    pytest.param("NumericLessThanIfExists", ("10",), None, True, id="numeric-if-exists"),
    # Date
    pytest.param(
        "DateGreaterThan",
        ("2024-01-01T00:00:00Z",),
        "2024-06-01T00:00:00Z",
        True,
        id="date-greater-iso",
    ),
    pytest.param(
        "DateLessThan", ("2024-01-01T00:00:00Z",), "2024-06-01T00:00:00Z", False, id="date-less-iso"
    ),
    pytest.param(
        "DateEquals", ("2024-01-01T00:00:00Z",), "1704067200", True, id="date-equals-epoch"
    ),
    pytest.param(
        "DateEquals", ("1704067200",), "2024-01-01T01:00:00+01:00", True, id="date-equals-offset"
    ),
    pytest.param("DateNotEquals", ("2024-01-01",), "2024-01-02", True, id="date-not-equals"),
    pytest.param("DateNotEquals", ("2024-01-01",), None, True, id="date-not-equals-missing"),
    pytest.param(
        "DateLessThanEquals",
        ("2024-01-01",),
        "2024-01-01T00:00:00Z",
        True,
        id="date-less-equals-date-only",
    ),
    pytest.param(
        "DateGreaterThanEquals", ("2024-01-01",), "garbage", False, id="date-context-invalid"
    ),
    # Bool
    pytest.param("Bool", ("true",), True, True, id="bool-true"),
    pytest.param("Bool", ("false",), True, False, id="bool-mismatch"),
    pytest.param("Bool", ("false",), "FALSE", True, id="bool-case-insensitive"),
    pytest.param("Bool", ("false",), None, False, id="bool-missing"),
    pytest.param("BoolIfExists", ("false",), None, True, id="bool-if-exists-missing"),
    # Binary
    pytest.param("BinaryEquals", ("QmluYXJ5VmFsdWU=",), "QmluYXJ5VmFsdWU=", True, id="binary-hit"),
    pytest.param("BinaryEquals", ("QmluYXJ5VmFsdWU=",), "T3RoZXI=", False, id="binary-miss"),
    # IP
    pytest.param("IpAddress", ("203.0.113.0/24",), "203.0.113.7", True, id="ipv4-in"),
    pytest.param("IpAddress", ("203.0.113.0/24",), "203.0.114.7", False, id="ipv4-out"),
    pytest.param("IpAddress", ("203.0.113.7",), "203.0.113.7", True, id="ipv4-single"),
    pytest.param("IpAddress", ("2001:db8::/32",), "2001:db8:1::5", True, id="ipv6-in"),
    pytest.param("IpAddress", ("2001:db8::/32",), "203.0.113.7", False, id="ip-version-mismatch"),
    pytest.param("IpAddress", ("203.0.113.0/24",), "not-an-ip", False, id="ip-context-invalid"),
    pytest.param("NotIpAddress", ("203.0.113.0/24",), "198.51.100.1", True, id="not-ip-out"),
    pytest.param("NotIpAddress", ("203.0.113.0/24",), "203.0.113.1", False, id="not-ip-in"),
    pytest.param("NotIpAddress", ("203.0.113.0/24",), None, True, id="not-ip-missing"),
    pytest.param("IpAddress", ("203.0.113.0/24",), None, False, id="ip-missing"),
    # ARN
    pytest.param(
        "ArnLike",
        ("arn:aws:iam::*:role/admin-*",),
        "arn:aws:iam::111122223333:role/admin-a",
        True,
        id="arn-like",
    ),
    pytest.param(
        "ArnEquals",
        ("arn:aws:sns:*:111122223333:t",),
        "arn:aws:sns:eu-west-1:111122223333:t",
        True,
        id="arn-equals-wildcard",
    ),
    pytest.param(
        "ArnNotEquals",
        ("arn:aws:sns:*:111122223333:t",),
        "arn:aws:sns:eu-west-1:444455556666:t",
        True,
        id="arn-not-equals",
    ),
    pytest.param("ArnNotLike", ("arn:aws:iam::*:role/x",), None, True, id="arn-not-like-missing"),
    pytest.param("ArnLike", ("arn:aws:iam::*:role/x",), None, False, id="arn-like-missing"),
    # Null
    pytest.param("Null", ("true",), None, True, id="null-true-missing"),
    pytest.param("Null", ("true",), "x", False, id="null-true-present"),
    pytest.param("Null", ("false",), "x", True, id="null-false-present"),
    pytest.param("Null", ("false",), None, False, id="null-false-missing"),
    pytest.param("Null", ("true",), [], True, id="null-empty-list-missing"),
]


@pytest.mark.parametrize(("operator", "values", "context_value", "expected"), CASES)
def test_operator(
    operator: str, values: tuple[str, ...], context_value: object, expected: bool
) -> None:
    context = {} if context_value is None else {"test:Key": context_value}
    assert holds(operator, "test:Key", values, context) is expected


SET_CASES = [
    pytest.param("ForAllValues:StringEquals", ("a", "b"), ["a", "b"], True, id="all-subset"),
    pytest.param("ForAllValues:StringEquals", ("a", "b"), ["a", "c"], False, id="all-extra"),
    pytest.param("ForAllValues:StringEquals", ("a",), None, True, id="all-missing"),
    pytest.param("ForAllValues:StringEquals", ("a",), [], True, id="all-empty"),
    pytest.param("ForAnyValue:StringEquals", ("a",), ["c", "a"], True, id="any-one"),
    pytest.param("ForAnyValue:StringEquals", ("a",), ["c", "d"], False, id="any-none"),
    pytest.param("ForAnyValue:StringEquals", ("a",), None, False, id="any-missing"),
    pytest.param("ForAnyValue:StringEquals", ("a",), [], False, id="any-empty"),
    pytest.param("ForAnyValue:StringNotEquals", ("a",), ["a", "b"], True, id="any-not-equals"),
    pytest.param("ForAnyValue:StringNotEquals", ("a",), ["a"], False, id="any-not-equals-miss"),
    pytest.param("ForAllValues:StringNotEquals", ("a",), ["b", "c"], True, id="all-not-equals"),
    pytest.param(
        "ForAllValues:StringNotEquals", ("a",), ["b", "a"], False, id="all-not-equals-miss"
    ),
    pytest.param("ForAllValues:StringLike", ("dev-*",), ["dev-a", "dev-b"], True, id="all-like"),
    pytest.param("ForAnyValue:StringLikeIfExists", ("x",), None, False, id="any-if-exists-missing"),
    pytest.param("forallvalues:stringequals", ("a",), ["a"], True, id="operator-case"),
    # Plain operators on a multi-valued key: any value matching counts (documented choice).
    pytest.param("StringEquals", ("a",), ["b", "a"], True, id="plain-multi-any"),
    pytest.param("StringNotEquals", ("a",), ["b", "a"], False, id="plain-multi-negated"),
]


@pytest.mark.parametrize(("operator", "values", "context_value", "expected"), SET_CASES)
def test_set_operator(
    operator: str, values: tuple[str, ...], context_value: object, expected: bool
) -> None:
    context = {} if context_value is None else {"test:Tags": context_value}
    assert holds(operator, "test:Tags", values, context) is expected


def test_condition_key_case_insensitive() -> None:
    assert holds("StringEquals", "AWS:UserName", ("alice",), {"aws:username": "alice"}) is True


@pytest.mark.parametrize(
    ("values", "context", "expected"),
    [
        pytest.param(
            ("${aws:username}",),
            {"aws:username": "a", "test:key": "a"},
            True,
            id="string-variable-hit",
        ),
        pytest.param(
            ("${aws:username}",),
            {"aws:username": "a", "test:key": "b"},
            False,
            id="string-variable-miss",
        ),
        pytest.param(("${aws:username}",), {"test:key": "b"}, False, id="variable-missing"),
        pytest.param(("${aws:username, 'b'}",), {"test:key": "b"}, True, id="variable-default"),
        pytest.param(("${*}",), {"test:key": "*"}, True, id="escape-star"),
    ],
)
def test_string_equals_variables(
    values: tuple[str, ...], context: dict[str, Any], expected: bool
) -> None:
    assert holds("StringEquals", "test:key", values, context) is expected


@pytest.mark.parametrize(
    ("operator", "values", "fragment"),
    [
        pytest.param("StringEq", ("a",), "unknown condition operator 'StringEq'", id="unknown"),
        pytest.param(
            "ForSomeValues:StringEquals", ("a",), "unknown set operator prefix", id="bad-prefix"
        ),
        pytest.param("NullIfExists", ("true",), "Null takes neither", id="null-if-exists"),
        pytest.param("Null", ("maybe",), "invalid value 'maybe' for Null", id="null-value"),
        pytest.param("NumericEquals", ("ten",), "use a number", id="numeric-value"),
        pytest.param("DateEquals", ("yesterday",), "use ISO 8601", id="date-value"),
        pytest.param("IpAddress", ("10.0.0.0/33",), "IPv4 or IPv6", id="ip-value"),
    ],
)
def test_invalid_operator_or_value(operator: str, values: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(ConditionValueError, match=None) as caught:
        CompiledCondition(parse_operator(operator), "k", values, substitute=True)
    assert fragment in str(caught.value)


# "IAM JSON policy elements: Condition operators": a missing key makes every
# operator false except the negated ones, and ...IfExists makes any operator true.
NEGATED_OPERATORS = {
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
    "NumericNotEquals",
    "DateNotEquals",
    "NotIpAddress",
    "ArnNotEquals",
    "ArnNotLike",
}
SAMPLE_VALUES = {
    "String": "a",
    "Numeric": "1",
    "Date": "2024-01-01T00:00:00Z",
    "Bool": "true",
    "Binary": "QUJD",
    "IpAddress": "10.0.0.0/8",
    "NotIpAddress": "10.0.0.0/8",
    "Arn": "arn:aws:s3:::b",
}
BASE_OPERATORS = [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnNotEquals",
    "ArnLike",
    "ArnNotLike",
]
MISSING_KEY_CASES = [
    pytest.param(f"{name}{suffix}", expected, id=f"{name}{suffix}-missing")
    for name in BASE_OPERATORS
    for suffix, expected in (("", name in NEGATED_OPERATORS), ("IfExists", True))
]


@pytest.mark.parametrize(("operator", "expected"), MISSING_KEY_CASES)
def test_missing_key_every_operator(operator: str, expected: bool) -> None:
    family = next(prefix for prefix in SAMPLE_VALUES if operator.startswith(prefix))
    assert holds(operator, "test:key", (SAMPLE_VALUES[family],), {}) is expected


# "IAM JSON policy elements: Condition operators": the operator decides how values
# are read, whatever type the catalog gives the key, so StringEquals on the
# Numeric key s3:max-keys compares text and NumericEquals compares numbers.
@pytest.mark.parametrize(
    ("operator", "value", "context", "expected"),
    [
        pytest.param("StringEquals", "10", "10", True, id="string-on-numeric-same-text"),
        pytest.param("StringEquals", "10", "010", False, id="string-on-numeric-other-text"),
        pytest.param("NumericEquals", "10", "010", True, id="numeric-on-numeric"),
        pytest.param("StringEquals", "true", True, True, id="string-on-bool"),
        pytest.param("Bool", "true", "TRUE", True, id="bool-ignores-case"),
    ],
)
def test_operator_decides_type(operator: str, value: str, context: Any, expected: bool) -> None:
    assert holds(operator, "s3:max-keys", (value,), {"s3:max-keys": context}) is expected
