"""CloudTrail log file integrity validation over a folder or an S3 prefix.

The steps follow CloudTrail's documented custom validation: each digest is
checked for its recorded location, its public key (by fingerprint, valid at
the digest end time) and its SHA256withRSA signature; the chain of previous
digests is followed; and each log file a trusted digest lists is hashed (the
SHA-256 of its uncompressed content) and compared. See docs/trail-validate.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from seawall.trail.chain import ChainResult, check_chains
from seawall.trail.digest_check import LoadedDigest, judge_digest, load_digest
from seawall.trail.filters import TrailFilter
from seawall.trail.keys import DigestName, parse_digest_name, parse_log_name
from seawall.trail.location import LocationMap, infer_local_location
from seawall.trail.log_check import check_logs, collect_listings
from seawall.trail.model import FileKind, FileResult, FileStatus, ValidationReport
from seawall.trail.public_keys import PublicKeyRing
from seawall.trail.sources import S3Source, TrailSource
from seawall.trail.times import format_time

log = logging.getLogger(__name__)

# Called with the trails' home regions and the time range the digests cover.
KeyProvider = Callable[[set[str], datetime, datetime], PublicKeyRing]

DEFAULT_WORKERS = 8


@dataclass(frozen=True)
class ValidateOptions:
    filters: TrailFilter
    # Digests due by this time must be present: the newest-digest rule.
    end_time: datetime
    workers: int = DEFAULT_WORKERS


def validate_source(
    source: TrailSource, keys: KeyProvider, options: ValidateOptions
) -> ValidationReport:
    """Validate every digest and log file in ``source`` that the filters accept."""
    digest_names, log_keys = _classify(source.keys(options.filters), options.filters)
    log.info("found %d digest files and %d log files", len(digest_names), len(log_keys))
    with ThreadPoolExecutor(max_workers=options.workers) as pool:
        loaded = list(pool.map(lambda item: load_digest(source, *item), digest_names))
    location = _location(source, loaded)
    ring = _public_keys(keys, loaded)
    for item in loaded:
        judge_digest(item, ring, location)
    chains = check_chains(loaded, location.bucket or "", options.filters.start, options.end_time)
    listings, outside = collect_listings(loaded, location)
    logs = check_logs(source, set(log_keys), listings, chains.log_cutoffs, options.workers)
    files = [*_digest_results(source, loaded), *_missing_results(source, location, chains)]
    files.extend(outside)
    files.extend(logs.results)
    files.sort(key=lambda result: (result.path, result.kind))
    gaps = sorted(chains.gaps, key=lambda gap: (gap.trail, gap.start))
    problems = () if digest_names else (_no_digests_message(source, options.filters),)
    return ValidationReport(_describe(source), tuple(files), tuple(gaps), logs.pending, problems)


def _classify(
    keys: Iterable[str], filters: TrailFilter
) -> tuple[list[tuple[str, DigestName]], list[str]]:
    digests: list[tuple[str, DigestName]] = []
    logs: list[str] = []
    for key in keys:
        digest_name = parse_digest_name(key)
        if digest_name is not None:
            if filters.accepts_digest(digest_name):
                digests.append((key, digest_name))
            continue
        log_name = parse_log_name(key)
        if log_name is not None and key.endswith(".json.gz") and filters.accepts_log(log_name):
            logs.append(key)
    return digests, logs


def _location(source: TrailSource, loaded: list[LoadedDigest]) -> LocationMap:
    if source.bucket is not None:
        return LocationMap(source.bucket, "")
    return infer_local_location(
        (item.source_key, item.digest.bucket, item.digest.key)
        for item in loaded
        if item.digest is not None
    )


def _public_keys(keys: KeyProvider, loaded: list[LoadedDigest]) -> PublicKeyRing:
    digests = [item.digest for item in loaded if item.digest is not None]
    if not digests:
        return PublicKeyRing()
    regions = {item.name.home_region for item in loaded if item.digest is not None}
    start = min(digest.start_time for digest in digests)
    end = max(digest.end_time for digest in digests)
    return keys(regions, start, end)


def _digest_results(source: TrailSource, loaded: list[LoadedDigest]) -> list[FileResult]:
    return [
        FileResult(source.display(item.source_key), FileKind.DIGEST, item.status, item.detail)
        for item in loaded
    ]


def _missing_results(
    source: TrailSource, location: LocationMap, chains: ChainResult
) -> list[FileResult]:
    results = []
    for missing in chains.missing:
        source_key = location.to_source(missing.bucket, missing.key)
        path = (
            source.display(source_key)
            if source_key is not None
            else f"s3://{missing.bucket}/{missing.key}"
        )
        results.append(FileResult(path, FileKind.DIGEST, FileStatus.DELETED, missing.detail))
    return results


def _no_digests_message(source: TrailSource, filters: TrailFilter) -> str:
    # An empty folder, a wrong prefix or a filter that matches nothing must not pass
    # as a valid trail.
    chosen = [
        (option, value)
        for option, value in (
            ("--account", filters.account),
            ("--region", filters.region),
            ("--trail", filters.trail),
            ("--start-time", format_time(filters.start) if filters.start else None),
            ("--end-time", format_time(filters.end) if filters.end else None),
        )
        if value is not None
    ]
    applied = ", ".join(f"{option} {value}" for option, value in chosen)
    with_filters = f" (with the filters {applied})" if applied else ""
    # The report's source is the bucket alone, so the prefix searched is added here.
    searched = source.display(source.prefix) if isinstance(source, S3Source) else _describe(source)
    return (
        f"no CloudTrail digest files found under {searched}{with_filters}; check the "
        "path, --account, --region and --trail, and that log file validation is enabled "
        "on the trail"
    )


def _describe(source: TrailSource) -> str:
    return source.display("").rstrip("/") or "."
