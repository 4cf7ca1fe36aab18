"""The action catalog: lookups of services, actions, resource types and condition keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from functools import cached_property

from seawall.policy.catalog.arn_format import (
    CompiledFormat,
    arn_service,
    best_matches,
    compile_format,
    format_service,
)
from seawall.policy.catalog.condition_keys import KeyTable, names_match
from seawall.policy.catalog.errors import CatalogError
from seawall.policy.catalog.model import (
    Action,
    CatalogSource,
    ConditionKeyType,
    ResourceType,
    Service,
)
from seawall.policy.wildcard import compile_glob

_WILDCARDS = frozenset("*?")
# difflib's ratio above which a name counts as a likely typo. Prefixes get a lower bar
# because they are short: "s4" and "s3" have a ratio of 0.5.
_SIMILARITY_CUTOFF = 0.6
_PREFIX_CUTOFF = 0.5


class Catalog:
    """Every service prefix with its actions, resource types and condition keys.

    Action names and condition keys are case-insensitive, as in IAM; ARNs are
    case-sensitive.
    """

    def __init__(
        self,
        source: CatalogSource,
        services: Mapping[str, Service],
        global_condition_keys: Mapping[str, ConditionKeyType],
    ) -> None:
        self.source = source
        self.services = services
        self.global_condition_keys = global_condition_keys
        self._prefixes = {prefix.lower(): prefix for prefix in services}
        self._global_keys = KeyTable(global_condition_keys)
        self._service_keys: dict[str, KeyTable] = {}
        self._formats: dict[str | None, list[CompiledFormat]] | None = None

    @cached_property
    def action_count(self) -> int:
        return sum(len(service.actions) for service in self.services.values())

    @cached_property
    def resource_type_count(self) -> int:
        return sum(len(service.resource_types) for service in self.services.values())

    @cached_property
    def condition_key_count(self) -> int:
        """Count the service condition keys; the global keys are counted apart."""
        return sum(len(service.condition_keys) for service in self.services.values())

    def service(self, prefix: str) -> Service | None:
        canonical = self._prefixes.get(prefix.lower())
        return None if canonical is None else self.services[canonical]

    def actions(self) -> Iterator[Action]:
        for service in self.services.values():
            yield from service.actions.values()

    def action(self, name: str) -> Action | None:
        """Return the action named ``name`` (any case), or None if the catalog lacks it."""
        prefix, short_name = _split_action(name)
        service = self.service(prefix)
        if service is None:
            return None
        return service.actions.get(short_name.lower())

    def expand(self, pattern: str) -> list[str]:
        """Return the canonical names of the actions that an Action element pattern matches.

        ``*`` matches any run of characters and ``?`` one character, case-insensitively.
        """
        if pattern == "*":
            return sorted(action.name for action in self.actions())
        prefix, _ = _split_action(pattern)
        if _WILDCARDS.isdisjoint(prefix):
            service = self.service(prefix)
            services = [] if service is None else [service]
        else:
            services = list(self.services.values())
        matches = compile_glob(pattern.lower(), ignore_case=True)
        return sorted(
            action.name
            for service in services
            for action in service.actions.values()
            if matches(action.name.lower())
        )

    def resource_types_for_arn(self, arn: str, service: str | None = None) -> list[ResourceType]:
        """Return the resource types whose ARN format fits ``arn`` best.

        ``service`` limits the result to one service prefix. The match is case-sensitive.
        """
        arn_service_name = arn_service(arn)
        formats = self._formats_by_service()
        if _WILDCARDS.isdisjoint(arn_service_name):
            own = formats.get(arn_service_name.lower(), [])
        else:
            own = [fmt for segment, group in formats.items() if segment for fmt in group]
        generic = formats.get(None, [])
        if service is not None:
            own = _of_service(own, service)
            generic = _of_service(generic, service)
        return best_matches(arn, own) or best_matches(arn, generic)

    def condition_key(self, name: str, action: str | None = None) -> ConditionKeyType | None:
        """Return the type of condition key ``name``, or None if the catalog lacks it.

        With ``action``, also return None unless the key is global or the action lists
        it, itself or on one of its resource types. Raises CatalogError for an unknown
        or malformed action name.
        """
        key_type = self._key_type(name)
        if key_type is None or action is None:
            return key_type
        found = self.action(action)
        if found is None:
            raise CatalogError(f"unknown action `{action}`{self._suggestion(action)}")
        if self._global_keys.get(name) is not None:
            return key_type
        return key_type if names_match(name, self._action_keys(found)) else None

    def nearest_action(self, name: str, limit: int = 3) -> list[str]:
        """Return up to ``limit`` canonical action names close to ``name``, best first."""
        prefix, _, _ = name.partition(":")
        if self.service(prefix) is not None:
            prefixes = [prefix.lower()]
        else:
            prefixes = difflib.get_close_matches(
                prefix.lower(), list(self._prefixes), n=3, cutoff=_PREFIX_CUTOFF
            )
        canonical = {
            action.name.lower(): action.name
            for found in prefixes
            for action in self.services[self._prefixes[found]].actions.values()
        }
        close = difflib.get_close_matches(
            name.lower(), list(canonical), n=limit, cutoff=_SIMILARITY_CUTOFF
        )
        return [canonical[lowered] for lowered in close]

    def _key_type(self, name: str) -> ConditionKeyType | None:
        global_type = self._global_keys.get(name)
        if global_type is not None:
            return global_type
        prefix, separator, _ = name.partition(":")
        service = self.service(prefix) if separator else None
        if service is None:
            return None
        table = self._service_keys.get(service.prefix)
        if table is None:
            table = KeyTable(service.condition_keys)
            self._service_keys[service.prefix] = table
        return table.get(name)

    def _action_keys(self, action: Action) -> list[str]:
        service = self.services[action.service]
        keys = list(action.condition_keys)
        for resource in action.resource_types:
            keys.extend(resource.condition_keys)
            resource_type = service.resource_types.get(resource.name)
            if resource_type is not None:
                keys.extend(resource_type.condition_keys)
        return keys

    def _formats_by_service(self) -> dict[str | None, list[CompiledFormat]]:
        # Compiled on first use: most runs never match an ARN to a resource type.
        if self._formats is None:
            formats: dict[str | None, list[CompiledFormat]] = {}
            for service in self.services.values():
                for resource_type in service.resource_types.values():
                    segment = format_service(resource_type.arn_format)
                    key = None if segment is None else segment.lower()
                    formats.setdefault(key, []).append(compile_format(resource_type))
            self._formats = formats
        return self._formats

    def _suggestion(self, name: str) -> str:
        nearest = self.nearest_action(name) if ":" in name else []
        return f", did you mean {', '.join(nearest)}?" if nearest else ""


def _of_service(formats: list[CompiledFormat], service: str) -> list[CompiledFormat]:
    return [fmt for fmt in formats if fmt.resource_type.service.lower() == service.lower()]


def _split_action(name: str) -> tuple[str, str]:
    prefix, separator, short_name = name.partition(":")
    if not separator or not prefix or not short_name:
        raise CatalogError(
            f"invalid action name `{name}`: expected service:Action, for example s3:GetObject"
        )
    return prefix, short_name
