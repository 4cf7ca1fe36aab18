from __future__ import annotations

import gzip
import hashlib
import io

import pytest

from seawall.trail.hashing import StreamHash, hash_gzip_stream

CONTENT = b'{"Records": []}' * 1000
CONTENT_SHA = hashlib.sha256(CONTENT).hexdigest()
GZIPPED = gzip.compress(CONTENT, mtime=0)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(GZIPPED, StreamHash(CONTENT_SHA), id="valid"),
        pytest.param(GZIPPED + b"junk", StreamHash(CONTENT_SHA, trailing_data=True), id="junk"),
        pytest.param(
            GZIPPED + gzip.compress(b"more"),
            StreamHash(CONTENT_SHA, trailing_data=True),
            id="second-member",
        ),
        pytest.param(
            GZIPPED[:-10], StreamHash(None, error="the gzip stream is truncated"), id="truncated"
        ),
    ],
)
def test_hash_gzip_stream(data: bytes, expected: StreamHash) -> None:
    assert hash_gzip_stream(io.BytesIO(data)) == expected


def test_hash_gzip_stream_not_gzip() -> None:
    result = hash_gzip_stream(io.BytesIO(b"plain text"))

    assert result.sha256 is None
    assert result.error is not None
    assert result.error.startswith("not a valid gzip stream")


def test_trailing_data_after_chunk_boundary() -> None:
    # The gzip stream ends exactly where a read ends, so the junk arrives in the next read.
    class TwoReads(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            return super().read(len(GZIPPED) if self.tell() == 0 else size)

    result = hash_gzip_stream(TwoReads(GZIPPED + b"x"))

    assert result == StreamHash(CONTENT_SHA, trailing_data=True)
