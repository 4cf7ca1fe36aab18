"""Source positions of the values in a JSON document.

The standard json module reports positions only for syntax errors, so this walks
text that json.loads has already accepted and records where each value starts.
"""

from __future__ import annotations

import bisect
import json
import re

JsonPath = tuple[str | int, ...]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


class SourceMap:
    """Offsets of every value in valid JSON text, by path, with line/column lookup."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.offsets: dict[JsonPath, int] = {}
        self._value(0, ())

    def position(self, path: JsonPath) -> tuple[int | None, int | None]:
        """Return the 1-based (line, column) of the value at ``path``, or its nearest parent."""
        while path not in self.offsets and path:
            path = path[:-1]
        offset = self.offsets.get(path)
        if offset is None:
            return None, None
        return line_and_column(self._line_starts, offset)

    def _skip(self, index: int) -> int:
        found = _WHITESPACE.match(self._text, index)
        assert found is not None
        return found.end()

    def _value(self, index: int, path: JsonPath) -> int:
        index = self._skip(index)
        self.offsets[path] = index
        char = self._text[index]
        if char == "{":
            return self._object(index + 1, path)
        if char == "[":
            return self._array(index + 1, path)
        if char == '"':
            return self._string(index)[1]
        scalar = _SCALAR.match(self._text, index)
        if scalar is None:
            raise ValueError(f"unexpected character {char!r} at offset {index}")
        return scalar.end()

    def _string(self, index: int) -> tuple[str, int]:
        found = _STRING.match(self._text, index)
        assert found is not None, "the text was validated by json.loads"
        return str(json.loads(found.group(0))), found.end()

    def _object(self, index: int, path: JsonPath) -> int:
        index = self._skip(index)
        if self._text[index] == "}":
            return index + 1
        while True:
            index = self._skip(index)
            key, index = self._string(index)
            index = self._skip(index) + 1  # the colon
            index = self._skip(self._value(index, (*path, key)))
            if self._text[index] == "}":
                return index + 1
            index += 1  # the comma

    def _array(self, index: int, path: JsonPath) -> int:
        index = self._skip(index)
        if self._text[index] == "]":
            return index + 1
        position = 0
        while True:
            index = self._skip(self._value(index, (*path, position)))
            position += 1
            if self._text[index] == "]":
                return index + 1
            index += 1


def line_and_column(line_starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1
