"""Saving and loading snapshot files."""

from __future__ import annotations

import gzip
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from seawall.aws.outcome import CallStatus
from seawall.inventory.snapshot import CallRecord, Snapshot
from seawall.inventory.snapshot_file import SnapshotError, load_snapshot, save_snapshot


def sample_snapshot() -> Snapshot:
    snapshot = Snapshot(
        account_id="123456789012",
        regions=["us-east-1", "eu-west-1"],
        collected_at="2026-12-04T20:00:00+00:00",
        seawall_version="0.1.0",
    )
    snapshot.add(CallRecord("iam", "GetAccountSummary", "global", "", CallStatus.OK, {"A": 1}))
    snapshot.add(
        CallRecord(
            "kms",
            "GetKeyRotationStatus",
            "eu-west-1",
            "key-1",
            CallStatus.ACCESS_DENIED,
            None,
            "AccessDeniedException",
            "not authorized",
        )
    )
    return snapshot


def document(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "format": "seawall-snapshot",
        "version": 1,
        "seawall_version": "0.1.0",
        "account_id": "123456789012",
        "partition": "aws",
        "home_region": "us-east-1",
        "regions": ["us-east-1"],
        "collected_at": "2026-12-04T20:00:00+00:00",
        "records": [],
    }
    base.update(changes)
    return base


def write_gzip_json(path: Path, value: Any) -> None:
    path.write_bytes(gzip.compress(json.dumps(value).encode()))


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "scan.json.gz"
    original = sample_snapshot()

    save_snapshot(original, path)
    loaded = load_snapshot(path)

    assert loaded == original
    assert loaded.records == original.records


def test_saved_file_is_private_gzip_json(tmp_path: Path) -> None:
    path = tmp_path / "scan.json.gz"

    save_snapshot(sample_snapshot(), path)
    saved = json.loads(gzip.decompress(path.read_bytes()))

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert saved["format"] == "seawall-snapshot"
    assert saved["version"] == 1
    assert [r["operation"] for r in saved["records"]] == [
        "GetAccountSummary",
        "GetKeyRotationStatus",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.json.gz"]


def test_save_replaces_and_tightens_mode(tmp_path: Path) -> None:
    path = tmp_path / "scan.json.gz"
    path.write_text("old")
    path.chmod(0o644)

    save_snapshot(sample_snapshot(), path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_snapshot(path).account_id == "123456789012"


def test_save_into_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "scan.json.gz"

    with pytest.raises(SnapshotError) as raised:
        save_snapshot(sample_snapshot(), path)

    assert str(raised.value) == (
        f"cannot write snapshot {path}: No such file or directory; choose a writable folder"
    )


def test_load_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "none.json.gz"

    with pytest.raises(SnapshotError) as raised:
        load_snapshot(path)

    assert str(raised.value) == (
        f"snapshot {path} not found; check the path or create one with 'seawall collect -o {path}'"
    )


BAD_RECORD = {"service": "iam", "operation": "X", "region": "global", "resource": ""}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(b'{"format": "seawall-snapshot"}', "it is not gzip data", id="not-gzip"),
        pytest.param(b"", "the file is empty (0 bytes)", id="empty"),
        pytest.param(
            gzip.compress(json.dumps(document()).encode())[:-12],
            "the gzip data is truncated (the file ends early)",
            id="truncated",
        ),
        pytest.param(
            gzip.compress(json.dumps(document(regions=[])).encode()),
            "'regions' is an empty list, expected at least one region name",
            id="regions-empty",
        ),
        pytest.param(
            gzip.compress(json.dumps(document(collected_at="yesterday")).encode()),
            "'collected_at' is 'yesterday', expected an ISO 8601 time with a UTC offset "
            "such as 2026-12-04T20:00:00+00:00",
            id="collected-at-text",
        ),
        pytest.param(
            gzip.compress(json.dumps(document(collected_at="2026-12-04T20:00:00")).encode()),
            "'collected_at' is '2026-12-04T20:00:00', expected an ISO 8601 time with a UTC",
            id="collected-at-naive",
        ),
        pytest.param(gzip.compress(b"{not json"), "invalid JSON at line 1 column 2", id="bad-json"),
        pytest.param(
            gzip.compress(b"\xff\xfe"), "the decompressed data is not UTF-8", id="not-utf8"
        ),
        pytest.param(gzip.compress(b"[1, 2]"), "the JSON value is not an object", id="array"),
        pytest.param(
            gzip.compress(json.dumps(document(version="1")).encode()),
            "'version' is '1', expected a positive integer",
            id="version-text",
        ),
        pytest.param(
            gzip.compress(json.dumps(document(regions="us-east-1")).encode()),
            "'regions' is not a list of region names",
            id="regions-text",
        ),
        pytest.param(
            gzip.compress(json.dumps(document(account_id=123)).encode()),
            "'account_id' is missing or not a string",
            id="account-number",
        ),
        pytest.param(
            gzip.compress(json.dumps(document(records={})).encode()),
            "'records' is not a list",
            id="records-object",
        ),
        pytest.param(
            gzip.compress(json.dumps(document(records=["x"])).encode()),
            "records[0] is not an object",
            id="record-text",
        ),
        pytest.param(
            gzip.compress(
                json.dumps(document(records=[{**BAD_RECORD, "status": "fine"}])).encode()
            ),
            "records[0].status is 'fine', expected one of: ok, access_denied",
            id="record-status",
        ),
        pytest.param(
            gzip.compress(
                json.dumps(
                    document(records=[{**BAD_RECORD, "resource": None, "status": "ok"}])
                ).encode()
            ),
            "records[0].resource is missing or not a string",
            id="record-resource",
        ),
        pytest.param(
            gzip.compress(
                json.dumps(
                    document(records=[{**BAD_RECORD, "status": "error", "error_code": 5}])
                ).encode()
            ),
            "records[0].error_code is not a string or null",
            id="record-error-code",
        ),
    ],
)
def test_load_invalid_file(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "scan.json.gz"
    path.write_bytes(content)

    with pytest.raises(SnapshotError) as raised:
        load_snapshot(path)

    message = str(raised.value)
    assert message.startswith(f"snapshot {path} is invalid: {problem}")
    assert message.endswith(f"; collect it again with 'seawall collect -o {path}'")
    assert path.read_bytes() == content


def test_load_other_format(tmp_path: Path) -> None:
    path = tmp_path / "other.json.gz"
    write_gzip_json(path, document(format="prowler"))

    with pytest.raises(SnapshotError) as raised:
        load_snapshot(path)

    assert str(raised.value) == (
        f"{path} is not a seawall snapshot (format 'prowler', expected 'seawall-snapshot'); "
        "pass a file written by 'seawall collect'"
    )


def test_load_without_format_field(tmp_path: Path) -> None:
    path = tmp_path / "empty-object.json.gz"
    write_gzip_json(path, {})

    with pytest.raises(SnapshotError) as raised:
        load_snapshot(path)

    assert str(raised.value) == (
        f"{path} is not a seawall snapshot (no format field); "
        "pass a file written by 'seawall collect'"
    )


@pytest.mark.parametrize(
    ("max_bytes", "loads"),
    [
        pytest.param(10_000, True, id="under-limit"),
        pytest.param(1000, False, id="over-limit"),
    ],
)
def test_load_limits_decompressed_size(tmp_path: Path, max_bytes: int, loads: bool) -> None:
    path = tmp_path / "padded.json.gz"
    write_gzip_json(path, document(seawall_version="0.1.0" + " " * 5000))

    if loads:
        assert load_snapshot(path, max_bytes=max_bytes).account_id == "123456789012"
        return
    with pytest.raises(SnapshotError) as raised:
        load_snapshot(path, max_bytes=max_bytes)

    assert str(raised.value) == (
        f"snapshot {path} is larger than 1000 bytes when decompressed, the limit seawall "
        "reads; pass a snapshot written by 'seawall collect'"
    )


def test_load_accepts_utc_z_time(tmp_path: Path) -> None:
    path = tmp_path / "zulu.json.gz"
    write_gzip_json(path, document(collected_at="2026-12-04T20:00:00Z"))

    assert load_snapshot(path).collected_at == "2026-12-04T20:00:00Z"


def test_load_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "new.json.gz"
    write_gzip_json(path, document(version=2))

    with pytest.raises(SnapshotError) as raised:
        load_snapshot(path)

    assert str(raised.value) == (
        f"snapshot {path} has version 2, newer than this seawall reads (1); "
        "upgrade seawall or collect the snapshot again"
    )
