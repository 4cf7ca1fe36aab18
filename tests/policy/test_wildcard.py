"""Wildcard matching: `*` and `?` are the only wildcards.

Source: IAM User Guide, "IAM JSON policy elements: Action" and "IAM JSON policy
elements: Resource" (wildcards `*` and `?`; every other character is literal).
"""

from __future__ import annotations

import pytest

from seawall.policy.wildcard import compile_glob


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        pytest.param("*", "", True, id="star-matches-empty"),
        pytest.param("*", "anything:at/all", True, id="star-matches-all"),
        pytest.param("s3:Get*", "s3:GetObject", True, id="prefix-star"),
        pytest.param("s3:Get*", "s3:PutObject", False, id="prefix-star-miss"),
        pytest.param("s3:?etObject", "s3:GetObject", True, id="qmark-one-char"),
        pytest.param("s3:?etObject", "s3:etObject", False, id="qmark-needs-one-char"),
        pytest.param("s3:?etObject", "s3:GGetObject", False, id="qmark-only-one-char"),
        pytest.param("a+b", "a+b", True, id="plus-literal"),
        pytest.param("a+b", "aab", False, id="plus-not-repeat"),
        pytest.param("a.b", "axb", False, id="dot-literal"),
        pytest.param("a.b", "a.b", True, id="dot-matches-dot"),
        pytest.param("a[bc]", "ab", False, id="brackets-literal"),
        pytest.param("a[bc]", "a[bc]", True, id="brackets-match-self"),
        pytest.param("(a|b)", "a", False, id="group-literal"),
        pytest.param("a\\d", "a\\d", True, id="backslash-literal"),
        pytest.param("*/key", "bucket/a\nb/key", True, id="star-crosses-newline"),
        pytest.param("arn:*:s3:::b", "arn:aws:s3:::b", True, id="star-middle"),
        pytest.param("GetObject", "getobject", False, id="case-sensitive-default"),
        pytest.param("a*b*c", "a-b-x-c", True, id="two-stars"),
        pytest.param("a*b*c", "a-c-b", False, id="two-stars-order"),
    ],
)
def test_glob_match(pattern: str, value: str, expected: bool) -> None:
    assert compile_glob(pattern)(value) is expected


def test_glob_compiles_once() -> None:
    assert compile_glob("x*y?z") is compile_glob("x*y?z")
