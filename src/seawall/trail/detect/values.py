"""Sigma field modifiers compiled to predicates over one field value.

Plain and wildcard string matches are case-insensitive, as the Sigma
specification requires, unless the ``cased`` modifier is given. ``*`` matches
any run of characters and ``?`` one character; a backslash escapes them.
Numbers and booleans compare by their text (``false`` matches the JSON
boolean false and the string "false").
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from seawall.trail.detect.errors import RuleError

ValueTest = Callable[[Any], bool]

STRING_MODIFIERS = frozenset({"contains", "startswith", "endswith"})
NUMBER_MODIFIERS = frozenset({"gt", "gte", "lt", "lte"})
REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}
KNOWN_MODIFIERS = (
    STRING_MODIFIERS
    | NUMBER_MODIFIERS
    | frozenset({"all", "re", "cidr", "exists", "cased", "expand", "fieldref"})
    | frozenset(REGEX_FLAGS)
)
_PLACEHOLDER = re.compile(r"^%(\w+)%$")


def text_of(value: Any) -> str | None:
    """Return the text a scalar event value compares as, or None for objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return None


def compile_values(
    modifiers: Sequence[str], raw: Any, placeholders: Mapping[str, Sequence[str]]
) -> ValueTest:
    """Compile the value (or list of values) of one ``field|modifiers`` entry."""
    unknown = [name for name in modifiers if name not in KNOWN_MODIFIERS]
    if unknown:
        raise RuleError(
            f"unknown modifier '{unknown[0]}'; "
            f"known modifiers: {', '.join(sorted(KNOWN_MODIFIERS))}"
        )
    values = list(raw) if isinstance(raw, list) else [raw]
    if "expand" in modifiers:
        values = _expand(values, placeholders)
    if "exists" in modifiers:
        return _exists_test(values)
    tests = [_value_test(modifiers, value) for value in values]
    if not tests:
        raise RuleError("empty value list; give at least one value")
    if "all" in modifiers:
        return _all_of(tests)
    return _on_field(tests[0] if len(tests) == 1 else _any_of(tests))


def _expand(values: list[Any], placeholders: Mapping[str, Sequence[str]]) -> list[Any]:
    expanded: list[Any] = []
    for value in values:
        match = _PLACEHOLDER.match(value) if isinstance(value, str) else None
        if match is None:
            raise RuleError(f"'expand' needs a %placeholder% value, got {value!r}")
        name = match.group(1)
        if name not in placeholders:
            raise UnresolvedPlaceholder(name)
        expanded.extend(placeholders[name])
    return expanded


class UnresolvedPlaceholder(RuleError):
    """A ``%name%`` placeholder that the run supplies no values for."""

    def __init__(self, name: str) -> None:
        super().__init__(f"placeholder %{name}% has no values in this run")
        self.name = name


def _exists_test(values: list[Any]) -> ValueTest:
    if len(values) != 1 or not isinstance(values[0], bool):
        raise RuleError(f"'exists' takes true or false, got {values!r}")
    wanted = values[0]
    return lambda value: (value is not None) is wanted


def _on_field(test: ValueTest) -> ValueTest:
    """Apply ``test`` to a field value, or to any element when the path crossed a list."""

    def check(value: Any) -> bool:
        if value.__class__ is list:
            return any(test(item) for item in value)
        return test(value)

    return check


def _any_of(tests: list[ValueTest]) -> ValueTest:
    return lambda value: any(test(value) for test in tests)


def _all_of(tests: list[ValueTest]) -> ValueTest:
    # Each value may match a different element when the path crossed a list.
    def check(value: Any) -> bool:
        items = value if isinstance(value, list) else [value]
        return all(any(test(item) for item in items) for test in tests)

    return check


def _value_test(modifiers: Sequence[str], value: Any) -> ValueTest:
    if value is None:
        if modifiers:
            raise RuleError(f"modifiers {'|'.join(modifiers)} cannot apply to a null value")
        return lambda field: field is None
    if NUMBER_MODIFIERS.intersection(modifiers):
        return _number_test(modifiers, value)
    if "cidr" in modifiers:
        return _cidr_test(value)
    if "re" in modifiers:
        return _regex_test(modifiers, value)
    text = text_of(value)
    if text is None:
        raise RuleError(f"value {value!r} is not a string, number, boolean or null")
    return _string_test(modifiers, text)


def _string_test(modifiers: Sequence[str], text: str) -> ValueTest:
    prefix = "*" if ("contains" in modifiers or "endswith" in modifiers) else ""
    suffix = "*" if ("contains" in modifiers or "startswith" in modifiers) else ""
    pattern = prefix + text + suffix
    cased = "cased" in modifiers
    if not has_wildcard(text):
        return _plain_test(text, prefix, suffix, cased)
    regex = re.compile(glob_to_regex(pattern), 0 if cased else re.IGNORECASE | re.DOTALL)

    def check(field: Any) -> bool:
        field_text = text_of(field)
        return field_text is not None and regex.fullmatch(field_text) is not None

    return check


def _plain_test(text: str, prefix: str, suffix: str, cased: bool) -> ValueTest:
    wanted = unescape(text) if cased else unescape(text).lower()
    fold: Callable[[str], str] = (lambda s: s) if cased else str.lower
    if prefix and suffix:
        compare: Callable[[str], bool] = lambda s: wanted in fold(s)  # noqa: E731
    elif prefix:
        compare = lambda s: fold(s).endswith(wanted)  # noqa: E731
    elif suffix:
        compare = lambda s: fold(s).startswith(wanted)  # noqa: E731
    else:
        compare = lambda s: fold(s) == wanted  # noqa: E731

    def check(field: Any) -> bool:
        if field.__class__ is str:
            return compare(field)
        if field is None:
            return False
        field_text = text_of(field)
        return field_text is not None and compare(field_text)

    return check


def has_wildcard(text: str) -> bool:
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "*?":
            return True
    return False


def unescape(text: str) -> str:
    return re.sub(r"\\([*?\\])", r"\1", text)


def glob_to_regex(pattern: str) -> str:
    """Translate a Sigma wildcard pattern to a regular expression for ``fullmatch``."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern) and pattern[index + 1] in "*?\\":
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(re.escape(char))
        index += 1
    return "".join(parts)


def _number_test(modifiers: Sequence[str], value: Any) -> ValueTest:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError(f"comparison modifiers need a number, got {value!r}")
    operator = next(name for name in modifiers if name in NUMBER_MODIFIERS)
    limit = float(value)
    compare: Callable[[float], bool] = {
        "gt": lambda number: number > limit,
        "gte": lambda number: number >= limit,
        "lt": lambda number: number < limit,
        "lte": lambda number: number <= limit,
    }[operator]

    def check(field: Any) -> bool:
        if isinstance(field, bool) or field is None:
            return False
        try:
            return compare(float(field))
        except (TypeError, ValueError):
            return False

    return check


def _cidr_test(value: Any) -> ValueTest:
    try:
        network = ipaddress.ip_network(str(value), strict=False)
    except ValueError as error:
        raise RuleError(f"invalid CIDR {value!r}: {error}") from error

    def check(field: Any) -> bool:
        if not isinstance(field, str):
            return False
        try:
            return ipaddress.ip_address(field) in network
        except ValueError:
            # sourceIPAddress contains a service name such as "ec2.amazonaws.com" for AWS calls.
            return False

    return check


def _regex_test(modifiers: Sequence[str], value: Any) -> ValueTest:
    flags = 0
    for name in modifiers:
        flags |= REGEX_FLAGS.get(name, 0)
    try:
        regex = re.compile(str(value), flags)
    except re.error as error:
        raise RuleError(f"invalid regular expression {value!r}: {error}") from error

    def check(field: Any) -> bool:
        field_text = text_of(field)
        return field_text is not None and regex.search(field_text) is not None

    return check
