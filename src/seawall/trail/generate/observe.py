"""Fold one principal's event records into the actions, resources and notes a policy needs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from seawall.policy.catalog import Catalog
from seawall.trail.generate.mapping import map_event
from seawall.trail.generate.principal import TrailPrincipal
from seawall.trail.generate.resources import (
    EventPlace,
    Unscoped,
    candidate_arns,
    scope_action,
)
from seawall.trail.reading import parse_event_time

# Error codes that mean the request was refused for lack of permission.
DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "Client.UnauthorizedOperation",
        "UnauthorizedOperation",
        "AuthorizationError",
        "Forbidden",
        "UnauthorizedException",
        "NotAuthorized",
    }
)
_MAX_DEPTH = 4
_ROLE_ARN = re.compile(r"arn:aws[\w-]*:iam::\d{12}:role/.+")
# Services whose request parameters name roles to assume or manage, not roles to pass.
_NOT_PASSING_ROLES = frozenset({"iam", "sts"})
# Events that AWS records about a principal but the principal did not call.
_NOT_CALLS = frozenset({"AwsServiceEvent", "AwsConsoleSignIn"})


@dataclass
class ActionUse:
    """What the events showed about one granted action."""

    count: int = 0
    arns: dict[str, None] = field(default_factory=dict)
    unscoped: set[Unscoped] = field(default_factory=set)


@dataclass
class Observations:
    """Everything read from the principal's events, before it becomes a policy."""

    event_count: int = 0
    first_time: datetime | None = None
    last_time: datetime | None = None
    actions: dict[str, ActionUse] = field(default_factory=dict)
    denied: Counter[tuple[str, str]] = field(default_factory=Counter)
    unmapped: Counter[tuple[str, str]] = field(default_factory=Counter)
    no_permission: dict[str, str] = field(default_factory=dict)
    not_calls: Counter[str] = field(default_factory=Counter)
    # Role ARN -> the events that passed it to a service.
    passed_roles: dict[str, set[str]] = field(default_factory=dict)
    instance_profiles: dict[str, None] = field(default_factory=dict)


def observe(
    catalog: Catalog, principal: TrailPrincipal, records: Iterable[dict[str, Any]]
) -> Observations:
    """Read ``records`` and keep those of ``principal``."""
    seen = Observations()
    for record in records:
        if principal.matches(record):
            _add(catalog, principal, seen, record)
    return seen


def _add(
    catalog: Catalog, principal: TrailPrincipal, seen: Observations, record: dict[str, Any]
) -> None:
    seen.event_count += 1
    _add_time(seen, parse_event_time(record.get("eventTime")))
    source = str(record.get("eventSource") or "")
    name = str(record.get("eventName") or "")
    if record.get("eventType") in _NOT_CALLS:
        seen.not_calls[f"{source} {name}"] += 1
        return
    mapping = map_event(catalog, source, name)
    error_code = record.get("errorCode")
    if isinstance(error_code, str) and error_code in DENIED_CODES:
        label = ", ".join(mapping.actions) if mapping.actions else f"{source} {name}"
        seen.denied[(label, error_code)] += 1
        return
    if mapping.no_permission is not None:
        seen.no_permission[f"{mapping.prefix}:{name}"] = mapping.no_permission
        return
    if not mapping.actions:
        seen.unmapped[(source, name)] += 1
        return
    place = EventPlace(
        principal.partition,
        str(record.get("awsRegion") or ""),
        str(record.get("recipientAccountId") or principal.account),
    )
    arns = candidate_arns(record, mapping.prefix, place)
    for action_name in mapping.actions:
        _add_action(catalog, seen, action_name, arns)
    _add_passed_roles(seen, mapping.prefix, name, record)


def _add_time(seen: Observations, time: datetime | None) -> None:
    if time is None:
        return
    if seen.first_time is None or time < seen.first_time:
        seen.first_time = time
    if seen.last_time is None or time > seen.last_time:
        seen.last_time = time


def _add_action(catalog: Catalog, seen: Observations, action_name: str, arns: list[str]) -> None:
    action = catalog.action(action_name)
    if action is None:
        return
    use = seen.actions.setdefault(action.name, ActionUse())
    use.count += 1
    scope = scope_action(catalog, action, arns)
    if scope.unscoped is not None:
        use.unscoped.add(scope.unscoped)
    for arn in scope.arns:
        use.arns[arn] = None


def _add_passed_roles(seen: Observations, prefix: str, name: str, record: dict[str, Any]) -> None:
    parameters = record.get("requestParameters")
    if prefix in _NOT_PASSING_ROLES or not isinstance(parameters, dict):
        return
    for role in _role_arns(parameters, 0):
        seen.passed_roles.setdefault(role, set()).add(f"{prefix}:{name}")
    profile = parameters.get("iamInstanceProfile")
    if isinstance(profile, dict):
        reference = profile.get("arn") or profile.get("name")
        if isinstance(reference, str) and reference:
            seen.instance_profiles[reference] = None


def _role_arns(value: Any, depth: int, key: str = "") -> list[str]:
    # Only values under a key that names a role count: a KMS grantee or a resource
    # policy principal can be a role ARN that is not passed.
    if depth > _MAX_DEPTH:
        return []
    if isinstance(value, str):
        return [value] if "role" in key.lower() and _ROLE_ARN.fullmatch(value) else []
    if isinstance(value, dict):
        return [
            arn for name, item in value.items() for arn in _role_arns(item, depth + 1, str(name))
        ]
    if isinstance(value, list):
        return [arn for item in value for arn in _role_arns(item, depth + 1, key)]
    return []
