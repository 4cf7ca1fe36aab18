"""The CLI over the real collection, against moto in-process (mock_aws): no network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner
from moto import mock_aws

import seawall.cli.scan
import seawall.inventory.run
from seawall.cli.main import cli
from seawall.inventory.snapshot import Snapshot
from seawall.inventory.snapshot_file import save_snapshot

REGION = "us-east-1"
CHECKS = "kms.,s3."


@pytest.fixture
def moto_account(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A moto account with one bucket and one KMS key, both with default settings."""
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setattr(seawall.cli.scan, "now_iso", lambda: "2026-12-04T20:00:00+00:00")
    with mock_aws():
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="seawall-cli-test-bucket")
        boto3.client("kms", region_name=REGION).create_key(Description="cli test key")
        yield


@pytest.mark.usefixtures("moto_account")
def test_snapshot_scan_equals_live_scan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # One collection serves both scans: the live scan's snapshot is kept and
    # saved, so the test compares the two scan paths over the same data.
    collected: list[Snapshot] = []
    real_run_collection = seawall.inventory.run.run_collection

    def keep_snapshot(*args: Any, **kwargs: Any) -> Snapshot:
        snapshot = real_run_collection(*args, **kwargs)
        collected.append(snapshot)
        return snapshot

    monkeypatch.setattr(seawall.inventory.run, "run_collection", keep_snapshot)
    runner = CliRunner()
    target = tmp_path / "account.snapshot.json.gz"

    live = runner.invoke(cli, ["scan", "--format", "json", "--region", REGION, "--checks", CHECKS])
    save_snapshot(collected[0], target)
    offline = runner.invoke(
        cli, ["scan", "--snapshot", str(target), "--format", "json", "--checks", CHECKS]
    )

    assert live.exit_code == 0, live.output
    assert offline.exit_code == 0, offline.output
    live_results = json.loads(live.stdout)["results"]
    offline_results = json.loads(offline.stdout)["results"]
    assert offline_results == live_results
    assert any(item["status"] == "fail" for item in live_results)
    assert {item["account"] for item in live_results} == {"123456789012"}
