"""Build a signed CloudTrail trail with your own RSA key, for tests, demos and benchmarks.

The files follow CloudTrail's layout, digest format and signing rules, so the
validator cannot tell them from delivered ones except by the key, which is
published through a ``list-public-keys`` document instead of by AWS.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from seawall.trail.digest import HASH_ALGORITHM, SIGNATURE_ALGORITHM, parse_digest, signing_string
from seawall.trail.keys import SIGNATURE_SUFFIX, digest_key, log_key
from seawall.trail.times import format_time


@dataclass(frozen=True)
class SigningKey:
    private_key: rsa.RSAPrivateKey

    @property
    def public_der(self) -> bytes:
        """The public key as DER PKCS#1, the form ListPublicKeys returns."""
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.PKCS1
        )

    @property
    def fingerprint(self) -> str:
        # NOTE: AWS does not document how it derives fingerprints; only equality matters here.
        return hashlib.md5(self.public_der, usedforsecurity=False).hexdigest()

    def sign(self, message: bytes) -> str:
        signature = self.private_key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        return signature.hex()


def generate_signing_key(bits: int = 2048) -> SigningKey:
    return SigningKey(rsa.generate_private_key(public_exponent=65537, key_size=bits))


def public_keys_document(
    keys: list[SigningKey], valid_from: datetime, valid_to: datetime
) -> dict[str, Any]:
    """Return what ``aws cloudtrail list-public-keys`` prints for ``keys``."""
    return {
        "PublicKeyList": [
            {
                "Value": base64.b64encode(key.public_der).decode("ascii"),
                "ValidityStartTime": valid_from.isoformat(),
                "ValidityEndTime": valid_to.isoformat(),
                "Fingerprint": key.fingerprint,
            }
            for key in keys
        ]
    }


@dataclass(frozen=True)
class TrailSpec:
    """The shape of a synthetic trail: one digest per hour, each listing ``logs_per_hour`` logs."""

    bucket: str = "trail-bucket"
    prefix: str = ""
    account: str = "111122223333"
    region: str = "us-east-1"
    trail: str = "main-trail"
    home_region: str = "us-east-1"
    first_digest_end: datetime = field(
        default_factory=lambda: datetime.fromisoformat("2024-03-01T01:01:31+00:00")
    )
    hours: int = 6
    logs_per_hour: int = 2
    records_per_log: int = 3

    @property
    def root(self) -> str:
        return f"{self.prefix}AWSLogs/{self.account}/"

    def digest_end(self, hour: int) -> datetime:
        return self.first_digest_end + timedelta(hours=hour)


@dataclass(frozen=True)
class TrailObject:
    """One file of the trail: its S3 key, stored bytes and S3 user metadata."""

    key: str
    body: bytes
    metadata: dict[str, str]

    @property
    def is_digest(self) -> bool:
        return "signature" in self.metadata


def build_trail(spec: TrailSpec, key: SigningKey) -> list[TrailObject]:
    """Return the log files and the hour-by-hour chained, signed digests of a trail."""
    objects: list[TrailObject] = []
    previous: tuple[TrailObject, bytes] | None = None
    for hour in range(spec.hours):
        end = spec.digest_end(hour)
        start = end - timedelta(hours=1)
        logs = [_log_object(spec, start, hour, index) for index in range(spec.logs_per_hour)]
        objects.extend(log for log, _ in logs)
        digest_object, content = _digest_object(spec, key, start, end, logs, previous)
        objects.append(digest_object)
        previous = (digest_object, content)
    return objects


def write_local(objects: list[TrailObject], root: Path) -> None:
    """Write the trail under ``root``, with the ``.sig.json`` file next to each digest."""
    for item in objects:
        path = root / item.key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(item.body)
        if item.is_digest:
            sidecar = path.with_name(path.name + SIGNATURE_SUFFIX)
            sidecar.write_text(json.dumps(item.metadata), encoding="utf-8")


def put_s3(objects: list[TrailObject], client: Any, bucket: str) -> None:
    """Upload the trail, with the digest signatures as object metadata."""
    for item in objects:
        client.put_object(Bucket=bucket, Key=item.key, Body=item.body, Metadata=item.metadata)


def _log_object(spec: TrailSpec, start: datetime, hour: int, index: int) -> tuple[TrailObject, str]:
    delivered = start + timedelta(minutes=10 + 5 * index)
    records = [
        {
            "eventVersion": "1.09",
            "eventTime": format_time(delivered - timedelta(minutes=5, seconds=number)),
            "eventSource": "s3.amazonaws.com",
            "eventName": "GetObject",
            "awsRegion": spec.region,
            "recipientAccountId": spec.account,
            "eventID": f"{hour:04d}-{index:04d}-{number:06d}",
        }
        for number in range(spec.records_per_log)
    ]
    content = json.dumps({"Records": records}).encode("utf-8")
    unique = hashlib.sha256(f"{spec.trail}{hour}-{index}".encode()).hexdigest()[:16]
    key = log_key(spec.root, spec.account, spec.region, delivered, unique)
    body = gzip.compress(content, mtime=0)
    return TrailObject(key, body, {}), hashlib.sha256(content).hexdigest()


def _digest_object(
    spec: TrailSpec,
    key: SigningKey,
    start: datetime,
    end: datetime,
    logs: list[tuple[TrailObject, str]],
    previous: tuple[TrailObject, bytes] | None,
) -> tuple[TrailObject, bytes]:
    object_key = digest_key(spec.root, spec.region, spec.trail, spec.home_region, end)
    document: dict[str, Any] = {
        "awsAccountId": spec.account,
        "digestStartTime": format_time(start),
        "digestEndTime": format_time(end),
        "digestS3Bucket": spec.bucket,
        "digestS3Object": object_key,
        "digestPublicKeyFingerprint": key.fingerprint,
        "digestSignatureAlgorithm": SIGNATURE_ALGORITHM,
        "newestEventTime": format_time(end - timedelta(minutes=5)),
        "oldestEventTime": format_time(start),
        "previousDigestS3Bucket": None,
        "previousDigestS3Object": None,
        "previousDigestHashValue": None,
        "previousDigestHashAlgorithm": None,
        "previousDigestSignature": None,
        "logFiles": [
            {
                "s3Bucket": spec.bucket,
                "s3Object": log.key,
                "hashValue": sha256,
                "hashAlgorithm": HASH_ALGORITHM,
                "newestEventTime": format_time(end),
                "oldestEventTime": format_time(start),
            }
            for log, sha256 in logs
        ],
    }
    if previous is not None:
        previous_object, previous_content = previous
        document.update(
            previousDigestS3Bucket=spec.bucket,
            previousDigestS3Object=previous_object.key,
            previousDigestHashValue=hashlib.sha256(previous_content).hexdigest(),
            previousDigestHashAlgorithm=HASH_ALGORITHM,
            previousDigestSignature=previous_object.metadata["signature"],
        )
    content = json.dumps(document).encode("utf-8")
    message = signing_string(parse_digest(content), hashlib.sha256(content).hexdigest())
    metadata = {"signature": key.sign(message), "signature-algorithm": SIGNATURE_ALGORITHM}
    return TrailObject(object_key, gzip.compress(content, mtime=0), metadata), content
