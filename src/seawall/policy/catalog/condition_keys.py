"""Case-insensitive lookup of condition keys, including templated ones.

Keys such as ``aws:RequestTag/${TagKey}`` stand for a family of keys: the placeholder
matches one or more characters, so ``aws:RequestTag/Env`` belongs to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from seawall.policy.catalog.model import ConditionKeyType

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|<[^>]*>")


class KeyTable:
    """Condition key names (exact or templated) mapped to their types."""

    def __init__(self, keys: Mapping[str, ConditionKeyType]) -> None:
        self._exact: dict[str, ConditionKeyType] = {}
        self._templates: list[tuple[re.Pattern[str], ConditionKeyType]] = []
        for name, key_type in keys.items():
            if _PLACEHOLDER.search(name):
                self._templates.append((template_pattern(name), key_type))
            else:
                self._exact[name.lower()] = key_type

    def get(self, name: str) -> ConditionKeyType | None:
        found = self._exact.get(name.lower())
        if found is not None:
            return found
        for pattern, key_type in self._templates:
            if pattern.fullmatch(name):
                return key_type
        return None


@lru_cache(maxsize=4096)
def template_pattern(template: str) -> re.Pattern[str]:
    parts = [re.escape(literal) for literal in _PLACEHOLDER.split(template)]
    return re.compile(".+".join(parts), re.IGNORECASE | re.DOTALL)


def names_match(name: str, templates: Iterable[str]) -> bool:
    """Tell whether ``name`` is one of ``templates`` or belongs to a templated one."""
    lowered = name.lower()
    for template in templates:
        if _PLACEHOLDER.search(template):
            if template_pattern(template).fullmatch(name):
                return True
        elif template.lower() == lowered:
            return True
    return False
