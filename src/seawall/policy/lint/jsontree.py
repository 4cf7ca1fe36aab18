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

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
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
    return _Walker(text).value(0)[0]


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


class _Walker:
    """Recursive descent over text that json.loads has already accepted."""

    def __init__(self, text: str) -> None:
        self.text = text

    def skip(self, index: int) -> int:
        found = _SPACE.match(self.text, index)
        assert found is not None, "the pattern matches the empty string"
        return found.end()

    def value(self, index: int) -> tuple[JsonNode, int]:
        index = self.skip(index)
        char = self.text[index]
        if char == "{":
            return self.object(index)
        if char == "[":
            return self.array(index)
        if char == '"':
            text, end = self.string(index)
            return JsonScalar(index, text), end
        return self.scalar(index)

    def string(self, index: int) -> tuple[str, int]:
        found = _STRING.match(self.text, index)
        assert found is not None, "json.loads accepted the text"
        raw = found.group(0)
        if "\\" in raw:
            return str(json.loads(raw)), found.end()
        return raw[1:-1], found.end()

    def scalar(self, index: int) -> tuple[JsonNode, int]:
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, index):
                return JsonScalar(index, literal), index + len(word)
        found = _NUMBER.match(self.text, index)
        assert found is not None, "json.loads accepted the text"
        text = found.group(0)
        number = float(text) if found.group(1) or found.group(2) else int(text)
        return JsonScalar(index, number), found.end()

    def object(self, start: int) -> tuple[JsonNode, int]:
        node = JsonObject(start)
        index = self.skip(start + 1)
        if self.text[index] == "}":
            return node, index + 1
        while True:
            index = self.skip(index)
            key_offset = index
            key, index = self.string(index)
            index = self.skip(index) + 1  # past the colon
            value, index = self.value(index)
            node.members.append(JsonMember(key, key_offset, value))
            index = self.skip(index)
            if self.text[index] == "}":
                return node, index + 1
            index += 1  # past the comma

    def array(self, start: int) -> tuple[JsonNode, int]:
        node = JsonArray(start)
        index = self.skip(start + 1)
        if self.text[index] == "]":
            return node, index + 1
        while True:
            item, index = self.value(index)
            node.items.append(item)
            index = self.skip(index)
            if self.text[index] == "]":
                return node, index + 1
            index += 1


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
