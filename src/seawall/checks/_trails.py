"""CloudTrail trails as the Snapshot records them, and what they log.

Shared by the CloudTrail checks and the CloudWatch alarm checks. Each
region's DescribeTrails lists the trails whose home it is, and the
trail's status and event selectors are recorded in that same region.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from seawall.checks.context import CheckContext, DataUnavailable
from seawall.findings.model import Finding


@dataclass(frozen=True)
class Trail:
    arn: str
    name: str
    region: str
    data: dict[str, Any]

    @property
    def multi_region(self) -> bool:
        return bool(self.data.get("IsMultiRegionTrail"))

    @property
    def bucket(self) -> str | None:
        name = self.data.get("S3BucketName")
        return str(name) if name else None

    @property
    def log_group_arn(self) -> str | None:
        arn = self.data.get("CloudWatchLogsLogGroupArn")
        return str(arn) if arn else None

    def status(self, ctx: CheckContext) -> dict[str, Any]:
        """Return GetTrailStatus, raising DataUnavailable if it was not collected."""
        return _mapping(ctx.data("cloudtrail", "GetTrailStatus", self.region, self.arn))

    def selectors(self, ctx: CheckContext) -> dict[str, Any]:
        """Return GetEventSelectors, raising DataUnavailable if it was not collected."""
        return _mapping(ctx.data("cloudtrail", "GetEventSelectors", self.region, self.arn))


def trails_in_region(ctx: CheckContext, region: str) -> list[Trail]:
    """Return the trails whose home region is ``region``."""
    data = _mapping(ctx.data("cloudtrail", "DescribeTrails", region))
    trails = []
    for raw in data.get("trailList") or []:
        home = str(raw.get("HomeRegion") or region)
        if home != region:
            continue
        arn = str(raw.get("TrailARN") or raw.get("Name") or "")
        trails.append(Trail(arn, str(raw.get("Name") or arn), region, dict(raw)))
    return trails


@dataclass
class TrailInventory:
    """Every trail found, and the reason for each region whose trails are unknown."""

    trails: list[Trail]
    missing: dict[str, str]


def all_trails(ctx: CheckContext) -> TrailInventory:
    inventory = TrailInventory([], {})
    for region in ctx.regions:
        try:
            inventory.trails.extend(trails_in_region(ctx, region))
        except DataUnavailable as missing:
            inventory.missing[region] = missing.reason
    return inventory


def each_trail(ctx: CheckContext, judge: Callable[[Trail], Iterable[Finding]]) -> Iterator[Finding]:
    """Judge every trail. A region whose trails are unknown becomes an ``error``.

    With no trail anywhere the result is one ``not_applicable`` for the account,
    because cloudtrail.multi_region_logging already fails that case.
    """
    inventory = all_trails(ctx)
    for region, reason in inventory.missing.items():
        yield ctx.error(ctx.region_resource(region), reason, region)
    for trail in inventory.trails:
        try:
            yield from judge(trail)
        except DataUnavailable as missing:
            yield ctx.error(trail.arn, missing.reason, trail.region)
    if not inventory.trails and not inventory.missing:
        yield ctx.not_applicable(
            ctx.snapshot.account_arn, "no CloudTrail trail exists in the scanned regions"
        )


@dataclass(frozen=True)
class ManagementCoverage:
    """The management events that a trail's event selectors record in full."""

    read: bool
    write: bool
    # Reasons that coverage is partial, for the finding. Empty when coverage is complete.
    gaps: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.read and self.write


def management_coverage(selectors: dict[str, Any]) -> ManagementCoverage:
    """Judge whether event selectors record all read and write management events."""
    read = write = False
    gaps: list[str] = []
    for selector in selectors.get("EventSelectors") or []:
        covers, gap = _basic_selector(selector)
        read, write = read or "read" in covers, write or "write" in covers
        if gap:
            gaps.append(gap)
    for selector in selectors.get("AdvancedEventSelectors") or []:
        covers, gap = _advanced_selector(selector)
        read, write = read or "read" in covers, write or "write" in covers
        if gap:
            gaps.append(gap)
    if not (read and write) and not gaps:
        gaps.append("no event selector records management events")
    return ManagementCoverage(read, write, tuple(gaps))


_READ_WRITE = {"All": {"read", "write"}, "ReadOnly": {"read"}, "WriteOnly": {"write"}}


def _basic_selector(selector: dict[str, Any]) -> tuple[set[str], str]:
    if not selector.get("IncludeManagementEvents", True):
        return set(), ""
    excluded = selector.get("ExcludeManagementEventSources") or []
    if excluded:
        return set(), "management events from " + ", ".join(excluded) + " are excluded"
    covers = _READ_WRITE.get(str(selector.get("ReadWriteType", "All")), set())
    if covers != {"read", "write"}:
        return covers, f"an event selector records {selector.get('ReadWriteType')} events only"
    return covers, ""


def _advanced_selector(selector: dict[str, Any]) -> tuple[set[str], str]:
    fields = {str(f.get("Field")): f for f in selector.get("FieldSelectors") or []}
    category = fields.pop("eventCategory", None)
    if category is None or "Management" not in (category.get("Equals") or []):
        return set(), ""
    covers = {"read", "write"}
    read_only = fields.pop("readOnly", None)
    if read_only is not None:
        covers = _read_only_filter(read_only)
    name = selector.get("Name") or "an advanced event selector"
    if fields:
        # Any other field (eventSource, eventName...) narrows the events kept.
        return set(), f"{name} filters management events on " + ", ".join(sorted(fields))
    if covers != {"read", "write"}:
        kind = "read-only" if covers == {"read"} else "write-only"
        return covers, f"{name} records {kind} management events only"
    return covers, ""


def _read_only_filter(field: dict[str, Any]) -> set[str]:
    values = {"true": "read", "false": "write"}
    kept = {values[v] for v in field.get("Equals") or [] if v in values}
    if field.get("Equals") is None:
        kept = {"read", "write"}
    dropped = {values[v] for v in field.get("NotEquals") or [] if v in values}
    return kept - dropped


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
