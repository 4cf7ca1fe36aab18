"""Load each digest file and judge it on its own: format, location, key and signature."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from dataclasses import dataclass

from seawall.trail.digest import (
    SIGNATURE_ALGORITHM,
    Digest,
    DigestFormatError,
    load_public_key,
    parse_digest,
    signing_string,
    verify_signature,
)
from seawall.trail.keys import DigestName, parse_digest_name
from seawall.trail.location import LocationMap
from seawall.trail.model import FileStatus
from seawall.trail.public_keys import PublicKeyRing
from seawall.trail.sources import Signature, TrailSource


@dataclass
class LoadedDigest:
    """One digest file found in the source, and what is known about it so far."""

    source_key: str
    found_name: DigestName
    content_sha256: str | None = None
    digest: Digest | None = None
    signature: Signature | None = None
    error: str | None = None
    status: FileStatus = FileStatus.VALID
    detail: str = ""
    signature_verified: bool = False
    # Its content is authentic: its own signature verifies, or a trusted newer
    # digest records its hash.
    trusted: bool = False

    @property
    def name(self) -> DigestName:
        """The name fields of the recorded key, else of the key it was found under."""
        if self.digest is not None:
            recorded = parse_digest_name(self.digest.key)
            if recorded is not None:
                return recorded
        return self.found_name

    def mark(self, status: FileStatus, detail: str) -> None:
        self.status = status
        self.detail = detail


def load_digest(source: TrailSource, source_key: str, name: DigestName) -> LoadedDigest:
    """Read, decompress and parse one digest file, and fetch its signature."""
    loaded = LoadedDigest(source_key, name)
    try:
        with source.open(source_key) as stream:
            content = gzip.decompress(stream.read())
    except (OSError, EOFError, zlib.error) as error:
        loaded.error = f"cannot read the digest file: {error}"
        return loaded
    loaded.content_sha256 = hashlib.sha256(content).hexdigest()
    try:
        loaded.digest = parse_digest(content)
    except DigestFormatError as error:
        loaded.error = f"not a CloudTrail digest: {error}"
        return loaded
    loaded.signature = source.signature(source_key)
    return loaded


def judge_digest(loaded: LoadedDigest, ring: PublicKeyRing, location: LocationMap) -> None:
    """Set the status a digest has on its own; the chain may change it later."""
    digest = loaded.digest
    if digest is None or loaded.content_sha256 is None:
        loaded.mark(FileStatus.MODIFIED, loaded.error or "unreadable")
        return
    signature_problem = _signature_problem(loaded, digest, ring)
    loaded.signature_verified = signature_problem is None
    loaded.trusted = loaded.signature_verified
    if location.to_source(digest.bucket, digest.key) != loaded.source_key:
        loaded.mark(FileStatus.MOVED, f"recorded location is s3://{digest.bucket}/{digest.key}")
    elif signature_problem is not None:
        loaded.mark(*signature_problem)


def _signature_problem(
    loaded: LoadedDigest, digest: Digest, ring: PublicKeyRing
) -> tuple[FileStatus, str] | None:
    key = ring.find(digest.fingerprint, digest.end_time)
    if key is None:
        return (
            FileStatus.PUBLIC_KEY_NOT_FOUND,
            f"no public key with fingerprint {digest.fingerprint} valid at {digest.end_time_text}",
        )
    signature = loaded.signature
    if signature is None:
        return (
            FileStatus.SIGNATURE_INVALID,
            "no signature: the S3 metadata or the .sig.json file next to the digest is missing",
        )
    if signature.algorithm != SIGNATURE_ALGORITHM or digest.signature_algorithm != (
        SIGNATURE_ALGORITHM
    ):
        return (
            FileStatus.SIGNATURE_INVALID,
            f"unsupported signature algorithm {signature.algorithm!r}",
        )
    try:
        public_key = load_public_key(key.der)
    except ValueError as error:
        return FileStatus.PUBLIC_KEY_NOT_FOUND, f"key {key.fingerprint} is unusable: {error}"
    assert loaded.content_sha256 is not None
    message = signing_string(digest, loaded.content_sha256)
    if not verify_signature(public_key, signature.value, message):
        return FileStatus.SIGNATURE_INVALID, "the signature does not match the digest"
    return None
