"""CloudTrail public keys, matched to digests by fingerprint.

They come from CloudTrail ListPublicKeys, or offline from a file holding the
JSON that ``aws cloudtrail list-public-keys`` prints: ``{"PublicKeyList": [...]}``
with ``Value`` (base64 DER PKCS#1 RSA public key), ``ValidityStartTime``,
``ValidityEndTime`` and ``Fingerprint``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seawall.aws.errors import CALL_ERRORS, classify_exception
from seawall.aws.html_errors import HtmlErrorPage, register_html_error_handler
from seawall.trail.sources import TrailInputError
from seawall.trail.times import parse_time

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublicKey:
    fingerprint: str
    der: bytes
    valid_from: datetime | None
    valid_to: datetime | None

    def covers(self, time: datetime) -> bool:
        if self.valid_from is not None and time < self.valid_from:
            return False
        return self.valid_to is None or time <= self.valid_to


class PublicKeyRing:
    """Public keys by fingerprint."""

    def __init__(self, keys: Iterable[PublicKey] = ()) -> None:
        self._keys: dict[str, list[PublicKey]] = {}
        for key in keys:
            self.add(key)

    def add(self, key: PublicKey) -> None:
        self._keys.setdefault(key.fingerprint.lower(), []).append(key)

    def find(self, fingerprint: str, time: datetime) -> PublicKey | None:
        """Return the key with ``fingerprint`` that was valid at ``time``, or None."""
        for key in self._keys.get(fingerprint.lower(), []):
            if key.covers(time):
                return key
        return None

    def __len__(self) -> int:
        return sum(len(keys) for keys in self._keys.values())


def load_public_keys_file(path: Path) -> PublicKeyRing:
    """Read the output of ``aws cloudtrail list-public-keys`` from ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TrailInputError(f"cannot read public keys file '{path}': {error}") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise TrailInputError(
            f"public keys file '{path}' is not valid JSON ({error}); expected the output of "
            "'aws cloudtrail list-public-keys'"
        ) from error
    entries = document.get("PublicKeyList") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise TrailInputError(
            f"public keys file '{path}' has no 'PublicKeyList' list; expected the output of "
            "'aws cloudtrail list-public-keys'"
        )
    try:
        return PublicKeyRing(_key_from_entry(entry) for entry in entries)
    except ValueError as error:
        raise TrailInputError(f"public keys file '{path}': {error}") from error


def fetch_public_keys(
    session: Any, regions: Iterable[str], start: datetime, end: datetime
) -> PublicKeyRing:
    """Call CloudTrail ListPublicKeys in each trail home region for the keys valid in the range."""
    ring = PublicKeyRing()
    for region in sorted(set(regions)):
        client = session.client("cloudtrail", region_name=region)
        register_html_error_handler(client)
        params: dict[str, Any] = {"StartTime": start, "EndTime": end}
        try:
            while True:
                response = client.list_public_keys(**params)
                for entry in response.get("PublicKeyList", []):
                    ring.add(_key_from_entry(entry))
                token = response.get("NextToken")
                if not token:
                    break
                params["NextToken"] = token
        except CALL_ERRORS as error:
            raise TrailInputError(
                f"could not fetch CloudTrail public keys: {_describe_failure(error, region)}; "
                "pass --public-keys FILE (the output of aws cloudtrail list-public-keys)"
            ) from error
        log.info("loaded CloudTrail public keys for %s", region)
    return ring


def _describe_failure(error: Exception, region: str) -> str:
    # An emulator without ListPublicKeys answers with a whole HTML page, which
    # would flood the one-line error, so only its status code is kept.
    if isinstance(error, HtmlErrorPage):
        return f"the endpoint returned an HTML error page (HTTP {error.kwargs['status_code']})"
    classified = classify_exception(error)
    message = " ".join(classified.message.split())
    return f"ListPublicKeys in {region} failed with {classified.code}: {message}"


def _key_from_entry(entry: Any) -> PublicKey:
    if not isinstance(entry, dict):
        raise ValueError("an entry of PublicKeyList is not an object")
    fingerprint = entry.get("Fingerprint")
    if not isinstance(fingerprint, str) or not fingerprint:
        raise ValueError("an entry of PublicKeyList has no Fingerprint")
    return PublicKey(
        fingerprint=fingerprint,
        der=_key_value(entry.get("Value"), fingerprint),
        valid_from=_validity(entry.get("ValidityStartTime"), fingerprint),
        valid_to=_validity(entry.get("ValidityEndTime"), fingerprint),
    )


def _key_value(value: Any, fingerprint: str) -> bytes:
    # boto3 returns the blob as bytes; the CLI prints it base64-encoded.
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValueError(f"key {fingerprint}: Value is not base64") from error
    raise ValueError(f"key {fingerprint}: Value is missing")


def _validity(value: Any, fingerprint: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, str):
        try:
            return parse_time(value)
        except ValueError as error:
            raise ValueError(f"key {fingerprint}: invalid validity time {value!r}") from error
    raise ValueError(f"key {fingerprint}: invalid validity time {value!r}")
