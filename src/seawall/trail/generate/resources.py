"""Find the resource ARNs an event acted on, and keep those an action's resource types take.

ARNs come from three places in a record: the ``resources`` list, any string that is an
ARN inside ``requestParameters`` or ``responseElements``, and ARNs built from the names
that common calls pass (bucket and key, table, role, user, function, parameter, secret,
log group, queue, trail, KMS key id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from seawall.policy.catalog import Action, Catalog, CatalogError

# Nested request or response elements deeper than this are not searched for ARNs.
_MAX_DEPTH = 6
_MAX_ARNS_PER_RECORD = 200
_ARN = re.compile(r"arn:aws[\w-]*:[\w-]+:[\w-]*:(?:\d{12}|aws)?:.+")
_KEY_ID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}"
)
_QUEUE_URL = re.compile(r"https://[^/]+/(?P<account>\d{12})/(?P<name>[^/?]+)")


@dataclass(frozen=True)
class EventPlace:
    """Where an event happened: the parts of an ARN a name-only parameter lacks."""

    partition: str
    region: str
    account: str

    def arn(self, service: str, resource: str, *, region: bool = True) -> str:
        where = self.region if region else ""
        return f"arn:{self.partition}:{service}:{where}:{self.account}:{resource}"


class Unscoped(StrEnum):
    """Why an action's statement has Resource "*"."""

    NO_RESOURCE_TYPE = "takes no resource type"
    NO_ARN = "the events name no resource ARN it takes"


@dataclass(frozen=True)
class Scope:
    """The ARNs one event lets an action use, or why it needs Resource "*"."""

    arns: tuple[str, ...] = ()
    unscoped: Unscoped | None = None


def candidate_arns(record: dict[str, Any], prefix: str, place: EventPlace) -> list[str]:
    """Return every ARN the record names or lets us build, in first-seen order."""
    found: dict[str, None] = {}
    for item in record.get("resources") or []:
        if isinstance(item, dict) and isinstance(item.get("ARN"), str):
            found[item["ARN"]] = None
    for element in ("requestParameters", "responseElements"):
        for arn in _arns_in(record.get(element), 0):
            found[arn] = None
            if len(found) >= _MAX_ARNS_PER_RECORD:
                return list(found)
    parameters = record.get("requestParameters")
    if isinstance(parameters, dict):
        for arn in _built_arns(prefix, parameters, place):
            found[arn] = None
    return list(found)


def scope_action(catalog: Catalog, action: Action, arns: Iterable[str]) -> Scope:
    """Keep the ARNs whose resource type ``action`` takes.

    Every required resource type must be covered, and an action whose resource types
    are all optional needs at least one; otherwise the statement needs Resource "*".
    """
    if not action.resource_types:
        return Scope(unscoped=Unscoped.NO_RESOURCE_TYPE)
    taken = {resource.name for resource in action.resource_types}
    required = {resource.name for resource in action.resource_types if resource.required}
    kept: list[str] = []
    covered: set[str] = set()
    for arn in arns:
        types = _types_of(catalog, arn, action.service) & taken
        if types:
            kept.append(arn)
            covered |= types
    if not kept or not required <= covered:
        return Scope(unscoped=Unscoped.NO_ARN)
    return Scope(arns=tuple(kept))


def _types_of(catalog: Catalog, arn: str, service: str) -> set[str]:
    try:
        return {found.name for found in catalog.resource_types_for_arn(arn, service=service)}
    except CatalogError:
        return set()


def _arns_in(value: Any, depth: int) -> Iterator[str]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, str):
        if _ARN.fullmatch(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arns_in(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _arns_in(item, depth + 1)


def _built_arns(prefix: str, parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    builder = _BUILDERS.get(prefix)
    if builder is not None:
        yield from builder(parameters, place)


def _text(parameters: dict[str, Any], name: str) -> str | None:
    value = parameters.get(name)
    return value if isinstance(value, str) and value and not value.startswith("arn:") else None


def _s3(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    bucket = _text(parameters, "bucketName")
    if bucket is None:
        return
    yield f"arn:{place.partition}:s3:::{bucket}"
    key = _text(parameters, "key")
    if key is not None:
        yield f"arn:{place.partition}:s3:::{bucket}/{key}"


def _iam(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    # NOTE: a name alone lacks the path, so a role or user with a path gets an ARN
    # without it unless the event also carries the full ARN.
    for name, kind in (
        ("roleName", "role"),
        ("userName", "user"),
        ("groupName", "group"),
        ("instanceProfileName", "instance-profile"),
    ):
        value = _text(parameters, name)
        if value is not None:
            yield place.arn("iam", f"{kind}/{value}", region=False)


def _dynamodb(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    table = _text(parameters, "tableName")
    if table is not None:
        yield place.arn("dynamodb", f"table/{table}")


def _lambda(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    function = _text(parameters, "functionName")
    if function is not None:
        yield place.arn("lambda", f"function:{function}")


def _ssm(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    names = parameters.get("names")
    candidates = [parameters.get("name"), *(names if isinstance(names, list) else [])]
    for name in candidates:
        if isinstance(name, str) and name and not name.startswith("arn:"):
            path = name if name.startswith("/") else "/" + name
            yield place.arn("ssm", f"parameter{path}")


def _secretsmanager(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    name = _text(parameters, "secretId") or _text(parameters, "name")
    if name is not None:
        # Secret ARNs end in "-" and six random characters that a name does not carry.
        yield place.arn("secretsmanager", f"secret:{name}-??????")


def _logs(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    group = _text(parameters, "logGroupName")
    if group is not None:
        yield place.arn("logs", f"log-group:{group}")


def _sqs(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    url = parameters.get("queueUrl")
    found = _QUEUE_URL.fullmatch(url) if isinstance(url, str) else None
    if found is not None:
        yield f"arn:{place.partition}:sqs:{place.region}:{found['account']}:{found['name']}"


def _cloudtrail(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    for field in ("name", "trailName"):
        trail = _text(parameters, field)
        if trail is not None:
            yield place.arn("cloudtrail", f"trail/{trail}")


def _kms(parameters: dict[str, Any], place: EventPlace) -> Iterator[str]:
    key = _text(parameters, "keyId")
    if key is not None and _KEY_ID.fullmatch(key):
        yield place.arn("kms", f"key/{key}")
    elif key is not None and key.startswith("alias/"):
        yield place.arn("kms", key)


_BUILDERS = {
    "s3": _s3,
    "iam": _iam,
    "dynamodb": _dynamodb,
    "lambda": _lambda,
    "ssm": _ssm,
    "secretsmanager": _secretsmanager,
    "logs": _logs,
    "sqs": _sqs,
    "cloudtrail": _cloudtrail,
    "kms": _kms,
}
