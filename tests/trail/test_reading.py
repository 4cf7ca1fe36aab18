from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from seawall.trail.filters import TrailFilter
from seawall.trail.reading import LogFileError, SkippedFile, decode_log_file, iter_records
from seawall.trail.sources import LocalSource, S3Source
from seawall.trail.synthetic import TrailObject, TrailSpec, put_s3, write_local


def event_ids(records: Iterator[dict[str, Any]]) -> list[str]:
    return sorted(str(record["eventID"]) for record in records)


def test_reads_every_record(tmp_path: Path, trail_objects: list[TrailObject]) -> None:
    write_local(trail_objects, tmp_path)

    ids = event_ids(iter_records(LocalSource(tmp_path)))

    assert len(ids) == 6 * 2 * 3
    assert ids[0] == "0000-0000-000000"


def test_skips_corrupt_files_by_name(tmp_path: Path) -> None:
    good = {"Records": [{"eventID": "a"}]}
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "good.json").write_text(json.dumps(good))
    (tmp_path / "good2.json.gz").write_bytes(gzip.compress(b'{"Records": [{"eventID": "b"}]}'))
    (tmp_path / "truncated.json.gz").write_bytes(gzip.compress(json.dumps(good).encode())[:-12])
    (tmp_path / "broken.json").write_text('{"Records": [')
    (tmp_path / "other.json").write_text('{"items": []}')
    skipped: list[SkippedFile] = []

    ids = event_ids(iter_records(LocalSource(tmp_path), on_skip=skipped.append))

    assert ids == ["a", "b"]
    assert sorted(Path(item.path).name for item in skipped) == [
        "broken.json",
        "other.json",
        "truncated.json.gz",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b'{"Records": [{"eventID": "a"}]}', [{"eventID": "a"}], id="plain"),
        pytest.param(
            gzip.compress(b'{"Records": [{"eventID": "a"}, 7]}'), [{"eventID": "a"}], id="gzip"
        ),
        # orjson rejects the rest; the json fallback reads them as before.
        pytest.param(b'\xef\xbb\xbf{"Records": [{"n": 1}]}', [{"n": 1}], id="utf8-bom"),
        pytest.param('{"Records": [{"n": 1}]}'.encode("utf-16"), [{"n": 1}], id="utf16"),
        pytest.param(b'{"Records": [{"n": -Infinity}]}', [{"n": -float("inf")}], id="infinity"),
        pytest.param(b'{"Records": [{"s": "\\ud800"}]}', [{"s": "\ud800"}], id="lone-surrogate"),
    ],
)
def test_decode_log_file_reads(data: bytes, expected: list[dict[str, Any]]) -> None:
    assert decode_log_file(data) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(
            b'{"Records": [{"a": 1}',
            "invalid JSON (Expecting ',' delimiter: line 1 column 22 (char 21))",
            id="truncated-json",
        ),
        pytest.param(
            b'{"Records": [{"a": "\xff"}]}',
            "invalid JSON ('utf-8' codec can't decode byte 0xff in position 20: "
            "invalid start byte)",
            id="invalid-utf8",
        ),
        pytest.param(
            b"[" * 5000 + b"]" * 5000,
            "invalid JSON (maximum recursion depth exceeded while decoding a JSON array "
            "from a unicode string)",
            id="nested-too-deep",
        ),
        pytest.param(b'{"items": []}', 'not a CloudTrail log file: no "Records" list', id="shape"),
        pytest.param(
            gzip.compress(b'{"Records": []}')[:-12],
            "corrupt or truncated gzip data (Compressed file ended before the end-of-stream "
            "marker was reached)",
            id="truncated-gzip",
        ),
    ],
)
def test_decode_log_file_rejects(data: bytes, reason: str) -> None:
    with pytest.raises(LogFileError) as caught:
        decode_log_file(data)

    assert str(caught.value) == reason


@pytest.mark.parametrize(
    ("filters", "count"),
    [
        pytest.param(TrailFilter(account="111122223333"), 36, id="account"),
        pytest.param(TrailFilter(account="999999999999"), 0, id="other-account"),
        pytest.param(TrailFilter(region="eu-west-1"), 0, id="other-region"),
        pytest.param(
            TrailFilter(
                start=datetime.fromisoformat("2024-03-01T02:00:00+00:00"),
                end=datetime.fromisoformat("2024-03-01T02:59:00+00:00"),
            ),
            6,
            id="one-hour",
        ),
    ],
)
def test_filters_from_s3(
    trail_spec: TrailSpec, trail_objects: list[TrailObject], filters: TrailFilter, count: int
) -> None:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=trail_spec.bucket)
        put_s3(trail_objects, client, trail_spec.bucket)

        records = list(iter_records(S3Source(client, trail_spec.bucket, ""), filters))

    assert len(records) == count


def test_record_filters_for_unnamed_files(tmp_path: Path) -> None:
    records = [
        {"eventID": "a", "recipientAccountId": "111122223333", "awsRegion": "us-east-1"},
        {"eventID": "b", "recipientAccountId": "444455556666", "awsRegion": "us-east-1"},
    ]
    (tmp_path / "export.json").write_text(json.dumps({"Records": records}))

    ids = event_ids(iter_records(LocalSource(tmp_path), TrailFilter(account="111122223333")))

    assert ids == ["a"]
