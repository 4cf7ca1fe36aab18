"""CloudTrail digest files: parsing, the signing string and the RSA signature check.

CloudTrail signs each digest with SHA256withRSA (RSA PKCS#1 v1.5 over SHA-256)
and stores the hex signature in the digest object's ``x-amz-meta-signature``
metadata. The signed string is four lines joined by "\\n": the digest end time
as written in the file (``YYYY-MM-DDTHH:MM:SSZ``), ``<digestS3Bucket>/<digestS3Object>``,
the hex SHA-256 of the uncompressed digest file, and the previous digest's hex
signature, or ``null`` for the first digest of a chain.
"""

from __future__ import annotations

import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from seawall.trail.times import parse_time

SIGNATURE_ALGORITHM = "SHA256withRSA"
HASH_ALGORITHM = "SHA-256"


class DigestFormatError(ValueError):
    """A digest file that is not the JSON document CloudTrail writes."""


@dataclass(frozen=True)
class ListedLogFile:
    """One log file entry of a digest."""

    bucket: str
    key: str
    hash_value: str
    hash_algorithm: str


@dataclass(frozen=True)
class Digest:
    """The fields of one digest file that validation uses."""

    account: str
    start_time: datetime
    end_time: datetime
    end_time_text: str
    bucket: str
    key: str
    fingerprint: str
    signature_algorithm: str
    previous_bucket: str | None
    previous_key: str | None
    previous_hash: str | None
    previous_hash_algorithm: str | None
    previous_signature: str | None
    log_files: tuple[ListedLogFile, ...]


def parse_digest(content: bytes) -> Digest:
    """Parse the uncompressed content of a digest file."""
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DigestFormatError(f"invalid JSON ({error})") from error
    if not isinstance(document, dict):
        raise DigestFormatError("not a JSON object")
    end_text = _required(document, "digestEndTime")
    return Digest(
        account=_required(document, "awsAccountId"),
        start_time=_time(document, "digestStartTime"),
        end_time=_time(document, "digestEndTime"),
        end_time_text=end_text,
        bucket=_required(document, "digestS3Bucket"),
        key=_required(document, "digestS3Object"),
        fingerprint=_required(document, "digestPublicKeyFingerprint"),
        signature_algorithm=_required(document, "digestSignatureAlgorithm"),
        previous_bucket=_optional(document, "previousDigestS3Bucket"),
        previous_key=_optional(document, "previousDigestS3Object"),
        previous_hash=_optional(document, "previousDigestHashValue"),
        previous_hash_algorithm=_optional(document, "previousDigestHashAlgorithm"),
        previous_signature=_optional(document, "previousDigestSignature"),
        log_files=_log_files(document.get("logFiles", [])),
    )


def signing_string(digest: Digest, content_sha256: str) -> bytes:
    """Build the string CloudTrail signs for ``digest``."""
    previous = digest.previous_signature if digest.previous_signature is not None else "null"
    text = "\n".join(
        [digest.end_time_text, f"{digest.bucket}/{digest.key}", content_sha256, previous]
    )
    return text.encode("utf-8")


def load_public_key(der: bytes) -> rsa.RSAPublicKey:
    """Load a DER RSA public key, PKCS#1 (as ListPublicKeys returns it) or SubjectPublicKeyInfo."""
    try:
        key = serialization.load_der_public_key(der)
    except (ValueError, UnsupportedAlgorithm) as error:
        raise ValueError(f"not a DER RSA public key ({error})") from error
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA public key")
    return key


def verify_signature(public_key: rsa.RSAPublicKey, signature_hex: str, message: bytes) -> bool:
    """Return True when ``signature_hex`` is a valid SHA256withRSA signature of ``message``."""
    try:
        signature = binascii.unhexlify(signature_hex)
    except (binascii.Error, ValueError):
        return False
    try:
        public_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def _required(document: dict[str, Any], field: str) -> str:
    value = document.get(field)
    if not isinstance(value, str) or not value:
        raise DigestFormatError(f"missing or empty field {field!r}")
    return value


def _optional(document: dict[str, Any], field: str) -> str | None:
    value = document.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise DigestFormatError(f"field {field!r} is not a string")
    return value


def _time(document: dict[str, Any], field: str) -> datetime:
    text = _required(document, field)
    try:
        return parse_time(text)
    except ValueError as error:
        raise DigestFormatError(f"field {field!r} is not a time: {text!r}") from error


def _log_files(entries: Any) -> tuple[ListedLogFile, ...]:
    if not isinstance(entries, list):
        raise DigestFormatError("field 'logFiles' is not a list")
    listed = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise DigestFormatError("an entry of 'logFiles' is not an object")
        listed.append(
            ListedLogFile(
                bucket=_required(entry, "s3Bucket"),
                key=_required(entry, "s3Object"),
                hash_value=_required(entry, "hashValue").lower(),
                hash_algorithm=_required(entry, "hashAlgorithm"),
            )
        )
    return tuple(listed)
