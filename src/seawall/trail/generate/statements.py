"""Turn the observed actions and resources into a readable identity policy.

Actions of one service that act on the same set of resources share a statement.
When the policy exceeds IAM's managed policy size limit, the largest services are
widened, first to Resource "*" and then to the ``service:*`` wildcard, until it fits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from seawall.trail.generate.observe import ActionUse
from seawall.trail.generate.resources import Unscoped

POLICY_VERSION = "2012-10-17"
# IAM counts every character except whitespace against this limit for managed policies.
MANAGED_POLICY_LIMIT = 6144
# More distinct object keys than this in one bucket are replaced by their common prefix.
MAX_OBJECT_KEYS = 5
_WHITESPACE = re.compile(r"\s")
_S3_OBJECT = re.compile(r"(?P<bucket>arn:[\w-]+:s3:::[^/]+)/(?P<key>.+)")


@dataclass(frozen=True)
class GeneratedPolicy:
    document: dict[str, Any]
    size: int
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass
class _Group:
    prefix: str
    resources: tuple[str, ...]
    actions: set[str] = field(default_factory=set)


def build_policy(
    actions: Mapping[str, ActionUse], limit: int = MANAGED_POLICY_LIMIT
) -> GeneratedPolicy:
    """Group ``actions`` into statements and fit the document within ``limit`` characters."""
    groups = _group(actions)
    fitted, warnings = _fit(groups, limit, (_widen_resources,))
    if policy_size(_document(fitted)) > limit:
        # Service wildcards grant far more than Resource "*" does, so the plan with the
        # fewest wildcards wins.
        plans = [
            _fit(groups, limit, (_widen_actions,)),
            _fit(groups, limit, (_widen_resources, _widen_actions)),
        ]
        fitted, warnings = min(plans, key=lambda plan: (_wildcards(plan[0]), len(plan[1])))
    document = _document(fitted)
    size = policy_size(document)
    if size > limit:
        warnings.append(
            f"the policy is {size} characters, over the {limit} limit even with service "
            "wildcards; split it across several policies"
        )
    return GeneratedPolicy(document, size, tuple(warnings), tuple(_unscoped_notes(actions)))


def _fit(
    groups: list[_Group], limit: int, steps: tuple[Callable[[list[_Group], str], list[_Group]], ...]
) -> tuple[list[_Group], list[str]]:
    """Apply each widening step to the largest services first until the policy fits."""
    warnings: list[str] = []
    for widen in steps:
        for prefix in _services_by_size(groups):
            if policy_size(_document(groups)) <= limit:
                return groups, warnings
            widened = widen(groups, prefix)
            if _signature(widened) != _signature(groups):
                groups = widened
                warnings.append(_widen_warning(widen, prefix, limit))
    return groups, warnings


def _wildcards(groups: list[_Group]) -> int:
    return sum(1 for group in groups for action in group.actions if action.endswith(":*"))


def _signature(groups: list[_Group]) -> list[tuple[str, tuple[str, ...], list[str]]]:
    return [(group.prefix, group.resources, sorted(group.actions)) for group in groups]


def policy_size(document: dict[str, Any]) -> int:
    """Return the characters IAM counts against the size limit: all but whitespace."""
    return len(_WHITESPACE.sub("", json.dumps(document, separators=(",", ":"))))


def action_resources(use: ActionUse) -> tuple[str, ...]:
    if use.unscoped or not use.arns:
        return ("*",)
    return tuple(sorted(_collapse_object_keys(list(use.arns))))


def _group(actions: Mapping[str, ActionUse]) -> list[_Group]:
    groups: dict[tuple[str, tuple[str, ...]], _Group] = {}
    for name, use in actions.items():
        prefix = name.split(":", 1)[0]
        resources = action_resources(use)
        group = groups.setdefault((prefix, resources), _Group(prefix, resources))
        group.actions.add(name)
    return sorted(groups.values(), key=lambda group: (group.prefix, group.resources))


def _document(groups: list[_Group]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for group in groups:
        counts[group.prefix] = counts.get(group.prefix, 0) + 1
    seen: dict[str, int] = {}
    statements = []
    for group in groups:
        seen[group.prefix] = seen.get(group.prefix, 0) + 1
        sid = _sid(group.prefix)
        if counts[group.prefix] > 1:
            sid += f"Statement{seen[group.prefix]}"
        resource: str | list[str] = (
            group.resources[0] if len(group.resources) == 1 else list(group.resources)
        )
        statements.append(
            {
                "Sid": sid,
                "Effect": "Allow",
                "Action": sorted(group.actions, key=str.lower),
                "Resource": resource,
            }
        )
    return {"Version": POLICY_VERSION, "Statement": statements}


def _sid(prefix: str) -> str:
    # A Sid allows only letters and digits.
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", prefix))


def _services_by_size(groups: list[_Group]) -> list[str]:
    sizes: dict[str, int] = {}
    for group in groups:
        size = sum(len(action) for action in group.actions) + sum(map(len, group.resources))
        sizes[group.prefix] = sizes.get(group.prefix, 0) + size
    return sorted(sizes, key=lambda prefix: (-sizes[prefix], prefix))


def _widen_resources(groups: list[_Group], prefix: str) -> list[_Group]:
    merged = _Group(prefix, ("*",))
    rest = []
    for group in groups:
        if group.prefix == prefix:
            merged.actions |= group.actions
        else:
            rest.append(group)
    return sorted([*rest, merged], key=lambda group: (group.prefix, group.resources))


def _widen_actions(groups: list[_Group], prefix: str) -> list[_Group]:
    rest = [group for group in groups if group.prefix != prefix]
    wildcard = _Group(prefix, ("*",), {f"{prefix}:*"})
    return sorted([*rest, wildcard], key=lambda group: (group.prefix, group.resources))


def _widen_warning(widen: Any, prefix: str, limit: int) -> str:
    if widen is _widen_resources:
        return f'{prefix} actions get Resource "*" to keep the policy within {limit} characters'
    return (
        f"{prefix} actions are replaced by {prefix}:* to keep the policy within {limit} characters"
    )


def _collapse_object_keys(arns: list[str]) -> list[str]:
    """Replace the object ARNs of a bucket by ``bucket/prefix*`` when there are many."""
    by_bucket: dict[str, list[str]] = {}
    others: list[str] = []
    for arn in arns:
        found = _S3_OBJECT.fullmatch(arn)
        if found is None:
            others.append(arn)
        else:
            by_bucket.setdefault(found["bucket"], []).append(found["key"])
    for bucket, keys in by_bucket.items():
        if len(keys) <= MAX_OBJECT_KEYS:
            others.extend(f"{bucket}/{key}" for key in keys)
            continue
        others.append(f"{bucket}/{_common_folder(keys)}*")
    return others


def _common_folder(keys: list[str]) -> str:
    """Return the folder path, ending in "/", that every key is inside, or ""."""
    folders = [key.split("/")[:-1] for key in keys]
    common: list[str] = []
    for parts in zip(*folders, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "".join(part + "/" for part in common)


_UNSCOPED_NOTES = {
    Unscoped.NO_RESOURCE_TYPE: 'Resource "*" for actions that take no resource type',
    Unscoped.NO_ARN: 'Resource "*" because no event names a resource ARN that these take',
}


def _unscoped_notes(actions: Mapping[str, ActionUse]) -> list[str]:
    notes = []
    for reason in Unscoped:
        names = sorted(name for name, use in actions.items() if reason in use.unscoped)
        if names:
            notes.append(f"{_UNSCOPED_NOTES[reason]}: {', '.join(names)}")
    return notes
