"""The chain of digests of each trail: links, trust, deleted digests and gaps.

Each digest records the location, SHA-256 and signature of the previous one.
A trusted digest therefore authenticates its predecessor's content, finds a
predecessor that was modified or whose signature was changed, and names a
predecessor that was deleted. Consecutive deleted digests and deleted newest
digests leave no names behind, so they are counted by the hourly cadence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from seawall.trail.digest_check import LoadedDigest
from seawall.trail.keys import account_root, digest_key, parse_digest_name
from seawall.trail.model import FileStatus, Gap, GapReason

CADENCE = timedelta(hours=1)
# How late a digest may arrive after its end time before it counts as missing.
DELIVERY_ALLOWANCE = timedelta(hours=1)
# Estimated names listed per gap; the gap itself carries the full count.
MAX_ESTIMATED_NAMES = 48

TrailId = tuple[str, str, str, str]


@dataclass(frozen=True)
class MissingDigest:
    bucket: str
    key: str
    detail: str


@dataclass
class ChainResult:
    gaps: list[Gap] = field(default_factory=list)
    missing: list[MissingDigest] = field(default_factory=list)
    # Per (account root of the source keys, region): log files delivered after this
    # time are not yet due in any digest.
    log_cutoffs: dict[tuple[str, str], datetime] = field(default_factory=dict)


def check_chains(
    loaded: Iterable[LoadedDigest],
    default_bucket: str,
    start: datetime | None,
    end_time: datetime,
) -> ChainResult:
    """Link the digests of every trail and report what is missing up to ``end_time``."""
    by_location: dict[tuple[str, str], LoadedDigest] = {}
    trails: dict[TrailId, list[LoadedDigest]] = defaultdict(list)
    for item in loaded:
        if item.digest is not None:
            by_location[(item.digest.bucket, item.digest.key)] = item
        if not item.name.backfill:
            trails[_trail_id(item)].append(item)
    result = ChainResult()
    for trail_id, members in trails.items():
        members.sort(key=lambda member: member.name.end_time)
        _walk(trail_id, members, by_location, start, result)
        _check_newest(trail_id, members, default_bucket, end_time, result)
    return result


def _trail_id(item: LoadedDigest) -> TrailId:
    name = item.name
    recorded = item.digest.key if item.digest is not None else item.source_key
    return (account_root(recorded), name.region, name.trail, name.home_region)


def _walk(
    trail_id: TrailId,
    members: list[LoadedDigest],
    by_location: dict[tuple[str, str], LoadedDigest],
    start: datetime | None,
    result: ChainResult,
) -> None:
    # Newest first, so that a digest's trust is settled before it vouches for its predecessor.
    for current in reversed(members):
        digest = current.digest
        if digest is None:
            continue
        if digest.previous_key is None or digest.previous_bucket is None:
            older = [m for m in members if m.name.end_time < current.name.end_time]
            if older:
                result.gaps.append(
                    Gap(
                        _label(trail_id),
                        older[-1].name.end_time,
                        digest.start_time,
                        0,
                        GapReason.CHAIN_RESTARTED,
                    )
                )
            continue
        previous = by_location.get((digest.previous_bucket, digest.previous_key))
        if previous is not None:
            _vouch(current, previous)
        else:
            _report_deleted(trail_id, current, members, start, result)


def _vouch(current: LoadedDigest, previous: LoadedDigest) -> None:
    digest = current.digest
    assert digest is not None
    if not current.trusted or previous.content_sha256 is None:
        return
    if digest.previous_hash != previous.content_sha256:
        previous.trusted = False
        previous.mark(
            FileStatus.MODIFIED,
            f"its SHA-256 differs from the one recorded in {current.source_key}",
        )
        return
    previous.trusted = True
    if previous.signature is None or previous.signature.value != digest.previous_signature:
        previous.mark(
            FileStatus.SIGNATURE_INVALID,
            f"its signature differs from the one recorded in {current.source_key}",
        )


def _report_deleted(
    trail_id: TrailId,
    current: LoadedDigest,
    members: list[LoadedDigest],
    start: datetime | None,
    result: ChainResult,
) -> None:
    digest = current.digest
    assert digest is not None
    assert digest.previous_key is not None
    assert digest.previous_bucket is not None
    previous_name = parse_digest_name(digest.previous_key)
    previous_end = previous_name.end_time if previous_name else digest.start_time
    if start is not None and previous_end < start:
        return
    older = [m for m in members if m.name.end_time < previous_end]
    gap_start = older[-1].name.end_time if older else previous_end - CADENCE
    count = max(1, round((digest.start_time - gap_start) / CADENCE))
    result.gaps.append(
        Gap(_label(trail_id), gap_start, digest.start_time, count, GapReason.DIGESTS_MISSING)
    )
    result.missing.append(
        MissingDigest(
            digest.previous_bucket,
            digest.previous_key,
            f"not found; {current.source_key} records it as the previous digest",
        )
    )
    estimated = [previous_end - CADENCE * step for step in range(1, count)]
    _add_estimated(trail_id, digest.previous_bucket, estimated, start, result)


def _check_newest(
    trail_id: TrailId,
    members: list[LoadedDigest],
    default_bucket: str,
    end_time: datetime,
    result: ChainResult,
) -> None:
    newest = members[-1]
    newest_end = newest.name.end_time
    due = (end_time - DELIVERY_ALLOWANCE - newest_end) // CADENCE
    cutoff = newest_end + CADENCE * max(due, 0)
    region_key = (account_root(newest.source_key), trail_id[1])
    result.log_cutoffs[region_key] = max(cutoff, result.log_cutoffs.get(region_key, cutoff))
    if due < 1:
        return
    result.gaps.append(Gap(_label(trail_id), newest_end, cutoff, due, GapReason.DIGESTS_MISSING))
    bucket = newest.digest.bucket if newest.digest is not None else default_bucket
    estimated = [newest_end + CADENCE * step for step in range(1, due + 1)]
    _add_estimated(trail_id, bucket, estimated, None, result)


def _add_estimated(
    trail_id: TrailId,
    bucket: str,
    end_times: list[datetime],
    start: datetime | None,
    result: ChainResult,
) -> None:
    root, region, trail, home_region = trail_id
    kept = [time for time in end_times if start is None or time >= start]
    for time in sorted(kept)[:MAX_ESTIMATED_NAMES]:
        result.missing.append(
            MissingDigest(
                bucket,
                digest_key(root, region, trail, home_region, time),
                "not found; expected by the hourly cadence, so its name is estimated",
            )
        )


def _label(trail_id: TrailId) -> str:
    root, region, trail, home_region = trail_id
    return f"{root}{region}/{trail} (home region {home_region})"
