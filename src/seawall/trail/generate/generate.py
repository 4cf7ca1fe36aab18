"""Generate a least-privilege identity policy from one principal's CloudTrail events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from seawall.policy.catalog import Catalog
from seawall.trail.generate.observe import Observations, observe
from seawall.trail.generate.principal import TrailPrincipal
from seawall.trail.generate.statements import MANAGED_POLICY_LIMIT, GeneratedPolicy, build_policy
from seawall.trail.generate.unused import UnusedReport


@dataclass(frozen=True)
class Counted:
    """An event or action seen ``count`` times, with the error code when it failed."""

    name: str
    count: int
    error_code: str | None = None


@dataclass
class GenerationReport:
    principal: str
    policy: GeneratedPolicy
    notes: list[str]
    unmapped: list[Counted]
    denied: list[Counted]
    event_count: int
    start: datetime | None
    end: datetime | None
    skipped_files: list[str] = field(default_factory=list)
    unused: UnusedReport | None = None

    @property
    def used_actions(self) -> list[str]:
        return [str(action) for statement in self.statements for action in statement["Action"]]

    @property
    def statements(self) -> list[dict[str, Any]]:
        statements: list[dict[str, Any]] = self.policy.document["Statement"]
        return statements


def generate_policy(
    catalog: Catalog,
    principal: TrailPrincipal,
    records: Iterable[dict[str, Any]],
    limit: int = MANAGED_POLICY_LIMIT,
) -> tuple[GenerationReport, Observations]:
    """Read ``records``, keep the principal's events and build its policy and notes."""
    seen = observe(catalog, principal, records)
    policy = build_policy(seen.actions, limit)
    report = GenerationReport(
        principal=principal.arn,
        policy=policy,
        notes=[*policy.warnings, *policy.notes, *_notes(seen)],
        unmapped=[
            Counted(f"{source} {name}", count)
            for (source, name), count in sorted(seen.unmapped.items())
        ],
        denied=[Counted(name, count, code) for (name, code), count in sorted(seen.denied.items())],
        event_count=seen.event_count,
        start=seen.first_time,
        end=seen.last_time,
    )
    return report, seen


def _notes(seen: Observations) -> list[str]:
    notes = [f"{event} omitted: {reason}" for event, reason in sorted(seen.no_permission.items())]
    for role, events in sorted(seen.passed_roles.items()):
        notes.append(
            f"iam:PassRole is never logged, but {', '.join(sorted(events))} passed {role}: "
            f'add iam:PassRole with Resource "{role}"'
        )
    for profile in seen.instance_profiles:
        notes.append(
            f"instances were launched with instance profile {profile}: add iam:PassRole on "
            "the role in that profile"
        )
    for event, count in sorted(seen.not_calls.items()):
        notes.append(f"{event} ({count}) is recorded by AWS, not called, and needs no permission")
    return notes
