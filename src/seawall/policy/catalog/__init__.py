"""The bundled IAM action catalog: services, actions, access levels, resource types
with their ARN formats, and condition keys with their types."""

from seawall.policy.catalog.catalog import Catalog
from seawall.policy.catalog.errors import CatalogError
from seawall.policy.catalog.loader import load_catalog, parse_catalog
from seawall.policy.catalog.model import (
    AccessLevel,
    Action,
    ActionResource,
    CatalogSource,
    ConditionKeyType,
    ResourceType,
    Service,
)

__all__ = [
    "AccessLevel",
    "Action",
    "ActionResource",
    "Catalog",
    "CatalogError",
    "CatalogSource",
    "ConditionKeyType",
    "ResourceType",
    "Service",
    "load_catalog",
    "parse_catalog",
]
