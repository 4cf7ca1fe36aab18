"""Save and load a Snapshot as a gzip-compressed JSON file (see docs/snapshot.md).

Files are created with mode 0600 and replaced atomically: the data goes
to a temporary file in the same folder, is flushed to disk, then renamed
over the target, so a failed save never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from seawall.aws.outcome import CallStatus
from seawall.inventory.snapshot import CallRecord, Snapshot

FORMAT = "seawall-snapshot"
VERSION = 1

# The cap on a snapshot's decompressed size. A gzip file can expand about
# 1000-fold, so without a cap a small crafted file could exhaust memory.
# NOTE: 2 GiB is an estimate of ample room for a large account, not a measured size.
MAX_DECOMPRESSED_BYTES = 2 * 1024**3
_CHUNK_BYTES = 1024 * 1024

_RECORD_TEXT_FIELDS = ("service", "operation", "region", "resource")
_RECORD_OPTIONAL_TEXT_FIELDS = ("error_code", "error_message")


class SnapshotError(Exception):
    """A snapshot file that cannot be read or written; the message names the file and the fix."""


def save_snapshot(snapshot: Snapshot, path: str | os.PathLike[str]) -> None:
    """Write ``snapshot`` to ``path`` with mode 0600, replacing any file there."""
    target = Path(path)
    payload = json.dumps(snapshot_to_json(snapshot), separators=(",", ":"), sort_keys=True)
    compressed = gzip.compress(payload.encode("utf-8"), mtime=0)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        # mkstemp creates the file through os.open with mode 0600 and O_EXCL.
        descriptor, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as error:
        raise SnapshotError(
            f"cannot write snapshot {target}: {error.strerror}; choose a writable folder"
        ) from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(compressed)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise SnapshotError(
            f"cannot write snapshot {target}: {error.strerror}; check the free space "
            "and the folder's permissions"
        ) from error


def load_snapshot(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_DECOMPRESSED_BYTES
) -> Snapshot:
    """Read a snapshot file written by ``save_snapshot``; raise SnapshotError on any problem.

    ``max_bytes`` caps the decompressed size, so that a small crafted file
    cannot expand into more memory than a real account's snapshot needs.
    """
    source = Path(path)
    try:
        with source.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                raise _invalid(source, "the file is empty (0 bytes)")
            data = _decompress(source, handle, max_bytes)
    except FileNotFoundError as error:
        raise SnapshotError(
            f"snapshot {source} not found; check the path or create one with "
            f"'seawall collect -o {source}'"
        ) from error
    except OSError as error:
        raise SnapshotError(f"cannot read snapshot {source}: {error.strerror or error}") from error
    return snapshot_from_json(_parse(source, data), source)


def snapshot_to_json(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "seawall_version": snapshot.seawall_version,
        "account_id": snapshot.account_id,
        "partition": snapshot.partition,
        "home_region": snapshot.home_region,
        "regions": list(snapshot.regions),
        "collected_at": snapshot.collected_at,
        "records": [record.to_json() for record in snapshot.records.values()],
    }


def snapshot_from_json(document: Any, source: Path) -> Snapshot:
    """Build a Snapshot from a decoded file, checking every field it uses."""
    if not isinstance(document, dict):
        raise _invalid(source, "the JSON value is not an object")
    if "format" not in document:
        raise SnapshotError(
            f"{source} is not a seawall snapshot (no format field); "
            "pass a file written by 'seawall collect'"
        )
    if document["format"] != FORMAT:
        raise SnapshotError(
            f"{source} is not a seawall snapshot (format {document.get('format')!r}, "
            f"expected {FORMAT!r}); pass a file written by 'seawall collect'"
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _invalid(source, f"'version' is {version!r}, expected a positive integer")
    if version > VERSION:
        raise SnapshotError(
            f"snapshot {source} has version {version}, newer than this seawall reads "
            f"({VERSION}); upgrade seawall or collect the snapshot again"
        )
    regions = document.get("regions")
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        raise _invalid(source, "'regions' is not a list of region names")
    if not regions:
        raise _invalid(source, "'regions' is an empty list, expected at least one region name")
    records = document.get("records")
    if not isinstance(records, list):
        raise _invalid(source, "'records' is not a list")
    snapshot = Snapshot(
        account_id=_text(document, "account_id", source),
        partition=_text(document, "partition", source),
        home_region=_text(document, "home_region", source),
        regions=list(regions),
        collected_at=_collected_at(document, source),
        seawall_version=_text(document, "seawall_version", source),
    )
    for index, raw in enumerate(records):
        snapshot.add(_record(raw, f"records[{index}]", source))
    return snapshot


def _decompress(source: Path, handle: BinaryIO, max_bytes: int) -> bytes:
    """Decompress the gzip stream in chunks, stopping once it exceeds ``max_bytes``."""
    data = bytearray()
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
            while chunk := stream.read(min(_CHUNK_BYTES, max_bytes + 1 - len(data))):
                data += chunk
                if len(data) > max_bytes:
                    raise SnapshotError(
                        f"snapshot {source} is larger than {max_bytes} bytes when decompressed, "
                        "the limit seawall reads; pass a snapshot written by 'seawall collect'"
                    )
    except EOFError as error:
        raise _invalid(source, "the gzip data is truncated (the file ends early)") from error
    except (gzip.BadGzipFile, zlib.error) as error:
        raise _invalid(source, f"it is not gzip data ({error})") from error
    return bytes(data)


def _parse(source: Path, data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _invalid(source, "the decompressed data is not UTF-8 text") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _invalid(
            source, f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from error


def _collected_at(document: dict[str, Any], source: Path) -> str:
    value = _text(document, "collected_at", source)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise _invalid(
            source,
            f"'collected_at' is {value!r}, expected an ISO 8601 time with a UTC offset "
            "such as 2026-12-04T20:00:00+00:00",
        )
    return value


def _record(raw: Any, where: str, source: Path) -> CallRecord:
    if not isinstance(raw, dict):
        raise _invalid(source, f"{where} is not an object")
    for name in _RECORD_TEXT_FIELDS:
        if not isinstance(raw.get(name), str):
            raise _invalid(source, f"{where}.{name} is missing or not a string")
    for name in _RECORD_OPTIONAL_TEXT_FIELDS:
        if raw.get(name) is not None and not isinstance(raw[name], str):
            raise _invalid(source, f"{where}.{name} is not a string or null")
    status = raw.get("status")
    if status not in {member.value for member in CallStatus}:
        valid = ", ".join(member.value for member in CallStatus)
        raise _invalid(source, f"{where}.status is {status!r}, expected one of: {valid}")
    return CallRecord.from_json(raw)


def _text(document: dict[str, Any], name: str, source: Path) -> str:
    value = document.get(name)
    if not isinstance(value, str):
        raise _invalid(source, f"'{name}' is missing or not a string")
    return value


def _invalid(source: Path, problem: str) -> SnapshotError:
    return SnapshotError(
        f"snapshot {source} is invalid: {problem}; collect it again with "
        f"'seawall collect -o {source}'"
    )
