"""Judge the log files: hash the ones trusted digests list, find the ones none lists."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from seawall.trail.digest import HASH_ALGORITHM
from seawall.trail.digest_check import LoadedDigest
from seawall.trail.hashing import hash_gzip_stream
from seawall.trail.keys import account_root, parse_log_name
from seawall.trail.location import LocationMap
from seawall.trail.model import FileKind, FileResult, FileStatus
from seawall.trail.sources import TrailSource


@dataclass(frozen=True)
class Listing:
    """The entry for one log file in a digest."""

    hash_value: str
    hash_algorithm: str
    digest_key: str
    trusted: bool
    s3_location: str


@dataclass(frozen=True)
class LogOutcome:
    results: list[FileResult]
    pending: int


def collect_listings(
    digests: Iterable[LoadedDigest], location: LocationMap
) -> tuple[dict[str, Listing], list[FileResult]]:
    """Map source keys to their digest entries; entries outside the source are reported deleted."""
    listings: dict[str, Listing] = {}
    outside: list[FileResult] = []
    for loaded in digests:
        if loaded.digest is None:
            continue
        for entry in loaded.digest.log_files:
            s3_location = f"s3://{entry.bucket}/{entry.key}"
            listing = Listing(
                entry.hash_value,
                entry.hash_algorithm,
                loaded.source_key,
                loaded.trusted,
                s3_location,
            )
            source_key = location.to_source(entry.bucket, entry.key)
            if source_key is None:
                if loaded.trusted:
                    outside.append(
                        FileResult(
                            s3_location,
                            FileKind.LOG,
                            FileStatus.DELETED,
                            "listed by a digest but outside the source",
                        )
                    )
                continue
            known = listings.get(source_key)
            if known is None or (listing.trusted and not known.trusted):
                listings[source_key] = listing
    return listings, outside


def check_logs(
    source: TrailSource,
    found: set[str],
    listings: dict[str, Listing],
    cutoffs: dict[tuple[str, str], datetime],
    workers: int,
) -> LogOutcome:
    """Return a result for every listed or found log file, hashing in ``workers`` threads."""
    results: list[FileResult] = []
    to_hash = [key for key, listing in sorted(listings.items()) if listing.trusted]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results.extend(pool.map(lambda key: _check_listed(source, key, listings[key]), to_hash))
    pending = 0
    for key in sorted(found):
        listing = listings.get(key)
        if listing is not None and listing.trusted:
            continue
        if listing is None and _is_pending(key, cutoffs):
            pending += 1
            continue
        detail = (
            f"listed only by {listing.digest_key}, which is not valid"
            if listing is not None
            else "no digest lists this log file"
        )
        results.append(FileResult(source.display(key), FileKind.LOG, FileStatus.UNLISTED, detail))
    return LogOutcome(results, pending)


def _check_listed(source: TrailSource, key: str, listing: Listing) -> FileResult:
    path = source.display(key)
    if listing.hash_algorithm != HASH_ALGORITHM:
        return FileResult(
            path,
            FileKind.LOG,
            FileStatus.MODIFIED,
            f"unsupported hash algorithm {listing.hash_algorithm!r} in {listing.digest_key}",
        )
    try:
        with source.open(key) as stream:
            hashed = hash_gzip_stream(stream)
    except FileNotFoundError:
        return FileResult(path, FileKind.LOG, FileStatus.DELETED, f"listed in {listing.digest_key}")
    if hashed.sha256 is None:
        return FileResult(path, FileKind.LOG, FileStatus.MODIFIED, hashed.error or "")
    if hashed.sha256 != listing.hash_value:
        return FileResult(
            path,
            FileKind.LOG,
            FileStatus.MODIFIED,
            f"SHA-256 of the content differs from {listing.digest_key}",
        )
    if hashed.trailing_data:
        return FileResult(
            path, FileKind.LOG, FileStatus.TRAILING_DATA, "data follows the end of the gzip stream"
        )
    return FileResult(path, FileKind.LOG, FileStatus.VALID)


def _is_pending(key: str, cutoffs: dict[tuple[str, str], datetime]) -> bool:
    name = parse_log_name(key)
    if name is None:
        return False
    cutoff = cutoffs.get((account_root(key), name.region))
    return cutoff is not None and name.time > cutoff
