"""Load the bundled action catalog file, once per process.

The file is gzip JSON written by scripts/refresh_action_catalog.py. Its layout (format 1):
``services`` maps each prefix to its ``name``, ``actions`` (name to ``[access level,
[[resource type, required, condition keys], ...], condition keys]``), ``resource_types``
(name to ``[ARN format, condition keys]``) and ``condition_keys`` (name to type).
"""

from __future__ import annotations

import gc
import gzip
import json
import logging
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from seawall.policy.catalog.catalog import Catalog
from seawall.policy.catalog.errors import CatalogError
from seawall.policy.catalog.model import (
    AccessLevel,
    Action,
    ActionResource,
    CatalogSource,
    ConditionKeyType,
    ResourceType,
    Service,
)

log = logging.getLogger(__name__)

DATA_PACKAGE = "seawall.policy"
DATA_FILE = "data/iam_catalog.json.gz"
FORMAT_VERSION = 1


@cache
def load_catalog() -> Catalog:
    """Return the bundled catalog, reading and parsing it on the first call only."""
    path = resources.files(DATA_PACKAGE).joinpath(DATA_FILE)
    try:
        raw = _decode(path.read_bytes())
    except (OSError, EOFError, ValueError) as error:
        raise CatalogError(
            f"the bundled IAM action catalog {DATA_FILE} is unreadable ({error}): reinstall "
            "seawall, or regenerate the file with scripts/refresh_action_catalog.py"
        ) from error
    catalog = parse_catalog(raw)
    log.debug("loaded the IAM action catalog: %s services", len(catalog.services))
    return catalog


def _decode(data: bytes) -> Any:
    # Decoding creates some 120,000 containers, and the garbage collector would scan
    # them repeatedly while they are created; pausing it roughly halves the load time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(gzip.decompress(data))
    finally:
        if was_enabled:
            gc.enable()


def parse_catalog(raw: Any) -> Catalog:
    """Build a Catalog from the decoded JSON of a catalog file; raise CatalogError if malformed."""
    try:
        if raw.get("format") != FORMAT_VERSION:
            raise CatalogError(
                f"the IAM action catalog has format {raw.get('format')!r}, expected "
                f"{FORMAT_VERSION}: regenerate it with scripts/refresh_action_catalog.py"
            )
        services = LazyServices(dict(raw["services"]))
        global_keys = {
            name: ConditionKeyType(key_type)
            for name, key_type in raw["global_condition_keys"].items()
        }
        return Catalog(_parse_source(raw), services, global_keys)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        if isinstance(error, CatalogError):
            raise
        raise _malformed(error) from error


class LazyServices(Mapping[str, Service]):
    """Services built from their raw entries on first access.

    Building all 22,000 actions up front takes several times longer than decoding the
    JSON, and most runs look up a handful of services.
    """

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw
        self._built: dict[str, Service] = {}

    def __getitem__(self, prefix: str) -> Service:
        service = self._built.get(prefix)
        if service is not None:
            return service
        entry = self._raw[prefix]
        try:
            service = _parse_service(prefix, entry)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise _malformed(error, prefix) from error
        self._built[prefix] = service
        return service

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _malformed(error: Exception, prefix: str | None = None) -> CatalogError:
    where = "" if prefix is None else f" at service `{prefix}`"
    return CatalogError(
        f"the IAM action catalog is malformed{where} ({type(error).__name__}: {error}): "
        "regenerate it with scripts/refresh_action_catalog.py"
    )


def _parse_source(raw: dict[str, Any]) -> CatalogSource:
    source = raw["source"]
    return CatalogSource(
        name=source["name"],
        version=source["version"],
        license=source["license"],
        repository=source["repository"],
        data_updated_at=source["data_updated_at"],
        generated_at=raw["generated_at"],
    )


def _parse_service(prefix: str, entry: dict[str, Any]) -> Service:
    actions = {}
    for name, (level, resource_list, condition_keys) in entry["actions"].items():
        actions[name.lower()] = Action(
            name=f"{prefix}:{name}",
            service=prefix,
            access_level=AccessLevel(level),
            resource_types=tuple(
                ActionResource(resource, bool(required), tuple(keys))
                for resource, required, keys in resource_list
            ),
            condition_keys=tuple(condition_keys),
        )
    resource_types = {
        name: ResourceType(prefix, name, arn_format, tuple(keys))
        for name, (arn_format, keys) in entry["resource_types"].items()
    }
    condition_keys = {
        name: ConditionKeyType(key_type) for name, key_type in entry["condition_keys"].items()
    }
    return Service(prefix, entry["name"], actions, resource_types, condition_keys)
