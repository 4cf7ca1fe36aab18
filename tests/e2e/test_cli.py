"""The installed ``seawall`` command against the demo account on a moto_server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

SEAWALL = Path(sys.executable).with_name("seawall")
REGIONS = ["--region", "us-east-1", "--region", "eu-west-1"]
RESULT_FIELDS = [
    "check_id",
    "title",
    "practice",
    "severity",
    "status",
    "resource",
    "account",
    "region",
    "reason",
    "controls",
    "remediation",
]


def cli_environment(endpoint: str) -> dict[str, str]:
    """Return an environment that reaches only ``endpoint``, with fake credentials."""
    inherited = {
        name: value for name, value in os.environ.items() if not name.startswith(("AWS_", "MOTO_"))
    }
    return {
        **inherited,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        # moto_server's HTML 500 for operations it lacks is retried; two
        # attempts keep those calls short.
        "AWS_MAX_ATTEMPTS": "2",
    }


def run_seawall(endpoint: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SEAWALL), *args],
        env=cli_environment(endpoint),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def read_results(path: Path) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["results"]
    return results


def test_scan_live_and_from_snapshot(demo_server: str, tmp_path: Path) -> None:
    # One test runs the three commands, so that pytest-xdist does not repeat
    # the two collections on each worker.
    live = tmp_path / "live.json"
    snapshot = tmp_path / "demo.snapshot"
    offline = tmp_path / "offline.json"
    workers = ["--max-workers", "4"]

    scanned = run_seawall(
        demo_server, "scan", "--format", "json", "-o", str(live), *REGIONS, *workers
    )
    collected = run_seawall(demo_server, "collect", "-o", str(snapshot), *REGIONS, *workers)
    rescanned = run_seawall(
        demo_server,
        "scan",
        "--snapshot",
        str(snapshot),
        "--format",
        "json",
        "-o",
        str(offline),
        "--fail-on",
        "high",
    )

    assert scanned.returncode == 0, scanned.stderr
    assert collected.returncode == 0, collected.stderr
    assert rescanned.returncode == 1, rescanned.stderr
    results = read_results(live)
    assert len(results) > 100
    for item in results:
        assert list(item) == RESULT_FIELDS
    assert {item["status"] for item in results} >= {"pass", "fail"}
    assert {item["account"] for item in results} == {"123456789012"}
    assert read_results(offline) == results


def test_bad_snapshot_exits_two(demo_server: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.snapshot"
    bad.write_text("not a snapshot", encoding="utf-8")

    done = run_seawall(demo_server, "scan", "--snapshot", str(bad), "--format", "json")

    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert str(bad) in done.stderr
    assert "Traceback" not in done.stderr
