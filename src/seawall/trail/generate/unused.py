"""Report the actions a principal's identity policies grant but its events never used.

The policies come from the snapshot's ``iam GetAccountAuthorizationDetails`` record.
Each catalog action of the services in scope is evaluated by the policy engine with
Resource "*" and with every Resource pattern of the principal's Allow statements for
that service, so a grant scoped to one bucket still counts as granted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from seawall.checks._iam_data import decode_document
from seawall.inventory.snapshot import Snapshot
from seawall.policy import (
    Decision,
    Policy,
    PolicyError,
    Request,
    evaluate_policy,
    parse_policy,
    strip_conditions,
)
from seawall.policy.catalog import Action, Catalog
from seawall.trail.generate.principal import PrincipalKind, TrailPrincipal


class UnusedReportError(ValueError):
    """The snapshot lacks what the unused-action report needs; the message says what."""


@dataclass(frozen=True)
class UnusedAction:
    name: str
    access_level: str


@dataclass
class UnusedReport:
    """Granted but unused actions, per service prefix, sorted by name."""

    scope: str
    policies: list[str]
    unused: dict[str, list[UnusedAction]]
    granted_count: int
    notes: list[str] = field(default_factory=list)

    def summary(self, prefix: str) -> dict[str, int]:
        """Return the number of unused actions of ``prefix`` per access level."""
        return dict(sorted(Counter(item.access_level for item in self.unused[prefix]).items()))


@dataclass(frozen=True)
class _Named:
    label: str
    policy: Policy


def unused_actions(
    catalog: Catalog,
    snapshot: Snapshot,
    principal: TrailPrincipal,
    used: Iterable[str],
    all_services: bool = False,
) -> UnusedReport:
    """Evaluate the principal's identity policies over the catalog and subtract ``used``.

    Without ``all_services`` only the services of ``used`` are evaluated. Conditions count
    as met for Allow statements, so an action allowed only under a condition is granted;
    conditional Deny statements are kept as they are.
    """
    details = _details(snapshot)
    notes: list[str] = []
    policies = list(_principal_policies(details, principal, notes))
    used_names = {name.lower() for name in used}
    prefixes = (
        sorted(catalog.services)
        if all_services
        else sorted({name.split(":", 1)[0].lower() for name in used_names})
    )
    unused: dict[str, list[UnusedAction]] = {}
    granted = 0
    for prefix in prefixes:
        service = catalog.service(prefix)
        if service is None:
            continue
        for action in sorted(service.actions.values(), key=lambda item: item.name):
            if not _granted(action, policies):
                continue
            granted += 1
            if action.name.lower() not in used_names:
                unused.setdefault(service.prefix, []).append(
                    UnusedAction(action.name, action.access_level.value)
                )
    notes.append(
        "permission boundaries, session policies and SCPs are not applied: "
        "the report covers the identity policies only"
    )
    scope = "all services" if all_services else "services seen in the events"
    return UnusedReport(scope, [item.label for item in policies], unused, granted, notes)


def _granted(action: Action, policies: list[_Named]) -> bool:
    resources = ["*", *_resource_patterns(action.service, policies)]
    for resource in resources:
        request = Request(action=action.name, resource=resource)
        results = [evaluate_policy(item.policy, request) for item in policies]
        if any(result.decision is Decision.EXPLICIT_DENY for result in results):
            continue
        allowed = (evaluate_policy(strip_conditions(item.policy), request) for item in policies)
        if any(result.allowed for result in allowed):
            return True
    return False


def _resource_patterns(prefix: str, policies: list[_Named]) -> list[str]:
    patterns: dict[str, None] = {}
    for item in policies:
        for statement in item.policy.statements:
            if statement.effect != "Allow" or statement.resources is None:
                continue
            for resource in statement.resources:
                segments = resource.split(":")
                if resource != "*" and len(segments) > 2 and segments[2] in (prefix, "*"):
                    patterns[resource] = None
    return list(patterns)


def _details(snapshot: Snapshot) -> dict[str, Any]:
    record = snapshot.get("iam", "GetAccountAuthorizationDetails")
    if record is None:
        raise UnusedReportError(
            "the snapshot has no iam GetAccountAuthorizationDetails record; "
            "collect one with 'seawall collect'"
        )
    if not record.ok or not isinstance(record.data, dict):
        raise UnusedReportError(
            "the snapshot's GetAccountAuthorizationDetails call failed: "
            f"{record.describe_failure()}"
        )
    return record.data


def _principal_policies(
    details: dict[str, Any], principal: TrailPrincipal, notes: list[str]
) -> Iterator[_Named]:
    if principal.kind is PrincipalKind.USER:
        entity = _find(details.get("UserDetailList"), "Arn", principal.arn)
        yield from _entity_policies(details, entity, "UserPolicyList", principal, notes)
        for group_name in (entity.get("GroupList") or []) if entity else []:
            group = _find(details.get("GroupDetailList"), "GroupName", group_name)
            if group is not None:
                yield from _entity_policies(details, group, "GroupPolicyList", principal, notes)
        return
    entity = _find(details.get("RoleDetailList"), "RoleName", principal.name)
    yield from _entity_policies(details, entity, "RolePolicyList", principal, notes)


def _entity_policies(
    details: dict[str, Any],
    entity: dict[str, Any] | None,
    inline_key: str,
    principal: TrailPrincipal,
    notes: list[str],
) -> Iterator[_Named]:
    if entity is None:
        raise UnusedReportError(
            f"{principal.arn} is not in the snapshot's GetAccountAuthorizationDetails; "
            "use a snapshot of the principal's account"
        )
    owner = entity.get("Arn", "")
    for inline in entity.get(inline_key) or []:
        label = f"inline policy {inline.get('PolicyName', '')} of {owner}"
        policy = _parse(inline.get("PolicyDocument"), label, notes)
        if policy is not None:
            yield _Named(label, policy)
    for attached in entity.get("AttachedManagedPolicies") or []:
        arn = str(attached.get("PolicyArn", ""))
        document = _managed_document(details, arn)
        if document is None:
            notes.append(f"managed policy {arn} is not in the snapshot; its grants are not counted")
            continue
        policy = _parse(document, arn, notes)
        if policy is not None:
            yield _Named(arn, policy)


def _managed_document(details: dict[str, Any], arn: str) -> Any:
    entry = _find(details.get("Policies"), "Arn", arn)
    if entry is None:
        return None
    for version in entry.get("PolicyVersionList") or []:
        if version.get("IsDefaultVersion", True):
            return version.get("Document")
    return None


def _parse(document: Any, label: str, notes: list[str]) -> Policy | None:
    try:
        return parse_policy(decode_document(document), name=label)
    except PolicyError as error:
        notes.append(f"{label} is invalid and not counted: {error}")
        return None


def _find(items: Any, key: str, value: str) -> dict[str, Any] | None:
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get(key) == value:
            return item
    return None
