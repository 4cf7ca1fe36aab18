"""The position-tracking JSON tree: offsets, duplicate keys and error positions."""

from __future__ import annotations

import pytest

from seawall.policy.lint.jsontree import (
    JsonArray,
    JsonObject,
    JsonScalar,
    JsonSyntaxError,
    LineIndex,
    NestingTooDeep,
    parse_tree,
    plain_value,
)


def test_tree_keeps_duplicate_keys() -> None:
    root = parse_tree('{"a": 1, "a": 2}', 8)
    assert isinstance(root, JsonObject)
    assert [(m.key, m.key_offset) for m in root.members] == [("a", 1), ("a", 9)]
    first = root.first("a")
    assert first is not None
    assert first.value == JsonScalar(6, 1)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param('"a\\"b\\u00e9"', 'a"bé', id="escapes"),
        pytest.param("-12", -12, id="int"),
        pytest.param("2.5e3", 2500.0, id="float"),
        pytest.param("true", True, id="true"),
        pytest.param("null", None, id="null"),
    ],
)
def test_tree_scalar_values(text: str, value: object) -> None:
    assert parse_tree(f" {text}", 8) == JsonScalar(1, value)


def test_tree_array_offsets() -> None:
    root = parse_tree('[1, [], {"k": "v"}]', 8)
    assert isinstance(root, JsonArray)
    assert [item.offset for item in root.items] == [1, 4, 8]
    assert plain_value(root) == [1, [], [("k", "v")]]


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        pytest.param('{"a": }', 6, id="missing-value"),
        pytest.param('{"a": 1} x', 9, id="extra-data"),
        pytest.param('{"a": Infinity}', 6, id="infinity"),
        pytest.param("", 0, id="empty"),
    ],
)
def test_tree_syntax_error_offset(text: str, offset: int) -> None:
    with pytest.raises(JsonSyntaxError) as raised:
        parse_tree(text, 8)
    assert raised.value.offset == offset


def test_tree_nesting_limit() -> None:
    text = "[" * 5000 + "]" * 5000
    with pytest.raises(NestingTooDeep) as raised:
        parse_tree(text, 32)
    assert raised.value.offset == 32


def test_tree_brackets_in_strings_not_counted() -> None:
    text = '["' + "[" * 100 + '"]'
    assert parse_tree(text, 4) == JsonArray(0, [JsonScalar(1, "[" * 100)])


def test_line_index_positions() -> None:
    index = LineIndex("ab\ncd\n\nef")
    assert index.position(0) == (1, 1)
    assert index.position(4) == (2, 2)
    assert index.position(6) == (3, 1)
    assert index.position(7) == (4, 1)
