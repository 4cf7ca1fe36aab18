"""Resource patterns, ARN condition patterns and policy variables.

Sources: IAM User Guide, "IAM policy elements: Variables and tags" (variables,
defaults, the `${*}`, `${?}` and `${$}` escapes, substituted text is literal) and
"IAM JSON policy elements: Condition operators" (ARN operators compare each of
the six colon-delimited components, case-sensitive, with wildcards).
"""

from __future__ import annotations

import pytest

from seawall.policy.patterns import ArnPattern, GlobPattern
from seawall.policy.variables import ContextValue

ALICE: dict[str, ContextValue] = {"aws:username": "alice"}


@pytest.mark.parametrize(
    ("pattern", "value", "context", "expected"),
    [
        pytest.param("b/${aws:username}/*", "b/alice/x", ALICE, True, id="variable-hit"),
        pytest.param("b/${aws:username}/*", "b/bob/x", ALICE, False, id="variable-miss"),
        pytest.param("b/${aws:username}/*", "b/alice/x", {}, False, id="missing-variable"),
        pytest.param("b/${aws:username, 'guest'}/*", "b/guest/x", {}, True, id="default-used"),
        pytest.param("b/${aws:username, 'guest'}/*", "b/alice/x", ALICE, True, id="default-unused"),
        pytest.param("b/${AWS:UserName}", "b/alice", ALICE, True, id="key-case-insensitive"),
        pytest.param("b/${*}", "b/*", {}, True, id="escape-star-literal"),
        pytest.param("b/${*}", "b/x", {}, False, id="escape-star-not-wildcard"),
        pytest.param("b/${?}", "b/?", {}, True, id="escape-qmark-literal"),
        pytest.param("b/${?}", "b/x", {}, False, id="escape-qmark-not-wildcard"),
        pytest.param("b/${$}x", "b/$x", {}, True, id="escape-dollar"),
        pytest.param(
            "b/${aws:username}",
            "b/anything",
            {"aws:username": "*"},
            False,
            id="substituted-star-literal",
        ),
        pytest.param(
            "b/${aws:username}", "b/*", {"aws:username": "*"}, True, id="substituted-star-self"
        ),
        pytest.param(
            "b/${aws:username}",
            "b/a",
            {"aws:username": ("a", "b")},
            False,
            id="multivalued-not-substituted",
        ),
        pytest.param("b/${unclosed", "b/${unclosed", {}, True, id="unclosed-literal"),
    ],
)
def test_glob_pattern_variables(
    pattern: str, value: str, context: dict[str, ContextValue], expected: bool
) -> None:
    assert GlobPattern(pattern, substitute=True).matches(value, context) is expected


def test_glob_pattern_without_substitution() -> None:
    # Policies with Version 2008-10-17 treat ${...} as literal text.
    pattern = GlobPattern("b/${aws:username}", substitute=False)
    assert pattern.matches("b/${aws:username}", ALICE) is True
    assert pattern.matches("b/alice", ALICE) is False


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        pytest.param(
            "arn:aws:iam::111122223333:role/x", "arn:aws:iam::111122223333:role/x", True, id="exact"
        ),
        pytest.param(
            "arn:aws:iam::*:role/x", "arn:aws:iam::111122223333:role/x", True, id="account-wildcard"
        ),
        pytest.param(
            "arn:aws:iam::111122223333:role/X",
            "arn:aws:iam::111122223333:role/x",
            False,
            id="case-sensitive",
        ),
        pytest.param(
            "arn:aws:sns:*:*:topic", "arn:aws:sns:us-east-1:111122223333:topic", True, id="segments"
        ),
        pytest.param(
            "arn:aws:*",
            "arn:aws:sns:us-east-1:111122223333:topic",
            False,
            id="star-does-not-span-segments",
        ),
        pytest.param(
            "arn:*:*:*:*:*",
            "arn:aws:sns:us-east-1:111122223333:topic:extra",
            True,
            id="last-segment-keeps-colons",
        ),
        pytest.param("arn:aws:s3:::b/*", "not-an-arn", False, id="value-not-arn"),
        pytest.param("not-an-arn", "not-an-arn", False, id="pattern-not-arn"),
        pytest.param("arn:aws:s3:::b?", "arn:aws:s3:::bx", True, id="qmark"),
    ],
)
def test_arn_pattern(pattern: str, value: str, expected: bool) -> None:
    assert ArnPattern(pattern, substitute=True).matches(value, {}) is expected


def test_arn_pattern_variable_with_colons() -> None:
    pattern = ArnPattern("${aws:PrincipalArn}", substitute=True)
    context: dict[str, ContextValue] = {"aws:principalarn": "arn:aws:iam::111122223333:user/a"}
    assert pattern.matches("arn:aws:iam::111122223333:user/a", context) is True
    assert pattern.matches("arn:aws:iam::111122223333:user/b", context) is False
