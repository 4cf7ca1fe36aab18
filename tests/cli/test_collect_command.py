from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cli_samples import ACCOUNT, make_snapshot
from click.testing import CliRunner, Result

import seawall.cli.scan
import seawall.inventory.run
from seawall.aws.errors import AwsSetupError
from seawall.aws.session import SessionOptions
from seawall.cli.main import cli
from seawall.inventory.snapshot import Snapshot
from seawall.inventory.snapshot_file import load_snapshot

pytestmark = pytest.mark.usefixtures("test_checks")


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def fake_collection(snapshot: Snapshot) -> Any:
    def run_collection(options: SessionOptions, **kwargs: Any) -> Snapshot:
        assert isinstance(options, SessionOptions)
        kwargs["progress"]("iam global")
        return snapshot

    return run_collection


@pytest.fixture
def live_account(monkeypatch: pytest.MonkeyPatch) -> Snapshot:
    snapshot = make_snapshot()
    monkeypatch.setattr(seawall.inventory.run, "run_collection", fake_collection(snapshot))
    monkeypatch.setattr(seawall.cli.scan, "now_iso", lambda: "2026-12-04T20:00:00+00:00")
    return snapshot


@pytest.mark.usefixtures("live_account")
def test_collect_writes_private_snapshot(tmp_path: Path) -> None:
    target = tmp_path / "account.snapshot.json.gz"

    result = run_cli("collect", "-o", str(target))

    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert f"wrote snapshot of account {ACCOUNT} (2 regions, 4 records)" in result.stderr
    assert load_snapshot(target).account_id == ACCOUNT


def test_collect_requires_output() -> None:
    result = run_cli("collect")

    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.stderr


def test_collect_setup_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_credentials(options: SessionOptions, **kwargs: Any) -> Snapshot:  # noqa: ARG001
        raise AwsSetupError("no AWS credentials found")

    monkeypatch.setattr(seawall.inventory.run, "run_collection", no_credentials)
    target = tmp_path / "account.snapshot.json.gz"

    result = run_cli("collect", "-o", str(target))

    assert result.exit_code == 2
    assert result.stderr == "error: no AWS credentials found\n"
    assert not target.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param(
            "missing-dir/account.snapshot.json.gz",
            "error: cannot write {target}: the folder {tmp}/missing-dir does not exist; "
            "create it or choose another path\n",
            id="missing-folder",
        ),
        pytest.param(
            "-",
            "error: -o - (stdout) is not supported; a snapshot must go to a file, so "
            "pass a file path\n",
            id="dash",
        ),
    ],
)
def test_collect_output_checked_before_collection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, message: str
) -> None:
    calls: list[SessionOptions] = []

    def record_call(options: SessionOptions, **kwargs: Any) -> Snapshot:  # noqa: ARG001
        calls.append(options)
        return make_snapshot()

    monkeypatch.setattr(seawall.inventory.run, "run_collection", record_call)
    target = tmp_path / name if name != "-" else Path("-")

    result = run_cli("collect", "-o", str(target))

    assert result.exit_code == 2, result.output
    assert result.stderr == message.format(target=target, tmp=tmp_path)
    assert calls == []


@pytest.mark.usefixtures("live_account")
def test_snapshot_scan_matches_live_scan(tmp_path: Path) -> None:
    target = tmp_path / "account.snapshot.json.gz"
    assert run_cli("collect", "-o", str(target)).exit_code == 0

    live = run_cli("scan", "--format", "json")
    offline = run_cli("scan", "--snapshot", str(target), "--format", "json")

    assert live.exit_code == 0, live.output
    assert offline.exit_code == 0, offline.output
    live_results = json.loads(live.stdout)["results"]
    offline_results = json.loads(offline.stdout)["results"]
    assert offline_results == live_results
    assert len(offline_results) == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"not gzip", "gzip", id="not-gzip"),
        pytest.param(b"", "is invalid", id="empty-file"),
        pytest.param(None, "not found", id="missing-file"),
    ],
)
def test_scan_bad_snapshot_exit_2(tmp_path: Path, content: bytes | None, message: str) -> None:
    target = tmp_path / "broken.snapshot.json.gz"
    if content is not None:
        target.write_bytes(content)

    result = run_cli("scan", "--snapshot", str(target))

    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert str(target) in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
