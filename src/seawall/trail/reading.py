"""Stream the records of CloudTrail log files from a folder or S3.

Each file is read whole, decoded and released before the next one, so memory
stays at one file however many there are. Files may be gzip or plain JSON
(``{"Records": [...]}``). A truncated or corrupt file is reported through
``on_skip`` and logged, and the rest is read. JSON is decoded with orjson,
several times faster than the standard library ``json`` module, which only
decides the files that orjson rejects.
"""

from __future__ import annotations

import gzip
import json
import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from seawall.trail.filters import TrailFilter
from seawall.trail.keys import SIGNATURE_SUFFIX, basename, parse_digest_name, parse_log_name
from seawall.trail.sources import TrailSource
from seawall.trail.times import parse_time

log = logging.getLogger(__name__)

_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class SkippedFile:
    """A log file that could not be read, and why."""

    path: str
    reason: str


class LogFileError(ValueError):
    """A log file that is not gzip or JSON of the ``{"Records": [...]}`` shape."""


def iter_log_keys(source: TrailSource, filters: TrailFilter) -> Iterator[str]:
    """Yield the keys of the log files in ``source`` that ``filters`` accepts.

    Files named as CloudTrail names log files are filtered by the account,
    region and time in the name. Any other ``.json`` or ``.json.gz`` file is
    kept, and its records are filtered one by one instead.
    """
    for key in source.keys(filters):
        name = basename(key)
        if not name.endswith((".json", ".json.gz")) or name.endswith(SIGNATURE_SUFFIX):
            continue
        if parse_digest_name(key) is not None:
            continue
        log_name = parse_log_name(key)
        if log_name is None or filters.accepts_log(log_name):
            yield key


def decode_log_file(data: bytes) -> list[dict[str, Any]]:
    """Return the records of one log file's bytes, gzip or plain JSON."""
    try:
        text = gzip.decompress(data) if data.startswith(_GZIP_MAGIC) else data
    except (EOFError, OSError, zlib.error) as error:
        raise LogFileError(f"corrupt or truncated gzip data ({error})") from error
    try:
        document = _parse_json(text)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise LogFileError(f"invalid JSON ({error})") from error
    records = document.get("Records") if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise LogFileError('not a CloudTrail log file: no "Records" list')
    return [record for record in records if isinstance(record, dict)]


def _parse_json(text: bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        # orjson reads only UTF-8 without a byte order mark, and rejects NaN,
        # Infinity and unpaired surrogate escapes, all of which json accepts.
        # Letting json decide keeps every file that json read readable, and
        # its message for a corrupt file is the one seawall always reported.
        return json.loads(text)


def iter_records(
    source: TrailSource,
    filters: TrailFilter | None = None,
    on_skip: Callable[[SkippedFile], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield every event record of the log files in ``source`` that ``filters`` accepts."""
    filters = filters or TrailFilter()
    for key in iter_log_keys(source, filters):
        try:
            with source.open(key) as stream:
                records = decode_log_file(stream.read())
        except (LogFileError, OSError) as error:
            skipped = SkippedFile(source.display(key), str(error))
            log.warning("skipped log file %s: %s", skipped.path, skipped.reason)
            if on_skip is not None:
                on_skip(skipped)
            continue
        named = parse_log_name(key) is not None
        for record in records:
            if named or record_matches(record, filters):
                yield record


def record_matches(record: dict[str, Any], filters: TrailFilter) -> bool:
    """Apply ``filters`` to one record, for files whose name does not say what they hold."""
    if filters.account is not None and record.get("recipientAccountId") != filters.account:
        return False
    if filters.region is not None and record.get("awsRegion") != filters.region:
        return False
    if filters.start is None and filters.end is None:
        return True
    time = parse_event_time(record.get("eventTime"))
    return time is not None and filters.in_time_range(time)


def parse_event_time(value: Any) -> datetime | None:
    """Return a record's ``eventTime`` as an aware datetime, or None when it is missing."""
    if not isinstance(value, str):
        return None
    try:
        return parse_time(value)
    except ValueError:
        return None
