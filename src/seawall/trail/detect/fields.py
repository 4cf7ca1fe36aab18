"""Dotted field paths into nested CloudTrail records.

``requestParameters.userName`` walks into nested objects. A list on the way
is walked element by element, so the result is then a list of every value
found, and a value matcher accepts the field when any element matches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FieldGetter = Callable[[dict[str, Any]], Any]


def field_getter(path: str) -> FieldGetter:
    """Return a function that reads ``path`` from a record, or None when it is absent."""
    parts = path.split(".")
    if len(parts) == 1:
        key = parts[0]
        return lambda record: record.get(key)
    if len(parts) == 2:
        outer, inner = parts
        return lambda record: _step(record.get(outer), inner)

    def get(record: dict[str, Any]) -> Any:
        value: Any = record
        for part in parts:
            value = _step(value, part)
            if value is None:
                return None
        return value

    return get


def _step(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return value.get(key)
    if isinstance(value, list):
        found = []
        for item in value:
            child = _step(item, key)
            if isinstance(child, list):
                found.extend(child)
            elif child is not None:
                found.append(child)
        return found or None
    return None
