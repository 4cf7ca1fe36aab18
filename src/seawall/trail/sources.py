"""Where CloudTrail files are read from: a local folder or an S3 bucket and prefix.

Both sources name files by a key: the path relative to the folder (with "/"
separators) or the full S3 object key. Listing narrows S3 by key prefix where
the filters allow it, and both stream: nothing holds more than one listing page.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError

from seawall.trail.filters import DIGEST_SPILL, TrailFilter
from seawall.trail.keys import (
    DIGEST_FOLDER,
    LOG_FOLDER,
    ORGANIZATION_FOLDER,
    SIGNATURE_SUFFIX,
    day_folders,
)

log = logging.getLogger(__name__)

# Narrowing to one prefix per day pays off only for short ranges, because each
# prefix costs a list call.
MAX_DAY_PREFIXES = 62


class TrailInputError(ValueError):
    """A source, key file or option value that cannot be used; the message names the fix."""


@dataclass(frozen=True)
class Signature:
    """The signature CloudTrail stores in a digest's S3 metadata."""

    value: str
    algorithm: str


class TrailSource(Protocol):
    """A place that holds CloudTrail files under keys."""

    @property
    def bucket(self) -> str | None:
        """The S3 bucket of the keys, or None for a local folder."""

    def keys(self, filters: TrailFilter) -> Iterator[str]:
        """Yield the keys that may hold CloudTrail files matching ``filters``."""

    def open(self, key: str) -> IO[bytes]:
        """Open the file under ``key`` for reading; raise FileNotFoundError when it is gone."""

    def exists(self, key: str) -> bool: ...

    def signature(self, key: str) -> Signature | None:
        """Return the digest signature stored with ``key``, or None when there is none."""

    def display(self, key: str) -> str:
        """Return the path a user recognizes for ``key``."""


class LocalSource:
    """A folder, read recursively whatever its layout."""

    bucket: str | None = None

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise TrailInputError(
                f"source folder '{root}' does not exist or is not a folder; "
                "pass a folder of CloudTrail files or s3://bucket/prefix"
            )
        self.root = root

    def keys(self, filters: TrailFilter) -> Iterator[str]:
        del filters  # a walk is as cheap as any narrowing here
        for folder, subfolders, files in os.walk(self.root):
            subfolders.sort()
            relative = Path(folder).relative_to(self.root).as_posix()
            base = "" if relative == "." else relative + "/"
            for name in sorted(files):
                if not name.endswith(SIGNATURE_SUFFIX):
                    yield base + name

    def open(self, key: str) -> IO[bytes]:
        return (self.root / key).open("rb")

    def exists(self, key: str) -> bool:
        return (self.root / key).is_file()

    def signature(self, key: str) -> Signature | None:
        path = self.root / (key + SIGNATURE_SUFFIX)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            log.warning("unreadable signature file %s: %s", path, error)
            return None
        return signature_from_metadata(data)

    def display(self, key: str) -> str:
        return str(self.root / key)


class S3Source:
    """The objects under ``s3://bucket/prefix``."""

    def __init__(self, client: Any, bucket: str, prefix: str) -> None:
        self.client = client
        self._bucket = bucket
        self.prefix = prefix

    @property
    def bucket(self) -> str | None:
        return self._bucket

    def keys(self, filters: TrailFilter) -> Iterator[str]:
        for prefix in self.narrowed_prefixes(filters):
            yield from self._list(prefix)

    def narrowed_prefixes(self, filters: TrailFilter) -> list[str]:
        """Return the key prefixes to list: per account, folder, region and day where known."""
        awslogs = self.prefix + "AWSLogs/"
        account_roots = self._account_roots(awslogs, filters.account)
        if account_roots is None:
            return [self.prefix]
        prefixes = []
        for root in account_roots:
            for folder in (LOG_FOLDER, DIGEST_FOLDER):
                base = f"{root}{folder}/"
                regions = [filters.region] if filters.region else self._children(base)
                for region in regions:
                    prefixes.extend(_day_prefixes(f"{base}{region}/", filters, folder))
        return prefixes

    def _account_roots(self, awslogs: str, account: str | None) -> list[str] | None:
        children = self._children(awslogs)
        if not children:
            return None
        roots: list[str] = []
        for child in children:
            if ORGANIZATION_FOLDER.match(child):
                members = self._children(f"{awslogs}{child}/")
                roots.extend(f"{awslogs}{child}/{member}/" for member in members)
            else:
                roots.append(f"{awslogs}{child}/")
        if account is None:
            return roots
        return [root for root in roots if root.rstrip("/").endswith("/" + account)]

    def _children(self, prefix: str) -> list[str]:
        names = []
        paginator = self.client.get_paginator("list_objects_v2")
        for page in self._pages(paginator, Prefix=prefix, Delimiter="/"):
            for common in page.get("CommonPrefixes", []):
                names.append(common["Prefix"][len(prefix) :].rstrip("/"))
        return names

    def _list(self, prefix: str) -> Iterator[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in self._pages(paginator, Prefix=prefix):
            for item in page.get("Contents", []):
                key: str = item["Key"]
                if not key.endswith("/"):
                    yield key

    def _pages(self, paginator: Any, **params: Any) -> Iterator[dict[str, Any]]:
        try:
            yield from paginator.paginate(Bucket=self._bucket, **params)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            raise TrailInputError(
                f"cannot list s3://{self._bucket}/{params['Prefix']} ({code}: {error}); "
                "check the bucket name and that your credentials allow s3:ListBucket"
            ) from error
        except BotoCoreError as error:
            raise TrailInputError(f"cannot list s3://{self._bucket}: {error}") from error

    def open(self, key: str) -> IO[bytes]:
        try:
            response = self.client.get_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if _is_not_found(error):
                raise FileNotFoundError(self.display(key)) from error
            raise
        body: IO[bytes] = response["Body"]
        return body

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if _is_not_found(error):
                return False
            raise
        return True

    def signature(self, key: str) -> Signature | None:
        try:
            response = self.client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if _is_not_found(error):
                return None
            raise
        return signature_from_metadata(response.get("Metadata", {}))

    def display(self, key: str) -> str:
        return f"s3://{self._bucket}/{key}"


def signature_from_metadata(metadata: Any) -> Signature | None:
    """Read ``signature`` and ``signature-algorithm`` from S3 metadata or a sidecar file."""
    if not isinstance(metadata, dict):
        return None
    value = metadata.get("signature")
    algorithm = metadata.get("signature-algorithm")
    if not isinstance(value, str) or not isinstance(algorithm, str):
        return None
    return Signature(value, algorithm)


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """Split ``s3://bucket/prefix`` into the bucket and a prefix that ends in "/" or is empty."""
    rest = uri[len("s3://") :]
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise TrailInputError(
            f"invalid S3 location '{uri}': expected s3://bucket or s3://bucket/prefix"
        )
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    return bucket, prefix


def open_source(location: str, s3_client: Any | None = None) -> TrailSource:
    """Open a local folder, or ``s3://bucket/prefix`` with ``s3_client``."""
    if location.startswith("s3://"):
        bucket, prefix = parse_s3_uri(location)
        if s3_client is None:
            raise TrailInputError(f"reading {location} needs an S3 client")
        return S3Source(s3_client, bucket, prefix)
    if "://" in location:
        raise TrailInputError(
            f"unsupported source '{location}': pass a local folder or s3://bucket/prefix"
        )
    return LocalSource(Path(location))


def _day_prefixes(base: str, filters: TrailFilter, folder: str) -> list[str]:
    if filters.start is None or filters.end is None:
        return [base]
    end = filters.end + DIGEST_SPILL if folder == DIGEST_FOLDER else filters.end
    days = day_folders(filters.start, end)
    if len(days) > MAX_DAY_PREFIXES:
        return [base]
    return [base + day for day in days]


def _is_not_found(error: ClientError) -> bool:
    code = error.response.get("Error", {}).get("Code", "")
    return code in {"NoSuchKey", "404", "NotFound"}
