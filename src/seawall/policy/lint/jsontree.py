"""A JSON tree that keeps the source offset of every key and value.

The standard json module reports positions only for syntax errors and silently keeps
the last of duplicate keys, and a linter needs both the position of each element and
every duplicate. ``parse_tree`` first lets ``json.loads`` validate the text (fast, with
precise syntax error positions), then walks the text once more with a small tokenizer
that records offsets.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field

Scalar = str | int | float | bool | None

_LITERALS: dict[str, Scalar] = {"true": True, "false": False, "null": None}


@dataclass(slots=True)
class JsonScalar:
    offset: int
    value: Scalar


@dataclass(slots=True)
class JsonMember:
    key: str
    key_offset: int
    value: JsonNode


@dataclass(slots=True)
class JsonObject:
    """An object with its members in source order, duplicates included."""

    offset: int
    members: list[JsonMember] = field(default_factory=list)

    def first(self, key: str) -> JsonMember | None:
        for member in self.members:
            if member.key == key:
                return member
        return None


@dataclass(slots=True)
class JsonArray:
    offset: int
    items: list[JsonNode] = field(default_factory=list)


JsonNode = JsonScalar | JsonObject | JsonArray


class JsonSyntaxError(ValueError):
    """Text that is not one JSON value; ``offset`` is where the problem starts."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class NestingTooDeep(ValueError):
    """Arrays or objects nested deeper than the caller's limit, starting at ``offset``."""

    def __init__(self, depth: int, offset: int) -> None:
        super().__init__(f"nested deeper than {depth} levels")
        self.depth = depth
        self.offset = offset


class LineIndex:
    """Turns character offsets into 1-based (line, column) pairs."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        start = text.find("\n")
        while start != -1:
            self._starts.append(start + 1)
            start = text.find("\n", start + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def parse_tree(text: str, max_depth: int) -> JsonNode:
    """Parse ``text`` into a tree with offsets.

    Raises JsonSyntaxError for invalid JSON (including NaN and Infinity, which IAM
    rejects) and NestingTooDeep past ``max_depth`` levels of arrays and objects.
    """
    _check_depth(text, max_depth)
    try:
        json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(error.msg, error.pos) from error
    except _ConstantError as error:
        offset = _find_constant(text, error.name)
        raise JsonSyntaxError(f"{error.name} is not valid JSON", offset) from error
    return _build(text)


class _ConstantError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _reject_constant(name: str) -> None:
    raise _ConstantError(name)


def _find_constant(text: str, name: str) -> int:
    for match in re.finditer(re.escape(name), text):
        if text.count('"', 0, match.start()) % 2 == 0:
            return match.start()
    return 0


_DEPTH_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _check_depth(text: str, max_depth: int) -> None:
    # json.loads recurses in C and fails with RecursionError near 1,000 levels, so
    # the depth is measured before it runs.
    if text.count("[") + text.count("{") <= max_depth:
        return
    depth = 0
    for token in _DEPTH_TOKENS.finditer(text):
        char = token.group(0)
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise NestingTooDeep(max_depth, token.start())
        elif char in "]}":
            depth -= 1


# Commas count as white space and a key's colon is read with the key, so each loop
# step below is a string, a scalar or a bracket. Only valid JSON reaches this pattern.
_TOKEN = re.compile(
    r'[ \t\n\r,]*(?:("(?:[^"\\]|\\.)*")([ \t\n\r]*:)?|([{}\[\]])|'
    r"(true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?))",
    re.DOTALL,
)


def _build(text: str) -> JsonNode:
    """Build the tree of text that json.loads has accepted, in one pass over its tokens.

    A flat loop with an explicit stack is used instead of recursive descent because it
    makes far fewer Python calls, and this pass dominates the time of a lint run.
    """
    root: JsonNode | None = None
    stack: list[JsonObject | JsonArray] = []
    key = ""
    key_offset = 0
    for token in _TOKEN.finditer(text):
        raw, colon, bracket, scalar = token.groups()
        node: JsonNode
        if raw is not None:
            value = str(json.loads(raw)) if "\\" in raw else raw[1:-1]
            if colon is not None:
                key, key_offset = value, token.start(1)
                continue
            node = JsonScalar(token.start(1), value)
        elif bracket is not None:
            if bracket in "}]":
                stack.pop()
                continue
            offset = token.start(3)
            node = JsonObject(offset) if bracket == "{" else JsonArray(offset)
            root = _attach(stack, node, key, key_offset, root)
            stack.append(node)
            continue
        else:
            node = JsonScalar(token.start(4), _scalar_value(scalar))
        root = _attach(stack, node, key, key_offset, root)
    assert root is not None, "json.loads accepted the text"
    return root


def _attach(
    stack: list[JsonObject | JsonArray],
    node: JsonNode,
    key: str,
    key_offset: int,
    root: JsonNode | None,
) -> JsonNode | None:
    if not stack:
        return node
    parent = stack[-1]
    if isinstance(parent, JsonArray):
        parent.items.append(node)
    else:
        parent.members.append(JsonMember(key, key_offset, node))
    return root


def _scalar_value(text: str) -> Scalar:
    if text in _LITERALS:
        return _LITERALS[text]
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int(text)


def plain_value(node: JsonNode) -> object:
    """Convert ``node`` to plain Python values; objects become sorted lists of pairs so
    that duplicate keys survive and key order does not matter."""
    if isinstance(node, JsonScalar):
        return node.value
    if isinstance(node, JsonArray):
        return [plain_value(item) for item in node.items]
    return sorted(
        ((member.key, plain_value(member.value)) for member in node.members),
        key=lambda pair: pair[0],
    )
