"""Copy CloudTrail log and digest files from S3 to a folder, keeping the signatures.

A digest's signature lives in its S3 object metadata, which plain copies
lose. Next to each digest this writes ``<digest file name>.sig.json`` holding
``{"signature": ..., "signature-algorithm": ...}``, which validation of the
folder reads.
"""

from __future__ import annotations

import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from seawall.trail.filters import TrailFilter
from seawall.trail.keys import SIGNATURE_SUFFIX, parse_digest_name, parse_log_name
from seawall.trail.sources import S3Source, TrailInputError, signature_from_metadata

log = logging.getLogger(__name__)

_COPY_CHUNK = 1 << 20


@dataclass(frozen=True)
class DownloadSummary:
    logs: int
    digests: int
    # Digests whose S3 object has no signature metadata: no .sig.json is written for them.
    unsigned_digests: tuple[str, ...]


def download_trail(
    source: S3Source, destination: Path, filters: TrailFilter, workers: int = 8
) -> DownloadSummary:
    """Copy the log and digest files under the source prefix into ``destination``."""
    logs: list[str] = []
    digests: list[str] = []
    for key in source.keys(filters):
        digest_name = parse_digest_name(key)
        if digest_name is not None:
            if filters.accepts_digest(digest_name):
                digests.append(key)
            continue
        log_name = parse_log_name(key)
        if log_name is not None and filters.accepts_log(log_name):
            logs.append(key)
    destination.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda key: _copy(source, key, destination), logs))
        signed = list(pool.map(lambda key: _copy_digest(source, key, destination), digests))
    unsigned = tuple(key for key, ok in zip(digests, signed, strict=True) if not ok)
    return DownloadSummary(len(logs), len(digests), unsigned)


def local_path(source: S3Source, key: str, destination: Path) -> Path:
    """Return where ``key`` goes: its key relative to the source prefix, under ``destination``."""
    relative = PurePosixPath(key[len(source.prefix) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise TrailInputError(f"refusing to write S3 key {key!r} outside '{destination}'")
    return destination.joinpath(*relative.parts)


def _copy(source: S3Source, key: str, destination: Path) -> None:
    path = local_path(source, key, destination)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with source.open(key) as body, partial.open("wb") as output:
        while chunk := body.read(_COPY_CHUNK):
            output.write(chunk)
    os.replace(partial, path)


def _copy_digest(source: S3Source, key: str, destination: Path) -> bool:
    response = source.client.get_object(Bucket=source.bucket, Key=key)
    signature = signature_from_metadata(response.get("Metadata", {}))
    path = local_path(source, key, destination)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(response["Body"].read())
    if signature is None:
        log.warning("digest %s has no signature metadata", source.display(key))
        return False
    sidecar = path.with_name(path.name + SIGNATURE_SUFFIX)
    document = {"signature": signature.value, "signature-algorithm": signature.algorithm}
    sidecar.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return True
