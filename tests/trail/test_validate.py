"""Validation of a built trail in a folder, tampered with in each way CloudTrail detects."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from seawall.trail.filters import TrailFilter
from seawall.trail.keys import SIGNATURE_SUFFIX
from seawall.trail.model import FileKind, FileStatus, Gap, GapReason
from seawall.trail.public_keys import PublicKeyRing, load_public_keys_file
from seawall.trail.sources import LocalSource
from seawall.trail.synthetic import TrailObject, TrailSpec, write_local
from seawall.trail.validate import ValidateOptions, validate_source

TRAIL_LABEL = "AWSLogs/111122223333/us-east-1/main-trail (home region us-east-1)"


@dataclass
class Trail:
    root: Path
    spec: TrailSpec
    objects: list[TrailObject]
    keys_file: Path

    def digest(self, hour: int) -> str:
        return [item.key for item in self.objects if item.is_digest][hour]

    def log(self, hour: int, index: int) -> str:
        logs = [item.key for item in self.objects if not item.is_digest]
        return logs[hour * self.spec.logs_per_hour + index]

    def end(self, hour: int) -> datetime:
        return self.spec.digest_end(hour)


@dataclass
class Expected:
    # None removes a file that the tampering took away without it being reported there.
    statuses: dict[str, FileStatus | None] = field(default_factory=dict)
    gaps: list[tuple[int, int, int]] = field(default_factory=list)


Tamper = Callable[[Trail], Expected]


def _rewrite_digest(trail: Trail, hour: int, change: Callable[[dict[str, object]], None]) -> None:
    path = trail.root / trail.digest(hour)
    document = json.loads(gzip.decompress(path.read_bytes()))
    change(document)
    path.write_bytes(gzip.compress(json.dumps(document).encode()))


def intact(_trail: Trail) -> Expected:
    return Expected()


def log_modified(trail: Trail) -> Expected:
    (trail.root / trail.log(2, 0)).write_bytes(gzip.compress(b'{"Records": [{"a": 1}]}'))
    return Expected({trail.log(2, 0): FileStatus.MODIFIED})


def log_deleted(trail: Trail) -> Expected:
    (trail.root / trail.log(2, 0)).unlink()
    return Expected({trail.log(2, 0): FileStatus.DELETED})


def log_unlisted(trail: Trail) -> Expected:
    folder = trail.log(2, 0).rsplit("/", 1)[0]
    key = f"{folder}/111122223333_CloudTrail_us-east-1_20240301T0230Z_ffffffffffffffff.json.gz"
    extra = trail.root / key
    extra.write_bytes(gzip.compress(b'{"Records": []}'))
    return Expected({key: FileStatus.UNLISTED})


def trailing_data(trail: Trail) -> Expected:
    with (trail.root / trail.log(3, 1)).open("ab") as stream:
        stream.write(gzip.compress(b'{"Records": [{"hidden": true}]}'))
    return Expected({trail.log(3, 1): FileStatus.TRAILING_DATA})


def digest_deleted(trail: Trail) -> Expected:
    (trail.root / trail.digest(2)).unlink()
    return Expected(
        {
            trail.digest(2): FileStatus.DELETED,
            trail.log(2, 0): FileStatus.UNLISTED,
            trail.log(2, 1): FileStatus.UNLISTED,
        },
        gaps=[(1, 2, 1)],
    )


def two_digests_deleted(trail: Trail) -> Expected:
    (trail.root / trail.digest(2)).unlink()
    (trail.root / trail.digest(3)).unlink()
    statuses = {trail.digest(hour): FileStatus.DELETED for hour in (2, 3)}
    statuses.update({trail.log(hour, i): FileStatus.UNLISTED for hour in (2, 3) for i in (0, 1)})
    return Expected(statuses, gaps=[(1, 3, 2)])


def oldest_digest_deleted(trail: Trail) -> Expected:
    (trail.root / trail.digest(0)).unlink()
    statuses = {trail.digest(0): FileStatus.DELETED}
    statuses.update({trail.log(0, i): FileStatus.UNLISTED for i in (0, 1)})
    return Expected(statuses, gaps=[(-1, 0, 1)])


def newest_digests_deleted(trail: Trail) -> Expected:
    (trail.root / trail.digest(4)).unlink()
    (trail.root / trail.digest(5)).unlink()
    statuses = {trail.digest(hour): FileStatus.DELETED for hour in (4, 5)}
    statuses.update({trail.log(hour, i): FileStatus.UNLISTED for hour in (4, 5) for i in (0, 1)})
    return Expected(statuses, gaps=[(3, 5, 2)])


def digest_modified(trail: Trail) -> Expected:
    def drop_log(document: dict[str, object]) -> None:
        files = document["logFiles"]
        assert isinstance(files, list)
        del files[1]

    _rewrite_digest(trail, 2, drop_log)
    return Expected(
        {
            trail.digest(2): FileStatus.MODIFIED,
            trail.log(2, 0): FileStatus.UNLISTED,
            trail.log(2, 1): FileStatus.UNLISTED,
        }
    )


def digest_moved(trail: Trail) -> Expected:
    old = trail.root / trail.digest(2)
    new_key = "moved/" + old.name
    (trail.root / "moved").mkdir()
    old.rename(trail.root / new_key)
    sidecar = old.with_name(old.name + SIGNATURE_SUFFIX)
    sidecar.rename(trail.root / (new_key + SIGNATURE_SUFFIX))
    return Expected({new_key: FileStatus.MOVED, trail.digest(2): None})


def signature_corrupted(trail: Trail) -> Expected:
    sidecar = trail.root / (trail.digest(2) + SIGNATURE_SUFFIX)
    document = json.loads(sidecar.read_text())
    value = document["signature"]
    document["signature"] = ("0" if value[0] != "0" else "1") + value[1:]
    sidecar.write_text(json.dumps(document))
    return Expected({trail.digest(2): FileStatus.SIGNATURE_INVALID})


def newest_signature_corrupted(trail: Trail) -> Expected:
    sidecar = trail.root / (trail.digest(5) + SIGNATURE_SUFFIX)
    sidecar.unlink()
    return Expected(
        {
            trail.digest(5): FileStatus.SIGNATURE_INVALID,
            trail.log(5, 0): FileStatus.UNLISTED,
            trail.log(5, 1): FileStatus.UNLISTED,
        }
    )


def public_key_removed(trail: Trail) -> Expected:
    trail.keys_file.write_text(json.dumps({"PublicKeyList": []}))
    statuses = {trail.digest(hour): FileStatus.PUBLIC_KEY_NOT_FOUND for hour in range(6)}
    statuses.update({trail.log(hour, i): FileStatus.UNLISTED for hour in range(6) for i in (0, 1)})
    return Expected(statuses)


CASES = [
    pytest.param(intact, id="intact"),
    pytest.param(log_modified, id="log-modified"),
    pytest.param(log_deleted, id="log-deleted"),
    pytest.param(log_unlisted, id="log-unlisted"),
    pytest.param(trailing_data, id="trailing-data"),
    pytest.param(digest_deleted, id="digest-deleted"),
    pytest.param(two_digests_deleted, id="two-digests-deleted"),
    pytest.param(oldest_digest_deleted, id="oldest-digest-deleted"),
    pytest.param(newest_digests_deleted, id="newest-digests-deleted"),
    pytest.param(digest_modified, id="digest-modified"),
    pytest.param(digest_moved, id="digest-moved"),
    pytest.param(signature_corrupted, id="signature-corrupted"),
    pytest.param(newest_signature_corrupted, id="newest-signature-missing"),
    pytest.param(public_key_removed, id="public-key-removed"),
]


@pytest.fixture
def trail(
    tmp_path: Path, trail_spec: TrailSpec, trail_objects: list[TrailObject], keys_file: Path
) -> Trail:
    root = tmp_path / "copy"
    write_local(trail_objects, root)
    return Trail(root, trail_spec, trail_objects, keys_file)


def expected_statuses(trail: Trail, expected: Expected) -> dict[str, FileStatus]:
    statuses = {item.key: FileStatus.VALID for item in trail.objects}
    for key, status in expected.statuses.items():
        if status is None:
            del statuses[key]
        else:
            statuses[key] = status
    return statuses


def run_validation(trail: Trail, end_time: datetime) -> tuple[dict[str, FileStatus], list[Gap]]:
    ring = load_public_keys_file(trail.keys_file)

    def keys(_regions: set[str], _start: datetime, _end: datetime) -> PublicKeyRing:
        return ring

    options = ValidateOptions(TrailFilter(), end_time, workers=4)
    report = validate_source(LocalSource(trail.root), keys, options)
    prefix = str(trail.root) + "/"
    statuses = {result.path.removeprefix(prefix): result.status for result in report.files}
    return statuses, list(report.gaps)


@pytest.mark.parametrize("tamper", CASES)
def test_validate_folder(trail: Trail, tamper: Tamper) -> None:
    expected = tamper(trail)

    statuses, gaps = run_validation(trail, trail.end(5) + timedelta(hours=1))

    assert statuses == expected_statuses(trail, expected)
    assert gaps == [
        Gap(TRAIL_LABEL, trail.end(start), trail.end(end), count, GapReason.DIGESTS_MISSING)
        for start, end, count in expected.gaps
    ]


@pytest.mark.parametrize(
    ("hours_after_newest", "missing"),
    [
        pytest.param(1, 0, id="next-not-due"),
        pytest.param(2, 1, id="one-due"),
        pytest.param(4, 3, id="three-due"),
    ],
)
def test_newest_digest_cadence(trail: Trail, hours_after_newest: int, missing: int) -> None:
    statuses, gaps = run_validation(trail, trail.end(5) + timedelta(hours=hours_after_newest))

    deleted = [path for path, status in statuses.items() if status is FileStatus.DELETED]
    assert len(deleted) == missing
    assert [gap.missing_digests for gap in gaps] == ([missing] if missing else [])


def test_time_filter_skips_older_gap(trail: Trail) -> None:
    (trail.root / trail.digest(0)).unlink()
    ring = load_public_keys_file(trail.keys_file)
    options = ValidateOptions(
        TrailFilter(start=trail.end(2), end=trail.end(5)), trail.end(5) + timedelta(hours=1)
    )

    report = validate_source(LocalSource(trail.root), lambda *_: ring, options)

    assert report.valid
    assert {result.kind for result in report.files} == {FileKind.DIGEST, FileKind.LOG}


def _keep_logs_only(trail: Trail) -> None:
    for key in (item.key for item in trail.objects if item.is_digest):
        (trail.root / key).unlink()
        sidecar = trail.root / (key + SIGNATURE_SUFFIX)
        sidecar.unlink(missing_ok=True)


def _empty_folder(trail: Trail) -> None:
    for item in trail.objects:
        (trail.root / item.key).unlink()
        (trail.root / (item.key + SIGNATURE_SUFFIX)).unlink(missing_ok=True)


@pytest.mark.parametrize(
    ("prepare", "filters", "log_status", "filter_text"),
    [
        pytest.param(_empty_folder, TrailFilter(), None, "", id="empty-folder"),
        pytest.param(_keep_logs_only, TrailFilter(), FileStatus.UNLISTED, "", id="logs-only"),
        pytest.param(
            lambda _trail: None,
            TrailFilter(account="999999999999", region="eu-west-1"),
            None,
            " (with the filters --account 999999999999, --region eu-west-1)",
            id="filter-matches-nothing",
        ),
    ],
)
def test_no_digests_is_invalid(
    trail: Trail,
    prepare: Callable[[Trail], None],
    filters: TrailFilter,
    log_status: FileStatus | None,
    filter_text: str,
) -> None:
    prepare(trail)
    ring = load_public_keys_file(trail.keys_file)
    options = ValidateOptions(filters, trail.end(5) + timedelta(hours=1))

    report = validate_source(LocalSource(trail.root), lambda *_: ring, options)

    log_statuses = {result.status for result in report.files if result.kind is FileKind.LOG}
    assert report.valid is False
    assert report.gaps == ()
    assert [result for result in report.files if result.kind is FileKind.DIGEST] == []
    assert log_statuses == ({log_status} if log_status else set())
    assert report.problems == (
        f"no CloudTrail digest files found under {trail.root}{filter_text}; check the path, "
        "--account, --region and --trail, and that log file validation is enabled on the trail",
    )
