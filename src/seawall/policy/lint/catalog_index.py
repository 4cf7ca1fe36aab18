"""Cached catalog lookups for lint, one cache per catalog.

Linting many policies expands the same action patterns again and again (``s3:Get*``,
``ec2:Describe*``); each expansion scans a whole service, so results are memoized.
"""

from __future__ import annotations

import weakref
from functools import cached_property

from seawall.policy.catalog import Action, Catalog, ConditionKeyType
from seawall.policy.catalog.arn_format import format_service
from seawall.policy.catalog.condition_keys import KeyTable
from seawall.policy.lint.model import Rule
from seawall.policy.wildcard import compile_glob

_INDEXES: weakref.WeakKeyDictionary[Catalog, CatalogIndex] = weakref.WeakKeyDictionary()


class CatalogIndex:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._expansions: dict[str, tuple[Action, ...]] = {}
        self._resource_types: dict[str, frozenset[tuple[str, str]]] = {}
        self._action_keys: dict[tuple[str, str], bool] = {}
        self._global_keys = KeyTable(catalog.global_condition_keys)
        self._nearest: dict[str, tuple[str, ...]] = {}
        # Lint verdicts per action name, filled by the actions checks.
        self.verdicts: dict[str, tuple[Rule, str] | tuple[()]] = {}

    @cached_property
    def data_date(self) -> str:
        """The day the catalog data was last updated, such as 2026-09-26."""
        return self.catalog.source.data_updated_at[:10]

    @cached_property
    def arn_services(self) -> frozenset[str]:
        """The service segments that some resource type's ARN format uses."""
        return frozenset(
            segment
            for service in self.catalog.services.values()
            for resource_type in service.resource_types.values()
            if (segment := format_service(resource_type.arn_format)) is not None
        )

    def resource_types(self, arn: str) -> frozenset[tuple[str, str]]:
        """Return the (service, resource type name) pairs whose ARN format fits ``arn``."""
        found = self._resource_types.get(arn)
        if found is None:
            found = frozenset(
                (resource_type.service, resource_type.name)
                for resource_type in self.catalog.resource_types_for_arn(arn)
            )
            self._resource_types[arn] = found
        return found

    @cached_property
    def service_prefixes(self) -> list[str]:
        return sorted(prefix.lower() for prefix in self.catalog.services)

    def cached_nearest(self, name: str) -> tuple[str, ...] | None:
        return self._nearest.get(name.lower())

    def nearest_actions(self, name: str) -> tuple[str, ...]:
        """Return up to three catalog actions close to ``name``, cached (difflib is slow)."""
        key = name.lower()
        found = self._nearest.get(key)
        if found is None:
            found = tuple(self.catalog.nearest_action(name))
            self._nearest[key] = found
        return found

    def key_type(self, key: str) -> ConditionKeyType | None:
        """Return the type of condition ``key``, or None when the catalog lacks it.

        Besides the catalog's own lookup, a key such as ``secretsmanager:ResourceTag/x``
        matches a documented ``secretsmanager:ResourceTag/tag-key``: the Service
        Authorization Reference writes some tag-key placeholders without ``${}``.
        """
        found = self.catalog.condition_key(key)
        if found is not None or "/" not in key:
            return found
        return self._key_families.get(key[: key.index("/") + 1].lower())

    @cached_property
    def _key_families(self) -> dict[str, ConditionKeyType]:
        families: dict[str, ConditionKeyType] = {}
        for service in self.catalog.services.values():
            for name, key_type in service.condition_keys.items():
                if "/" in name:
                    families.setdefault(name[: name.index("/") + 1].lower(), key_type)
        return families

    def _action_key_families(self, action: Action) -> set[str]:
        """Return the ``prefix:Name/`` heads of the templated keys ``action`` lists."""
        service = self.catalog.services[action.service]
        names = list(action.condition_keys)
        for resource in action.resource_types:
            names.extend(resource.condition_keys)
            resource_type = service.resource_types.get(resource.name)
            if resource_type is not None:
                names.extend(resource_type.condition_keys)
        return {name[: name.index("/") + 1].lower() for name in names if "/" in name}

    def is_global_key(self, key: str) -> bool:
        """Tell whether ``key`` is a global key, which every action may carry."""
        return self._global_keys.get(key) is not None

    def action_takes_key(self, action: Action, key: str) -> bool:
        """Tell whether ``action`` lists condition ``key``, itself or on a resource type."""
        cache_key = (action.name, key.lower())
        found = self._action_keys.get(cache_key)
        if found is None:
            found = self.catalog.condition_key(key, action.name) is not None
            if not found and "/" in key:
                found = key[: key.index("/") + 1].lower() in self._action_key_families(action)
            self._action_keys[cache_key] = found
        return found

    def expand(self, pattern: str) -> tuple[Action, ...]:
        """Return the actions a valid ``service:name`` pattern (or ``*``) matches."""
        key = pattern.lower()
        found = self._expansions.get(key)
        if found is None:
            if "*" in key or "?" in key:
                found = self._expand_wildcard(key)
            else:
                action = self.catalog.action(key)
                found = () if action is None else (action,)
            self._expansions[key] = found
        return found

    def _expand_wildcard(self, pattern: str) -> tuple[Action, ...]:
        if pattern == "*":
            return tuple(self.catalog.actions())
        prefix, _, _ = pattern.partition(":")
        if "*" in prefix or "?" in prefix:
            services = list(self.catalog.services.values())
        else:
            service = self.catalog.service(prefix)
            services = [] if service is None else [service]
        matches = compile_glob(pattern, ignore_case=True)
        return tuple(
            action
            for service in services
            for action in service.actions.values()
            if matches(action.name.lower())
        )


def catalog_index(catalog: Catalog) -> CatalogIndex:
    index = _INDEXES.get(catalog)
    if index is None:
        index = CatalogIndex(catalog)
        _INDEXES[catalog] = index
    return index
