"""Wildcard matching: `*` and `?` are the only wildcards.

Source: IAM User Guide, "IAM JSON policy elements: Action" and "IAM JSON policy
elements: Resource" (wildcards `*` and `?`; every other character is literal).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seawall.policy.wildcard import compile_any, compile_glob, tokenize_glob


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


def _reference_regex(pattern: str) -> re.Pattern[str]:
    """Translate a glob to a regular expression, the obvious way."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL)


_GLOB_ALPHABET = st.sampled_from(["a", "b", ":", "/", "*", "?", "+", "."])
_VALUE_ALPHABET = st.sampled_from(["a", "b", ":", "/", "+", "."])


@given(
    patterns=st.lists(st.text(_GLOB_ALPHABET, max_size=8), min_size=1, max_size=4),
    value=st.text(_VALUE_ALPHABET, max_size=10),
)
@settings(max_examples=400, deadline=None)
def test_compiled_globs_agree_with_regex(patterns: list[str], value: str) -> None:
    expected = any(_reference_regex(p).fullmatch(value) for p in patterns)

    assert compile_any(tuple(tokenize_glob(p) for p in patterns))(value) is expected
    assert compile_glob(patterns[0])(value) is bool(_reference_regex(patterns[0]).fullmatch(value))
