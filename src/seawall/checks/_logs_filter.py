"""CloudWatch Logs filter patterns: parse a pattern and match it against log events.

Metric filters on a CloudTrail log group decide which events raise an
alarm. seawall judges a filter by the events it matches, so this module
implements the filter pattern language as CloudWatch Logs documents it:

- JSON patterns: ``{ ($.eventName = "ConsoleLogin") && ($.errorCode != "x") }``
  with ``=``, ``!=``, ``<``, ``>``, ``<=``, ``>=``, ``&&``, ``||``,
  parentheses, quoted and bare values, ``*`` wildcards in values,
  ``%regex%`` values, numbers, ``IS NULL``, ``NOT EXISTS``, ``IS TRUE``,
  ``IS FALSE``, nested properties and array indexes (``$.a.b[0]``).
- Term patterns: ``ERROR``, ``"exact phrase"``, ``?any ?of``, ``-excluded``.
- A whole-pattern regex ``%...%`` and the empty pattern (matches every event).

Space-delimited patterns (``[w1, w2=...]``) are rejected as unsupported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

__all__ = [
    "FilterPattern",
    "FilterPatternError",
    "UnsupportedFilterPatternError",
    "parse_filter_pattern",
]


class FilterPatternError(ValueError):
    """A filter pattern that CloudWatch Logs would reject.

    ``column`` is the 1-based character position of the problem.
    """

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} (column {column})")
        self.message = message
        self.column = column


class UnsupportedFilterPatternError(FilterPatternError):
    """A valid pattern form that this module does not evaluate."""


# Expression tree of a JSON pattern.
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Compare:
    path: Path
    operator: str
    value: str | float
    # Value syntax: "string" (quoted or bare), "number" or "regex".
    kind: str


@dataclass(frozen=True)
class Predicate:
    path: Path
    # "null", "not_exists", "true" or "false".
    kind: str


@dataclass(frozen=True)
class AllOf:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Node, ...]


Node = Compare | Predicate | AllOf | AnyOf


@dataclass(frozen=True)
class Terms:
    required: tuple[str, ...]
    optional: tuple[str, ...]
    excluded: tuple[str, ...]


@dataclass(frozen=True)
class Regex:
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class FilterPattern:
    """A parsed filter pattern. ``matches`` takes one log event."""

    text: str
    root: Node | Terms | Regex

    def matches(self, event: Mapping[str, Any]) -> bool:
        """Return whether the pattern matches a JSON log event such as a CloudTrail record."""
        root = self.root
        if isinstance(root, Terms):
            return _match_terms(root, _event_text(event))
        if isinstance(root, Regex):
            return root.pattern.search(_event_text(event)) is not None
        return _match_node(root, event)


def parse_filter_pattern(text: str) -> FilterPattern:
    """Parse a filter pattern, raising FilterPatternError when it is invalid."""
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    if stripped.startswith("{"):
        return FilterPattern(text, _JsonParser(text, offset).parse())
    if stripped.startswith("["):
        raise UnsupportedFilterPatternError(
            "space-delimited filter patterns ('[...]') are not supported; "
            "use a JSON pattern ('{ $.field = value }') for CloudTrail logs",
            offset + 1,
        )
    if len(stripped) >= 2 and stripped.startswith("%") and stripped.endswith("%"):
        return FilterPattern(text, Regex(_compile_regex(stripped[1:-1], offset + 1)))
    return FilterPattern(text, _parse_terms(text))


# --- term patterns -------------------------------------------------------------

_TERM = re.compile(r'\s*([?-]?)(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))')


def _parse_terms(text: str) -> Terms:
    required: list[str] = []
    optional: list[str] = []
    excluded: list[str] = []
    position = 0
    while text[position:].strip():
        found = _TERM.match(text, position)
        if found is None:
            raise FilterPatternError("unterminated quoted term", position + 1)
        prefix, quoted, bare = found.groups()
        term = _unescape(quoted) if quoted is not None else bare
        {"?": optional, "-": excluded}.get(prefix, required).append(term)
        position = found.end()
    return Terms(tuple(required), tuple(optional), tuple(excluded))


def _match_terms(terms: Terms, text: str) -> bool:
    if any(term in text for term in terms.excluded):
        return False
    if not all(term in text for term in terms.required):
        return False
    return not terms.optional or any(term in text for term in terms.optional)


def _event_text(event: Mapping[str, Any]) -> str:
    # CloudTrail delivers each record to CloudWatch Logs as one compact JSON line.
    return json.dumps(event, separators=(",", ":"))


def _unescape(quoted: str) -> str:
    return re.sub(r"\\(.)", r"\1", quoted)


def _compile_regex(source: str, column: int) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise FilterPatternError(f"invalid regular expression %{source}%: {exc}", column) from exc


# --- JSON patterns ----------------------------------------------------------------

_OPERATORS = ("!=", "<=", ">=", "=", "<", ">")
_SELECTOR = re.compile(r"\$((?:\.[^\s.\[\]=!<>()&|{}\"]+|\[\d+\])*)")
_SELECTOR_PART = re.compile(r"\.([^\s.\[\]=!<>()&|{}\"]+)|\[(\d+)\]")
_BARE_VALUE = re.compile(r"[^\s()&|{}\"=!<>][^\s()&|{}\"]*")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_KEYWORD = re.compile(r"(IS\s+NULL|NOT\s+EXISTS|IS\s+TRUE|IS\s+FALSE)(?![^\s()&|}])")
_KEYWORD_TESTS = {
    ("IS", "NULL"): "null",
    ("NOT", "EXISTS"): "not_exists",
    ("IS", "TRUE"): "true",
    ("IS", "FALSE"): "false",
}


class _JsonParser:
    """Recursive-descent parser. ``&&`` binds tighter than ``||``, as in C-like languages."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.position = start

    def parse(self) -> Node:
        self._expect("{")
        root = self._or()
        self._expect("}")
        self._skip_space()
        if self.position < len(self.text):
            self._fail("unexpected text after the closing '}'")
        return root

    def _or(self) -> Node:
        items = [self._and()]
        while self._accept("||"):
            items.append(self._and())
        return items[0] if len(items) == 1 else AnyOf(tuple(items))

    def _and(self) -> Node:
        items = [self._unary()]
        while self._accept("&&"):
            items.append(self._unary())
        return items[0] if len(items) == 1 else AllOf(tuple(items))

    def _unary(self) -> Node:
        if self._accept("("):
            inner = self._or()
            self._expect(")")
            return inner
        return self._comparison()

    def _comparison(self) -> Node:
        self._skip_space()
        found = _SELECTOR.match(self.text, self.position)
        if found is None:
            self._fail("expected a property selector starting with '$.'")
        path = self._path(found.group(1))
        self.position = found.end()
        keyword = self._keyword_test()
        if keyword is not None:
            return Predicate(path, keyword)
        operator = self._operator()
        self._skip_space()
        value_start = self.position
        value, kind = self._value()
        if kind != "number" and operator not in ("=", "!="):
            self.position = value_start
            self._fail(f"operator '{operator}' compares numbers only")
        return Compare(path, operator, value, kind)

    def _path(self, selector: str) -> Path:
        parts: list[str | int] = []
        for name, index in _SELECTOR_PART.findall(selector):
            parts.append(int(index) if index else name)
        if not parts:
            self._fail("a property selector needs a property after '$', as in '$.eventName'")
        return tuple(parts)

    def _keyword_test(self) -> str | None:
        self._skip_space()
        found = _KEYWORD.match(self.text, self.position)
        if found is None:
            return None
        self.position = found.end()
        first, second = found.group(1).split()
        return _KEYWORD_TESTS[(first, second)]

    def _operator(self) -> str:
        self._skip_space()
        for operator in _OPERATORS:
            if self.text.startswith(operator, self.position):
                self.position += len(operator)
                return operator
        return self._fail(
            "expected a comparison operator (=, !=, <, >, <=, >=) or "
            "IS NULL, NOT EXISTS, IS TRUE, IS FALSE"
        )

    def _value(self) -> tuple[str | float, str]:
        self._skip_space()
        start = self.position
        if self.text.startswith('"', start):
            end = re.compile(r'"((?:[^"\\]|\\.)*)"').match(self.text, start)
            if end is None:
                self._fail("unterminated quoted value")
            self.position = end.end()
            return _unescape(end.group(1)), "string"
        if self.text.startswith("%", start):
            close = self.text.find("%", start + 1)
            if close < 0:
                self._fail("unterminated regular expression value; close it with '%'")
            self.position = close + 1
            source = self.text[start + 1 : close]
            _compile_regex(source, start + 1)
            return source, "regex"
        bare = _BARE_VALUE.match(self.text, start)
        if bare is None:
            self._fail("expected a value after the operator")
        self.position = bare.end()
        word = bare.group(0)
        if _NUMBER.match(word):
            return float(word), "number"
        return word, "string"

    def _skip_space(self) -> None:
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1

    def _accept(self, token: str) -> bool:
        self._skip_space()
        if self.text.startswith(token, self.position):
            self.position += len(token)
            return True
        return False

    def _expect(self, token: str) -> None:
        if not self._accept(token):
            self._fail(f"expected '{token}'")

    def _fail(self, message: str) -> NoReturn:
        found = self.text[self.position : self.position + 20]
        where = f", found {found!r}" if found else ", found the end of the pattern"
        raise FilterPatternError(f"invalid filter pattern: {message}{where}", self.position + 1)


# --- evaluation -------------------------------------------------------------------

_MISSING = object()


def _resolve(event: Any, path: Path) -> Any:
    current = event
    for part in path:
        if isinstance(part, int):
            if not isinstance(current, list) or part >= len(current):
                return _MISSING
        elif not isinstance(current, Mapping) or part not in current:
            return _MISSING
        current = current[part]
    return current


def _match_node(node: Node, event: Mapping[str, Any]) -> bool:
    match node:
        case AllOf(items):
            return all(_match_node(item, event) for item in items)
        case AnyOf(items):
            return any(_match_node(item, event) for item in items)
        case Predicate(path, kind):
            return _test(_resolve(event, path), kind)
        case Compare():
            return _compare(_resolve(event, node.path), node)
    raise TypeError(f"unknown filter node {node!r}")


def _test(value: Any, kind: str) -> bool:
    if kind == "not_exists":
        return value is _MISSING
    if kind == "null":
        return value is None
    return value is (kind == "true")


_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


def _compare(value: Any, node: Compare) -> bool:
    # NOTE: a comparison on a property the event lacks, or whose value is an
    # object, array or null, is false for every operator, != included. The
    # language has NOT EXISTS and IS NULL for those cases.
    if value is _MISSING or value is None or isinstance(value, Mapping | list):
        return False
    if node.kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _NUMERIC[node.operator](float(value), float(node.value))
        return False
    text = _as_text(value)
    if node.kind == "regex":
        equal = re.search(str(node.value), text) is not None
    else:
        equal = _wildcard(str(node.value)).fullmatch(text) is not None
    return equal if node.operator == "=" else not equal


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _wildcard(value: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(piece) for piece in value.split("*")), re.DOTALL)
