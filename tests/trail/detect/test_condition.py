"""The Sigma condition parser and compiler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from seawall.trail.detect.condition import (
    And,
    Name,
    Not,
    Or,
    compile_condition,
    field_filter,
    parse_condition,
)
from seawall.trail.detect.errors import RuleError

SELECTIONS = ["selection", "filter", "sel_a", "sel_b"]
FILTERS: dict[str, Callable[[Any], bool] | None] = {
    "sel_a": lambda value: value == "a",
    "sel_b": lambda value: value == "b",
    "selection": None,
    "filter": None,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("selection", Name("selection"), id="name"),
        pytest.param(
            "selection and not filter",
            And((Name("selection"), Not(Name("filter")))),
            id="and-not",
        ),
        pytest.param(
            "selection or filter and sel_a",
            Or((Name("selection"), And((Name("filter"), Name("sel_a"))))),
            id="and-binds-tighter",
        ),
        pytest.param(
            "(selection or filter) and sel_a",
            And((Or((Name("selection"), Name("filter"))), Name("sel_a"))),
            id="parentheses",
        ),
        pytest.param("1 of sel_*", Or((Name("sel_a"), Name("sel_b"))), id="one-of-pattern"),
        pytest.param("all of sel_*", And((Name("sel_a"), Name("sel_b"))), id="all-of-pattern"),
        pytest.param(
            "1 of them",
            Or(tuple(Name(name) for name in SELECTIONS)),
            id="one-of-them",
        ),
        pytest.param("NOT filter", Not(Name("filter")), id="keywords-any-case"),
    ],
)
def test_parse_condition(text: str, expected: object) -> None:
    assert parse_condition(text, SELECTIONS) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("selection and missing", "undefined selection 'missing'", id="undefined"),
        pytest.param("selection and", "ends too early", id="dangling-and"),
        pytest.param("(selection", "missing '\\)'", id="unclosed"),
        pytest.param("1 of nothing_*", "matches no selection", id="quantifier-no-match"),
        pytest.param("selection filter", "unexpected 'filter'", id="missing-operator"),
        pytest.param("selection | count() > 5", "invalid character '\\|'", id="old-aggregation"),
        pytest.param("", "empty condition", id="empty"),
    ],
)
def test_parse_condition_errors(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_condition(text, SELECTIONS)


def test_compile_condition_evaluates() -> None:
    tree = parse_condition("selection and not filter", SELECTIONS)
    predicate = compile_condition(
        tree,
        {
            "selection": lambda record: record.get("a") == 1,
            "filter": lambda record: record.get("b") == 1,
        },
    )
    assert predicate({"a": 1}) is True
    assert predicate({"a": 1, "b": 1}) is False
    assert predicate({}) is False


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        pytest.param("sel_a", "a", True, id="one"),
        pytest.param("sel_a", "b", False, id="one-rejects"),
        pytest.param("sel_a or sel_b", "b", True, id="or-either"),
        pytest.param("sel_a and sel_b", "a", False, id="and-both"),
        pytest.param("sel_a and selection", "a", True, id="and-keeps-known"),
        pytest.param("sel_a and selection", "b", False, id="and-known-rejects"),
    ],
)
def test_field_filter(text: str, name: str, expected: bool) -> None:
    test = field_filter(parse_condition(text, SELECTIONS), FILTERS)
    assert test is not None
    assert test(name) is expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("sel_a or selection", id="or-with-unconstrained"),
        pytest.param("not sel_a", id="not-drops"),
        pytest.param("selection", id="unconstrained"),
    ],
)
def test_field_filter_none(text: str) -> None:
    assert field_filter(parse_condition(text, SELECTIONS), FILTERS) is None
