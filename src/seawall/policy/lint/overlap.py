"""Finding values that repeat or that a wildcard value of the same list already covers."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from seawall.policy.lint.elements import Item
from seawall.policy.wildcard import compile_glob

_HEAD = re.compile(r"[*?]")
_BUCKET = 2


@lru_cache(maxsize=8192)
def glob_matcher(pattern: str, ignore_case: bool) -> Callable[[str], bool]:
    """Return a cached matcher for ``pattern``; pass a lower-cased pattern with ignore_case."""
    return compile_glob(pattern, ignore_case)


def duplicates(items: list[Item], ignore_case: bool) -> list[tuple[Item, Item]]:
    """Return (repeat, first occurrence) pairs."""
    seen: dict[str, Item] = {}
    found = []
    for item in items:
        key = item.value.lower() if ignore_case else item.value
        if key in seen:
            found.append((item, seen[key]))
        else:
            seen[key] = item
    return found


def covered(items: list[Item], ignore_case: bool) -> list[tuple[Item, Item]]:
    """Return (item, wildcard item that covers it) pairs, ignoring exact repeats.

    An item with wildcards counts as covered when its text, read literally, matches the
    other pattern: ``s3:Get*`` is covered by ``s3:*``.
    """

    def norm(value: str) -> str:
        return value.lower() if ignore_case else value

    patterns = [item for item in items if "*" in item.value or "?" in item.value]
    if not patterns:
        return []
    # A value can match a pattern only if it starts with the pattern's literal head.
    # Bucketing the patterns by the first two characters of their head skips most
    # matcher calls on action lists with hundreds of entries.
    buckets: dict[str, list[tuple[Item, str, Callable[[str], bool]]]] = {}
    for item in patterns:
        text = norm(item.value)
        head = _HEAD.split(text, 1)[0]
        entry = (item, head, glob_matcher(text, ignore_case))
        buckets.setdefault(head[:_BUCKET], []).append(entry)
    short = [entry for key, group in buckets.items() if len(key) < _BUCKET for entry in group]
    found = []
    for item in items:
        value = norm(item.value)
        candidates = buckets.get(value[:_BUCKET], [])
        for pattern, head, matches in (*candidates, *short):
            if value.startswith(head) and norm(pattern.value) != value and matches(value):
                found.append((item, pattern))
                break
    return found
