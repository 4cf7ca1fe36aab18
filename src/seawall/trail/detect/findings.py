"""Detection findings: rule matches grouped per rule, principal and source IP."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from seawall.findings.model import Severity
from seawall.trail.detect.engine import Hit
from seawall.trail.detect.model import RuleInfo


@dataclass(frozen=True, slots=True)
class DetectionFinding:
    """One detection. Field names are the public JSON contract."""

    rule_id: str
    title: str
    severity: Severity
    event_ids: tuple[str, ...]
    principal: str
    source_ip: str
    first_seen: str
    last_seen: str
    reason: str


def group_hits(hits: Iterable[Hit], rules: dict[str, RuleInfo]) -> list[DetectionFinding]:
    """Turn hits into one finding per rule, principal and source IP.

    Grouping keeps a noisy rule to a few findings while each finding still
    names every event it covers.
    """
    groups: dict[tuple[str, str, str], list[Hit]] = {}
    for hit in hits:
        groups.setdefault((hit.rule_id, hit.principal, hit.source_ip), []).append(hit)
    findings = []
    for (rule_id, principal, source_ip), members in groups.items():
        info = rules[rule_id]
        times = sorted(hit.time for hit in members if hit.time)
        names = sorted({hit.event_name for hit in members})
        findings.append(
            DetectionFinding(
                rule_id=rule_id,
                title=info.title,
                severity=info.level,
                event_ids=tuple(sorted(hit.event_id for hit in members)),
                principal=principal,
                source_ip=source_ip,
                first_seen=times[0] if times else "",
                last_seen=times[-1] if times else "",
                reason=f"{len(members)} event(s) ({', '.join(names)}) matched: {info.title}",
            )
        )
    return findings


def sort_findings(findings: Iterable[DetectionFinding]) -> list[DetectionFinding]:
    """Order worst severity first, then by time, rule and principal."""
    return sorted(
        findings,
        key=lambda item: (item.severity.rank, item.first_seen, item.rule_id, item.principal),
    )
