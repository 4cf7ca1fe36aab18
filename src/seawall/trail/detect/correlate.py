"""Evaluate Sigma correlation rules over the hits of their base rules.

Per group (the ``group-by`` values), hits are sorted by time and a window of
``timespan`` slides over them, ending at each hit in turn. Every hit inside
a window that meets the condition is flagged, and flagged hits less than one
timespan apart form one finding.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from seawall.trail.detect.engine import Hit
from seawall.trail.detect.findings import DetectionFinding
from seawall.trail.detect.model import Correlation, CorrelationType
from seawall.trail.times import parse_time

_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "eq": operator.eq,
}


@dataclass(frozen=True)
class _Timed:
    seconds: float
    hit: Hit
    # The counted items: the event, its field values, or its rule, per correlation type.
    items: tuple[str, ...]


def correlate(correlation: Correlation, hits: Iterable[Hit]) -> list[DetectionFinding]:
    """Return the findings of one correlation over every hit of the run."""
    groups: dict[tuple[str | None, ...], list[_Timed]] = {}
    for hit in hits:
        if hit.rule_id not in correlation.rules or not hit.time:
            continue
        for key in hit.correlations:
            if key.correlation_id == correlation.info.id:
                items = _items(correlation, hit, key.values)
                timed = _Timed(parse_time(hit.time).timestamp(), hit, items)
                groups.setdefault(key.group, []).append(timed)
    findings = []
    for group, members in groups.items():
        members.sort(key=lambda timed: (timed.seconds, timed.hit.event_id))
        for cluster, peak in _clusters(correlation, members):
            findings.append(_finding(correlation, group, cluster, peak))
    return findings


def _items(correlation: Correlation, hit: Hit, values: tuple[str, ...]) -> tuple[str, ...]:
    if correlation.kind is CorrelationType.VALUE_COUNT:
        return values
    if correlation.kind is CorrelationType.TEMPORAL:
        return (hit.rule_id,)
    return (hit.event_id,)


def _clusters(correlation: Correlation, members: list[_Timed]) -> list[tuple[list[_Timed], int]]:
    compare = _COMPARE[correlation.operator]
    flagged = [False] * len(members)
    peaks = [0] * len(members)
    counts: Counter[str] = Counter()
    start = 0
    for end, timed in enumerate(members):
        counts.update(timed.items)
        while timed.seconds - members[start].seconds > correlation.timespan_seconds:
            _drop(counts, members[start].items)
            start += 1
        measured = len(counts)
        if compare(measured, correlation.threshold):
            for index in range(start, end + 1):
                flagged[index] = True
            peaks[end] = measured
    return _split(members, flagged, peaks, correlation.timespan_seconds)


def _drop(counts: Counter[str], items: tuple[str, ...]) -> None:
    for item in items:
        counts[item] -= 1
        if counts[item] == 0:
            del counts[item]


def _split(
    members: list[_Timed], flagged: list[bool], peaks: list[int], timespan: float
) -> list[tuple[list[_Timed], int]]:
    clusters: list[tuple[list[_Timed], int]] = []
    current: list[_Timed] = []
    peak = 0
    for timed, is_flagged, measured in zip(members, flagged, peaks, strict=True):
        if not is_flagged:
            continue
        if current and timed.seconds - current[-1].seconds > timespan:
            clusters.append((current, peak))
            current, peak = [], 0
        current.append(timed)
        peak = max(peak, measured)
    if current:
        clusters.append((current, peak))
    return clusters


def _finding(
    correlation: Correlation,
    group: tuple[str | None, ...],
    cluster: list[_Timed],
    peak: int,
) -> DetectionFinding:
    hits = [timed.hit for timed in cluster]
    grouped = ", ".join(
        f"{name}={value}" for name, value in zip(correlation.group_by, group, strict=True)
    )
    return DetectionFinding(
        rule_id=correlation.info.id,
        title=correlation.info.title,
        severity=correlation.info.level,
        event_ids=tuple(sorted(hit.event_id for hit in hits)),
        principal=_joined(hit.principal for hit in hits),
        source_ip=_joined(hit.source_ip for hit in hits),
        first_seen=hits[0].time,
        last_seen=hits[-1].time,
        reason=(
            f"{_measure(correlation)} reached {peak} within {_span(correlation)} "
            f"({correlation.operator} {correlation.threshold})"
            + (f" for {grouped}" if grouped else "")
        ),
    )


def _measure(correlation: Correlation) -> str:
    if correlation.kind is CorrelationType.VALUE_COUNT:
        return f"distinct {correlation.value_field} values"
    if correlation.kind is CorrelationType.TEMPORAL:
        return "distinct rules matched"
    return "matching events"


def _span(correlation: Correlation) -> str:
    seconds = int(correlation.timespan_seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _joined(values: Iterable[str]) -> str:
    """Join the distinct values; one value is returned as is."""
    return ", ".join(sorted(set(values)))
