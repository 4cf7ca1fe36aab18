"""Benchmark `seawall trail validate` against the gunzip | sha256sum floor.

Builds a signed synthetic trail (seawall.trail.synthetic) in a temporary folder,
runs `seawall trail validate` on it as a child process, then hashes the same log
files two ways: one shell loop running `gunzip -c FILE | sha256sum` per file,
and one Python process with zlib and hashlib. Validation also verifies every
digest signature and chain link, which the floors skip, so the ratio is an
upper bound on the overhead of hashing alone.

    .venv/bin/python -m benchmarks.bench_trail_validate [--logs 200] [--records 10000]

Measured with the defaults on 2026-12-04 (x86_64, 2 CPUs, Linux 6.18, Python 3.11.7):
200 log files, 11.3 MB gzip, 438.0 MB uncompressed. trail validate 2.46 s (178 MB/s
uncompressed), shell loop 8.25 s (53 MB/s), Python loop 0.64 s (681 MB/s): 3.35x the
shell floor and 0.26x the Python floor. The validate time includes interpreter start-up
and the signature checks. NOTE: the synthetic records repeat, so they compress about
39:1, far better than real CloudTrail files, and the gzip MB/s figures are low for it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from seawall.trail.synthetic import (
    SigningKey,
    TrailSpec,
    build_trail,
    generate_signing_key,
    public_keys_document,
    write_local,
)

LOGS_PER_HOUR = 8
MEGABYTE = 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--logs", type=int, default=200, help="log files in the trail")
    parser.add_argument("--records", type=int, default=10_000, help="event records per log file")
    parser.add_argument("--workers", type=int, default=8, help="--workers of trail validate")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-trail-") as temp:
        root = Path(temp)
        key = generate_signing_key()
        spec, logs = _build(root / "trail", key, args.logs, args.records)
        keys = root / "public-keys.json"
        keys.write_text(json.dumps(_keys_document(spec, key)), encoding="utf-8")
        compressed = sum(path.stat().st_size for path in logs)
        uncompressed = _uncompressed_size(logs)
        print(
            f"trail: {len(logs)} log files, {compressed / MEGABYTE:.1f} MB gzip, "
            f"{uncompressed / MEGABYTE:.1f} MB uncompressed"
        )

        end = spec.digest_end(spec.hours - 1).strftime("%Y-%m-%dT%H:%M:%SZ")
        validate = [
            sys.executable,
            "-m",
            "seawall.cli.main",
            "trail",
            "validate",
            str(root / "trail"),
            "--public-keys",
            str(keys),
            "--end-time",
            end,
            "--workers",
            str(args.workers),
        ]
        timings = {
            "seawall trail validate": _timed(lambda: _run(validate)),
            "shell gunzip+sha256sum loop": _timed(lambda: _shell_floor(logs, root)),
            "python zlib+hashlib loop": _timed(lambda: _python_floor(logs)),
        }

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, "
        f"Python {platform.python_version()}; date {dt.date.today().isoformat()}"
    )
    print("| run | seconds | MB/s gzip | MB/s uncompressed |")
    print("|---|---|---|---|")
    for name, seconds in timings.items():
        print(
            f"| {name} | {seconds:.2f} | {compressed / MEGABYTE / seconds:.1f} "
            f"| {uncompressed / MEGABYTE / seconds:.1f} |"
        )
    ours = timings["seawall trail validate"]
    for floor in ("shell gunzip+sha256sum loop", "python zlib+hashlib loop"):
        print(f"throughput vs {floor}: {timings[floor] / ours:.2f}x (target >= 0.8x)")


def _build(folder: Path, key: SigningKey, logs: int, records: int) -> tuple[TrailSpec, list[Path]]:
    hours = max(1, -(-logs // LOGS_PER_HOUR))
    spec = TrailSpec(hours=hours, logs_per_hour=min(logs, LOGS_PER_HOUR), records_per_log=records)
    write_local(build_trail(spec, key), folder)
    paths = sorted(folder.rglob("*_CloudTrail_*.json.gz"))
    return spec, paths


def _keys_document(spec: TrailSpec, key: SigningKey) -> dict[str, object]:
    day = dt.timedelta(days=1)
    return public_keys_document(
        [key], spec.first_digest_end - day, spec.digest_end(spec.hours) + day
    )


def _uncompressed_size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        inflater = zlib.decompressobj(31)
        total += len(inflater.decompress(path.read_bytes())) + len(inflater.flush())
    return total


def _timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(
            f"validation failed ({result.returncode}):\n{result.stdout[-2000:]}"
            f"{result.stderr[-2000:]}"
        )


def _shell_floor(paths: list[Path], root: Path) -> None:
    listing = root / "files.txt"
    listing.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
    script = 'while IFS= read -r f; do gunzip -c "$f" | sha256sum; done < "$1" > /dev/null'
    subprocess.run(["bash", "-c", script, "floor", str(listing)], check=True)


def _python_floor(paths: list[Path]) -> None:
    for path in paths:
        inflater = zlib.decompressobj(31)
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(inflater.decompress(chunk))
        digest.update(inflater.flush())
        digest.hexdigest()


if __name__ == "__main__":
    main()
