"""A cheap first test for rules that can match any eventName.

The eventName index cannot narrow a rule without an eventName test, so such
a rule runs on every record. Most of them still need one field on every
match: root account usage needs ``userIdentity.type`` equal to Root, and
unauthorized API calls need an ``errorCode``. This module derives that field
from the rule's selections and condition, and wraps the rule's predicate so
a record without the field (or with another plain string value) is rejected
by one or two dict lookups. The derivation is conservative: a field is
required only when every branch of the condition requires it, so the
wrapped predicate returns exactly what the original one returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from seawall.trail.detect.condition import And, Name, Node, Not, Predicate
from seawall.trail.detect.selection import INDEX_FIELD
from seawall.trail.detect.values import has_wildcard, text_of, unescape

# Per field path, the lower-cased texts a string value must equal, or None for any value.
Requirements = dict[str, frozenset[str] | None]


@dataclass(frozen=True)
class RequiredField:
    """A field that every match of a rule needs, and the values it may take."""

    path: str
    # Lower-cased texts that a string value must equal, or None to accept any present value.
    # Values that are not strings (numbers, lists) always go on to the full predicate.
    values: frozenset[str] | None = None


def required_field(node: Node, detection: Mapping[str, Any]) -> RequiredField | None:
    """Return a field that every match of ``node`` needs, or None when there is none.

    ``detection`` maps each selection name to its body, already validated by
    compiling it. eventName is left out because the eventName index tests it.
    """
    requirements = _node_requirements(node, detection)
    requirements.pop(INDEX_FIELD, None)
    if not requirements:
        return None
    # Prefer a value set (it rejects more records), then the shortest path (fewer lookups).
    path = min(
        requirements,
        key=lambda name: (requirements[name] is None, name.count("."), name),
    )
    return RequiredField(path, requirements[path])


def guard(required: RequiredField, predicate: Predicate) -> Predicate:
    """Wrap ``predicate`` so records that lack ``required`` are rejected first."""
    parts = required.path.split(".")
    allowed = required.values
    if len(parts) == 1:
        key = parts[0]

        def check_top(record: dict[str, Any]) -> bool:
            value = record.get(key)
            if value is None:
                return False
            if allowed is not None and value.__class__ is str and value.lower() not in allowed:
                return False
            return predicate(record)

        return check_top
    if len(parts) == 2:
        outer_key, inner_key = parts

        def check_nested(record: dict[str, Any]) -> bool:
            outer = record.get(outer_key)
            if outer is None:
                return False
            # A list on the path is walked element by element, so only the full predicate
            # decides it; a dict is read directly.
            if outer.__class__ is dict:
                value = outer.get(inner_key)
                if value is None:
                    return False
                if allowed is not None and value.__class__ is str and value.lower() not in allowed:
                    return False
            return predicate(record)

        return check_nested
    # Deeper paths are rare in rules that can match any eventName; they keep the full predicate.
    return predicate


def _node_requirements(node: Node, detection: Mapping[str, Any]) -> Requirements:
    if isinstance(node, Name):
        return selection_requirements(detection[node.name])
    if isinstance(node, Not):
        # A negated selection matches records that lack its fields.
        return {}
    found = [_node_requirements(operand, detection) for operand in node.operands]
    if isinstance(node, And):
        return _all_of(found)
    return _any_of(found)


def selection_requirements(body: Any) -> Requirements:
    """Return the fields that every match of one selection body needs."""
    if isinstance(body, dict):
        return _all_of([_entry_requirements(str(key), raw) for key, raw in body.items()])
    if isinstance(body, list) and body and all(isinstance(item, dict) for item in body):
        return _any_of([selection_requirements(item) for item in body])
    return {}


def _entry_requirements(key: str, raw: Any) -> Requirements:
    field_name, *modifiers = key.split("|")
    if "fieldref" in modifiers:
        return {}
    if "exists" in modifiers:
        # exists: false matches records without the field.
        return {field_name: None} if raw is True else {}
    values = list(raw) if isinstance(raw, list) else [raw]
    # A null value matches a missing field, but every other value test rejects None.
    if not values or any(value is None for value in values):
        return {}
    return {field_name: _equal_texts(modifiers, values)}


def _equal_texts(modifiers: list[str], values: list[Any]) -> frozenset[str] | None:
    # Only plain case-insensitive equality maps to a set of texts. They are unescaped and
    # lower-cased, as values.py does before it compares them.
    if modifiers:
        return None
    texts: set[str] = set()
    for value in values:
        text = text_of(value)
        if text is None or has_wildcard(text):
            return None
        texts.add(unescape(text).lower())
    return frozenset(texts)


def _all_of(found: list[Requirements]) -> Requirements:
    merged: Requirements = {}
    for requirements in found:
        for path, values in requirements.items():
            if path not in merged:
                merged[path] = values
                continue
            known = merged[path]
            if known is None:
                merged[path] = values
            elif values is not None:
                merged[path] = known & values
    return merged


def _any_of(found: list[Requirements]) -> Requirements:
    if not found:
        return {}
    common = set(found[0]).intersection(*found[1:])
    merged: Requirements = {}
    for path in sorted(common):
        options = [requirements[path] for requirements in found]
        if any(values is None for values in options):
            merged[path] = None
        else:
            merged[path] = frozenset().union(*(values for values in options if values is not None))
    return merged
