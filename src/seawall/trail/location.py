"""The mapping from source keys to the S3 locations that digests record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LocationMap:
    """Source keys are S3 keys of ``bucket`` with ``prefix`` removed.

    ``bucket`` is None when it is unknown (a local folder without any readable
    digest), and then every bucket maps to the source.
    """

    bucket: str | None
    prefix: str

    def to_source(self, bucket: str, key: str) -> str | None:
        """Return the source key of ``s3://bucket/key``, or None when it lies outside the source."""
        if self.bucket is not None and bucket != self.bucket:
            return None
        if not key.startswith(self.prefix):
            return None
        return key[len(self.prefix) :]

    def to_s3(self, source_key: str) -> tuple[str, str]:
        return self.bucket or "", self.prefix + source_key


def infer_local_location(recorded: Iterable[tuple[str, str, str]]) -> LocationMap:
    """Infer where a local copy was taken from, by majority over digests.

    Each item is (source key, recorded bucket, recorded key) of one digest. A
    digest whose recorded key ends with its source key votes for the bucket and
    the rest of the key as prefix. A majority keeps one moved digest from
    changing where all the others are expected.
    """
    votes: Counter[tuple[str, str]] = Counter()
    for source_key, bucket, key in recorded:
        if key == source_key or key.endswith("/" + source_key):
            votes[(bucket, key[: len(key) - len(source_key)])] += 1
    if not votes:
        return LocationMap(None, "")
    (bucket, prefix), _ = votes.most_common(1)[0]
    return LocationMap(bucket, prefix)
