"""Validation straight from S3 (moto) and after seawall trail download."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from seawall.trail.download import download_trail
from seawall.trail.filters import TrailFilter
from seawall.trail.model import FileStatus
from seawall.trail.public_keys import load_public_keys_file
from seawall.trail.sources import LocalSource, S3Source, TrailSource
from seawall.trail.synthetic import TrailObject, TrailSpec, put_s3
from seawall.trail.validate import ValidateOptions, validate_source


@pytest.fixture
def s3(trail_spec: TrailSpec, trail_objects: list[TrailObject]) -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=trail_spec.bucket)
        put_s3(trail_objects, client, trail_spec.bucket)
        yield client


def validate(source: TrailSource, keys_file: Path, spec: TrailSpec) -> dict[str, FileStatus]:
    ring = load_public_keys_file(keys_file)
    options = ValidateOptions(TrailFilter(), spec.digest_end(5) + timedelta(hours=1))
    report = validate_source(source, lambda *_: ring, options)
    return {result.path: result.status for result in report.files}


def digest_keys(objects: list[TrailObject]) -> list[str]:
    return [item.key for item in objects if item.is_digest]


def test_s3_intact(
    s3: Any, trail_spec: TrailSpec, trail_objects: list[TrailObject], keys_file: Path
) -> None:
    statuses = validate(S3Source(s3, trail_spec.bucket, ""), keys_file, trail_spec)

    assert statuses == {
        f"s3://{trail_spec.bucket}/{item.key}": FileStatus.VALID for item in trail_objects
    }


def test_s3_tampered(
    s3: Any, trail_spec: TrailSpec, trail_objects: list[TrailObject], keys_file: Path
) -> None:
    bucket = trail_spec.bucket
    digests = digest_keys(trail_objects)
    s3.delete_object(Bucket=bucket, Key=digests[1])
    s3.copy_object(
        Bucket=bucket,
        Key=digests[3],
        CopySource={"Bucket": bucket, "Key": digests[3]},
        Metadata={"signature": "00" * 256, "signature-algorithm": "SHA256withRSA"},
        MetadataDirective="REPLACE",
    )
    moved = digests[4].replace("/2024/03/01/", "/2024/03/02/")
    s3.copy_object(Bucket=bucket, Key=moved, CopySource={"Bucket": bucket, "Key": digests[4]})
    s3.delete_object(Bucket=bucket, Key=digests[4])

    statuses = validate(S3Source(s3, bucket, ""), keys_file, trail_spec)

    changed = {path: status for path, status in statuses.items() if status is not FileStatus.VALID}
    logs_of_hour_1 = [item.key for item in trail_objects if not item.is_digest][2:4]
    assert changed == {
        f"s3://{bucket}/{digests[1]}": FileStatus.DELETED,
        f"s3://{bucket}/{digests[3]}": FileStatus.SIGNATURE_INVALID,
        f"s3://{bucket}/{moved}": FileStatus.MOVED,
        **{f"s3://{bucket}/{key}": FileStatus.UNLISTED for key in logs_of_hour_1},
    }


def test_download_then_validate(
    s3: Any,
    tmp_path: Path,
    trail_spec: TrailSpec,
    trail_objects: list[TrailObject],
    keys_file: Path,
) -> None:
    destination = tmp_path / "download"

    summary = download_trail(S3Source(s3, trail_spec.bucket, ""), destination, TrailFilter())
    statuses = validate(LocalSource(destination), keys_file, trail_spec)

    assert (summary.logs, summary.digests, summary.unsigned_digests) == (12, 6, ())
    assert statuses == {str(destination / item.key): FileStatus.VALID for item in trail_objects}


def test_download_keeps_keys_relative_to_prefix(
    s3: Any, tmp_path: Path, trail_spec: TrailSpec, trail_objects: list[TrailObject]
) -> None:
    source = S3Source(s3, trail_spec.bucket, "AWSLogs/111122223333/")

    download_trail(source, tmp_path, TrailFilter())

    first = trail_objects[0].key.removeprefix("AWSLogs/111122223333/")
    assert (tmp_path / first).read_bytes() == trail_objects[0].body


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(
            TrailFilter(),
            [
                "AWSLogs/111122223333/CloudTrail/us-east-1/",
                "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/",
            ],
            id="discovered",
        ),
        pytest.param(
            TrailFilter(account="999999999999"),
            [],
            id="other-account",
        ),
        pytest.param(
            TrailFilter(
                region="eu-west-1",
                start=datetime.fromisoformat("2024-03-01T00:00:00+00:00"),
                end=datetime.fromisoformat("2024-03-01T23:30:00+00:00"),
            ),
            [
                "AWSLogs/111122223333/CloudTrail/eu-west-1/2024/03/01/",
                "AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2024/03/01/",
                "AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2024/03/02/",
            ],
            id="region-and-days",
        ),
    ],
)
def test_narrowed_prefixes(
    s3: Any, trail_spec: TrailSpec, filters: TrailFilter, expected: list[str]
) -> None:
    assert S3Source(s3, trail_spec.bucket, "").narrowed_prefixes(filters) == expected
