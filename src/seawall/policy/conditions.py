"""Condition operators and their evaluation against a request context.

The rules follow the IAM User Guide pages "IAM JSON policy elements: Condition
operators" and "Single-valued vs. multivalued context keys":

- Values listed for one key are OR-ed. A negated operator (StringNotEquals,
  NotIpAddress, ArnNotLike, ...) is true when the context value matches none of them.
- A key missing from the request makes a positive operator false and a negated
  operator true. ``...IfExists`` is true on a missing key, ``ForAllValues:`` is true
  and ``ForAnyValue:`` is false. ``Null`` with ``true`` matches a missing key.
- For a multi-valued context key under an operator without a set prefix, seawall
  treats the condition as matching when any context value matches (the negated
  form: when no context value matches any policy value). AWS documents set
  prefixes for such keys and does not define the plain form.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from seawall.policy.patterns import ArnPattern, GlobPattern
from seawall.policy.variables import ContextValue, has_variables, literal_text, parse_template
from seawall.policy.variables import resolve as resolve_template

Context = Mapping[str, ContextValue]
Predicate = Callable[[str, Context], bool]

_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "Equals": operator.eq,
    "NotEquals": operator.eq,  # negated below, so "not equal to any value"
    "LessThan": operator.lt,
    "LessThanEquals": operator.le,
    "GreaterThan": operator.gt,
    "GreaterThanEquals": operator.ge,
}


@dataclass(frozen=True, slots=True)
class OperatorSpec:
    """A base operator: its family and whether it negates the family's test."""

    name: str
    family: str
    negated: bool
    comparison: str = "Equals"


def _build_operator_table() -> dict[str, OperatorSpec]:
    specs = [
        OperatorSpec("StringEquals", "string", False),
        OperatorSpec("StringNotEquals", "string", True),
        OperatorSpec("StringEqualsIgnoreCase", "string_ignore_case", False),
        OperatorSpec("StringNotEqualsIgnoreCase", "string_ignore_case", True),
        OperatorSpec("StringLike", "string_like", False),
        OperatorSpec("StringNotLike", "string_like", True),
        OperatorSpec("Bool", "bool", False),
        OperatorSpec("BinaryEquals", "binary", False),
        OperatorSpec("IpAddress", "ip", False),
        OperatorSpec("NotIpAddress", "ip", True),
        OperatorSpec("ArnEquals", "arn", False),
        OperatorSpec("ArnLike", "arn", False),
        OperatorSpec("ArnNotEquals", "arn", True),
        OperatorSpec("ArnNotLike", "arn", True),
        OperatorSpec("Null", "null", False),
    ]
    for family in ("Numeric", "Date"):
        for comparison in _COMPARISONS:
            negated = comparison == "NotEquals"
            specs.append(OperatorSpec(family + comparison, family.lower(), negated, comparison))
    return {spec.name.lower(): spec for spec in specs}


OPERATORS = _build_operator_table()
_SET_PREFIXES = {"forallvalues": "ForAllValues", "foranyvalue": "ForAnyValue"}
_IF_EXISTS = "ifexists"


class ConditionValueError(ValueError):
    """An operator name or a condition value is invalid; the parser adds the location."""


@dataclass(frozen=True, slots=True)
class ParsedOperator:
    spec: OperatorSpec
    set_prefix: str | None  # "ForAllValues", "ForAnyValue" or None
    if_exists: bool

    @property
    def canonical(self) -> str:
        prefix = f"{self.set_prefix}:" if self.set_prefix else ""
        suffix = "IfExists" if self.if_exists else ""
        return f"{prefix}{self.spec.name}{suffix}"


def parse_operator(text: str) -> ParsedOperator:
    """Parse ``ForAnyValue:StringLikeIfExists`` and the like, ignoring case."""
    set_prefix = None
    base = text
    if ":" in text:
        prefix, base = text.split(":", 1)
        set_prefix = _SET_PREFIXES.get(prefix.lower())
        if set_prefix is None:
            raise ConditionValueError(
                f"unknown set operator prefix {prefix!r}; use 'ForAllValues:' or 'ForAnyValue:'"
            )
    if_exists = base.lower().endswith(_IF_EXISTS) and base.lower() not in OPERATORS
    if if_exists:
        base = base[: -len(_IF_EXISTS)]
    spec = OPERATORS.get(base.lower())
    if spec is None:
        choices = ", ".join(sorted(s.name for s in OPERATORS.values()))
        raise ConditionValueError(
            f"unknown condition operator {text!r}; valid operators: {choices}"
        )
    if spec.family == "null" and (if_exists or set_prefix):
        raise ConditionValueError(
            f"operator {text!r} is invalid: Null takes neither IfExists nor a set prefix"
        )
    return ParsedOperator(spec, set_prefix, if_exists)


def parse_number(text: str) -> float:
    return float(text)


def parse_date(text: str) -> float:
    """Parse an ISO 8601 date/time or epoch seconds into epoch seconds (UTC)."""
    stripped = text.strip()
    try:
        return float(stripped)
    except ValueError:
        pass
    moment = datetime.fromisoformat(stripped)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _decode_binary(text: str) -> bytes | str:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return text


def _string_predicate(values: tuple[str, ...], substitute: bool, fold: bool) -> Predicate:
    templates = [parse_template(v, substitute=substitute) for v in values]
    if not any(has_variables(t) for t in templates):
        texts = [literal_text(t) for t in templates]  # type: ignore[arg-type]
        accepted = frozenset(text.lower() if fold else text for text in texts)
        if fold:
            return lambda value, _context: value.lower() in accepted
        return lambda value, _context: value in accepted

    def test(value: str, context: Context) -> bool:
        probe = value.lower() if fold else value
        for template in templates:
            tokens = resolve_template(template, context)
            if tokens is None:
                continue
            expected = literal_text(tokens)
            if (expected.lower() if fold else expected) == probe:
                return True
        return False

    return test


def _pattern_predicate(patterns: list[GlobPattern] | list[ArnPattern]) -> Predicate:
    return lambda value, context: any(p.matches(value, context) for p in patterns)


def _parsed_predicate(
    values: tuple[str, ...], parse: Callable[[str], float], compare: Callable[[float, float], bool]
) -> Predicate:
    accepted = [parse(v) for v in values]

    def test(value: str, _context: Context) -> bool:
        try:
            actual = parse(value)
        except ValueError:
            return False
        return any(compare(actual, expected) for expected in accepted)

    return test


def _ip_predicate(values: tuple[str, ...]) -> Predicate:
    networks = [ipaddress.ip_network(v.strip(), strict=False) for v in values]

    def test(value: str, _context: Context) -> bool:
        try:
            address = ipaddress.ip_address(value.strip())
        except ValueError:
            return False
        return any(address in network for network in networks)

    return test


def _binary_predicate(values: tuple[str, ...]) -> Predicate:
    accepted = {_decode_binary(v) for v in values}
    return lambda value, _context: _decode_binary(value) in accepted


def build_predicate(spec: OperatorSpec, values: tuple[str, ...], substitute: bool) -> Predicate:
    """Build the family's positive test: does one context value match any policy value?

    Raises ConditionValueError when a value cannot be read for the operator.
    """
    family = spec.family
    try:
        if family == "string":
            return _string_predicate(values, substitute, fold=False)
        if family == "string_ignore_case":
            return _string_predicate(values, substitute, fold=True)
        if family == "string_like":
            return _pattern_predicate([GlobPattern(v, substitute=substitute) for v in values])
        if family == "arn":
            return _pattern_predicate([ArnPattern(v, substitute=substitute) for v in values])
        if family == "numeric":
            return _parsed_predicate(values, parse_number, _COMPARISONS[spec.comparison])
        if family == "date":
            return _parsed_predicate(values, parse_date, _COMPARISONS[spec.comparison])
        if family == "ip":
            return _ip_predicate(values)
        if family == "binary":
            return _binary_predicate(values)
    except ValueError as error:
        raise ConditionValueError(
            f"invalid value for {spec.name}: {error}; "
            f"{_VALUE_HINTS.get(family, 'check the value format')}"
        ) from error
    if family == "bool":
        accepted = frozenset(v.lower() for v in values)
        return lambda value, _context: value.lower() in accepted
    raise AssertionError(f"operator family {family!r} has no predicate")


_VALUE_HINTS = {
    "numeric": "use a number such as 10 or 2.5",
    "date": "use ISO 8601 such as 2024-01-31T00:00:00Z or epoch seconds",
    "ip": "use an IPv4 or IPv6 address or CIDR block such as 203.0.113.0/24",
}


class CompiledCondition:
    """One operator/key pair of a Condition block, ready to evaluate."""

    __slots__ = ("_null_accepts", "_predicate", "if_exists", "key", "negated", "set_prefix")

    def __init__(self, parsed: ParsedOperator, key: str, values: tuple[str, ...], substitute: bool):
        self.key = key.lower()
        self.set_prefix = parsed.set_prefix
        self.if_exists = parsed.if_exists
        self.negated = parsed.spec.negated
        self._null_accepts: frozenset[bool] | None = None
        self._predicate: Predicate | None = None
        if parsed.spec.family == "null":
            lowered = {v.lower() for v in values}
            unknown = lowered - {"true", "false"}
            if unknown:
                raise ConditionValueError(
                    f"invalid value {sorted(unknown)[0]!r} for Null; use 'true' or 'false'"
                )
            self._null_accepts = frozenset(v == "true" for v in lowered)
        else:
            self._predicate = build_predicate(parsed.spec, values, substitute)

    def holds(self, context: Context) -> bool:
        raw = context.get(self.key)
        if self._null_accepts is not None:
            missing = raw is None or raw == ()
            return missing in self._null_accepts
        if raw is None:
            if self.set_prefix == "ForAllValues":
                return True
            if self.set_prefix == "ForAnyValue":
                return False
            return self.if_exists or self.negated

        predicate = self._predicate
        assert predicate is not None
        context_values = (raw,) if isinstance(raw, str) else raw
        if self.set_prefix is None:
            hit = any(predicate(value, context) for value in context_values)
            return hit != self.negated
        if self.set_prefix == "ForAnyValue":
            return any(predicate(v, context) != self.negated for v in context_values)
        return all(predicate(v, context) != self.negated for v in context_values)
