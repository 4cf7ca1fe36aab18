"""SHA-256 of the uncompressed content of a gzip log file, in one streaming pass.

CloudTrail records in each digest the hex SHA-256 of the *uncompressed* log
file. The same pass notices bytes after the end of the gzip stream, which
``gunzip`` would read as a further member but CloudTrail never writes.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from typing import IO

CHUNK_SIZE = 1 << 20
# 16 + MAX_WBITS: a gzip header and trailer, and exactly one member.
_GZIP_WBITS = 31


@dataclass(frozen=True)
class StreamHash:
    """The hash of a gzip stream's content, or the reason it could not be read."""

    sha256: str | None
    trailing_data: bool = False
    error: str | None = None


def hash_gzip_stream(stream: IO[bytes]) -> StreamHash:
    """Hash the uncompressed content of the first gzip member in ``stream``."""
    inflater = zlib.decompressobj(_GZIP_WBITS)
    digest = hashlib.sha256()
    trailing = False
    try:
        while chunk := stream.read(CHUNK_SIZE):
            if inflater.eof:
                trailing = True
                break
            digest.update(inflater.decompress(chunk))
        digest.update(inflater.flush())
    except zlib.error as error:
        return StreamHash(None, error=f"not a valid gzip stream ({error})")
    if not inflater.eof:
        return StreamHash(None, error="the gzip stream is truncated")
    trailing = trailing or bool(inflater.unused_data)
    return StreamHash(digest.hexdigest(), trailing_data=trailing)
