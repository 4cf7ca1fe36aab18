"""Benchmark `seawall scan` on a large account against a bare boto3 floor.

Starts a moto_server on 127.0.0.1, seeds it (seed_large_account.py), runs
`seawall collect` and `seawall scan` as child processes while recording
every API call, then replays exactly those calls from a bare boto3 thread
pool with the same worker count: the floor. Also times the checks alone
over the saved snapshot. Prints a Markdown table and writes JSON results.

    .venv/bin/python -m benchmarks.bench_scan [--small] [--workers 16]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from benchmarks.seed_large_account import REGIONS, AccountSize, seed
from seawall.aws.endpoint import keep_on_endpoint
from seawall.aws.html_errors import register_html_error_handler

RESULTS_DIR = Path(__file__).parent / "results"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _child_usage() -> tuple[float, int]:
    """Return (CPU seconds, peak RSS in MiB) of finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def run_seawall(args: list[str], calls_file: Path, env: dict[str, str]) -> dict[str, Any]:
    """Run one seawall command in a fresh child and measure it.

    Peak RSS is read from the child alone: each command runs in a new
    process and RUSAGE_CHILDREN keeps the maximum of all waited-for
    children, so commands are measured in increasing order of size.
    """
    cpu_before, _ = _child_usage()
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks._counting_scan", str(calls_file), "--", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    cpu_after, peak_mib = _child_usage()
    if completed.returncode not in (0, 1):
        raise RuntimeError(f"seawall {' '.join(args)} failed:\n{completed.stderr[-2000:]}")
    calls = json.loads(calls_file.read_text(encoding="utf-8"))
    return {"wall_s": wall, "cpu_s": cpu_after - cpu_before, "peak_mib": peak_mib, "calls": calls}


def replay_floor(calls: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    """Make the same calls from a bare boto3 thread pool, all at once."""
    session = boto3.Session()
    config = Config(
        retries={"mode": "adaptive", "max_attempts": 10},
        max_pool_connections=max(10, workers),
    )
    clients: dict[tuple[str, str], Any] = {}
    lock = threading.Lock()

    def client_for(service: str, region: str) -> Any:
        with lock:
            key = (service, region)
            if key not in clients:
                client = session.client(service, region_name=region, config=config)
                # The two adjustments any client needs to reach moto_server at
                # all: S3 Control without the account-id host prefix, and no
                # 30-second retry loops on the HTML pages of APIs moto lacks.
                register_html_error_handler(client)
                if service == "s3control":
                    keep_on_endpoint(client, os.environ["AWS_ENDPOINT_URL"])
                clients[key] = client
            return clients[key]

    def one(call: dict[str, Any]) -> bool:
        client = client_for(call["service"], call["region"])
        try:
            getattr(client, xform_name(call["operation"]))(**call["params"])
        except (ClientError, BotoCoreError):
            return False
        return True

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, calls))
    failures = results.count(False)
    return {"wall_s": time.perf_counter() - started, "calls": len(calls), "failed": failures}


def time_checks(snapshot_path: Path) -> float:
    """Time loading the snapshot and running every check, in this process."""
    from seawall.checks.runner import load_checks, run_checks
    from seawall.inventory.snapshot_file import load_snapshot

    checks = list(load_checks().values())
    snapshot = load_snapshot(snapshot_path)
    started = time.perf_counter()
    run_checks(snapshot, checks)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--small", action="store_true", help="a tenth of the account size")
    options = parser.parse_args()
    size = AccountSize()
    if options.small:
        size = AccountSize(*(max(1, n // 10) for n in vars(size).values()))

    with moto_server() as url, tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "AWS_ENDPOINT_URL": url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
        env.pop("AWS_PROFILE", None)
        os.environ.update({k: v for k, v in env.items() if k.startswith("AWS_")})

        seed_started = time.perf_counter()
        seed(boto3.Session(), size)
        seed_wall = time.perf_counter() - seed_started

        region_args = [arg for region in REGIONS for arg in ("--region", region)]
        common = [*region_args, "--max-workers", str(options.workers)]
        snapshot_path = Path(tmp) / "bench.snapshot.json.gz"
        scan = run_seawall(
            ["scan", *common, "--format", "json", "-o", str(Path(tmp) / "scan.json")],
            Path(tmp) / "scan-calls.json",
            env,
        )
        collect = run_seawall(
            ["collect", *common, "-o", str(snapshot_path)], Path(tmp) / "collect-calls.json", env
        )
        floor = replay_floor(scan["calls"], options.workers)
        checks_wall = time_checks(snapshot_path)

    result = {
        "date": dt.date.today().isoformat(),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        ),
        "size": vars(size),
        "workers": options.workers,
        "seed_wall_s": round(seed_wall, 1),
        "scan_wall_s": round(scan["wall_s"], 2),
        "scan_cpu_s": round(scan["cpu_s"], 2),
        "scan_peak_mib": scan["peak_mib"],
        "scan_api_calls": len(scan["calls"]),
        "collect_wall_s": round(collect["wall_s"], 2),
        "floor_wall_s": round(floor["wall_s"], 2),
        "floor_failed_calls": floor["failed"],
        "ratio_scan_to_floor": round(scan["wall_s"] / floor["wall_s"], 2),
        "checks_over_snapshot_s": round(checks_wall, 2),
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "scan.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
