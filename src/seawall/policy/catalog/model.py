"""Value types of the IAM action catalog: services, actions, resource types, condition keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class AccessLevel(StrEnum):
    """The access level that the Service Authorization Reference gives each action."""

    LIST = "List"
    READ = "Read"
    WRITE = "Write"
    PERMISSIONS_MANAGEMENT = "Permissions management"
    TAGGING = "Tagging"


class ConditionKeyType(StrEnum):
    """The data type of a condition key, as the Service Authorization Reference names it."""

    ARN = "ARN"
    ARRAY_OF_ARN = "ArrayOfARN"
    ARRAY_OF_BOOL = "ArrayOfBool"
    ARRAY_OF_STRING = "ArrayOfString"
    BOOL = "Bool"
    DATE = "Date"
    IP_ADDRESS = "IPAddress"
    NUMERIC = "Numeric"
    STRING = "String"


@dataclass(frozen=True, slots=True)
class ActionResource:
    """A resource type an action takes, whether a request must name it, and its extra keys."""

    name: str
    required: bool
    condition_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Action:
    """An IAM action; ``name`` is canonical, such as ``s3:GetObject``."""

    name: str
    service: str
    access_level: AccessLevel
    resource_types: tuple[ActionResource, ...]
    condition_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResourceType:
    """A resource type and its ARN format, such as ``arn:${Partition}:s3:::${BucketName}``."""

    service: str
    name: str
    arn_format: str
    condition_keys: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Service:
    """A service prefix with its actions (keyed by lower-case action name), resource types
    (keyed by name) and condition keys (keyed by canonical name)."""

    prefix: str
    name: str
    actions: Mapping[str, Action]
    resource_types: Mapping[str, ResourceType]
    condition_keys: Mapping[str, ConditionKeyType]


@dataclass(frozen=True, slots=True)
class CatalogSource:
    """The origin of the bundled data and the date the refresh script generated it."""

    name: str
    version: str
    license: str
    repository: str
    data_updated_at: str
    generated_at: str
