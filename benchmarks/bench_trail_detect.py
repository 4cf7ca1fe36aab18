"""Benchmark `seawall trail detect` against the gunzip + json.loads floor.

Resamples the real Stratus Red Team CloudTrail logs, read in place from a
data folder outside the repository, into a million events in gzip log files
in a temporary folder. Each copy of the ~2,900 events gets new eventIDs, and
its eventTimes move one hour later per copy. Then it times, on the same files:

- the floor: gzip.decompress and the standard library json.loads per file,
  which is all detection must do before matching (orjson is not a dependency,
  so both sides use json);
- detection with the built-in rules on one core (--workers 1) and on every
  core (--workers = CPU count), in process, through detect_source.

    .venv/bin/python -m benchmarks.bench_trail_detect [--events 1000000] [--per-file 5000]

Targets: >= 150,000 events/s per core, and detection >= 0.7x the floor.

Measured with the defaults on 2026-12-04 (x86_64 AMD EPYC, 2 CPUs, Python 3.11.7,
machine shared with other jobs), 1,000,000 events in 200 files:

    floor, 1 core        27.76 s      36,028 events/s
    floor, 2 cores       21.68 s      46,125 events/s
    detect, 1 core       38.68 s      25,854 events/s  0.72x the floor
    detect, 2 cores      21.88 s      45,706 events/s  0.99x the floor

The ratio target is met. The per-core target is not: json.loads alone reaches
only about 36,000 events/s per core here, so no matcher on top of it can reach
150,000. Matching already-decoded records alone ran at about 160,000 events/s
on the same machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from math import inf
from pathlib import Path
from typing import Any

from seawall.trail.detect.run import RuleOptions, detect_source
from seawall.trail.filters import TrailFilter
from seawall.trail.reading import iter_records
from seawall.trail.sources import LocalSource
from seawall.trail.times import format_time, parse_time

DATASET = (
    Path(__file__).resolve().parents[1].parent / "shared/data/cloudtrail/invictus-stratus-2023"
)
ACCOUNT = "123837392027"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events to generate")
    parser.add_argument("--per-file", type=int, default=5_000, help="events per log file")
    parser.add_argument("--dataset", type=Path, default=DATASET, help="folder of real logs")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; best kept")
    args = parser.parse_args()
    if not args.dataset.is_dir():
        sys.exit(f"dataset folder {args.dataset} not found; pass --dataset")
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="bench-detect-") as temp:
        root = Path(temp)
        started = time.perf_counter()
        events, files = resample(args.dataset, root, args.events, args.per_file)
        print(
            f"wrote {events} events in {files} gzip files in {time.perf_counter() - started:.1f} s"
        )
        best = measure(root, cores, args.repeat)

    print(
        f"machine: {platform.machine()}, {cores} CPUs, Python {platform.python_version()}, "
        f"{dt.date.today().isoformat()}"
    )
    report("floor, 1 core", events, best["floor_1"])
    report(f"floor, {cores} cores", events, best["floor_n"])
    report("detect, 1 core", events, best["detect_1"], best["floor_1"])
    report(f"detect, {cores} cores", events, best["detect_n"], best["floor_n"])


def measure(root: Path, cores: int, repeat: int) -> dict[str, float]:
    """Time the floor and detection on one core and on ``cores``, keeping the best run."""
    best = {"floor_1": inf, "floor_n": inf, "detect_1": inf, "detect_n": inf}
    # Interleaved runs, best kept, because other load on the machine only adds time.
    for _ in range(repeat):
        best["floor_1"] = min(best["floor_1"], timed(lambda: floor(root, 1)))
        best["detect_1"] = min(best["detect_1"], timed(lambda: detect(root, 1)))
        best["floor_n"] = min(best["floor_n"], timed(lambda: floor(root, cores)))
        best["detect_n"] = min(best["detect_n"], timed(lambda: detect(root, cores)))
    return best


def resample(dataset: Path, root: Path, target: int, per_file: int) -> tuple[int, int]:
    """Write copies of the dataset's records, with new eventIDs and times, until ``target``."""
    base = sorted(iter_records(LocalSource(dataset)), key=lambda record: record["eventTime"])
    times = [parse_time(record["eventTime"]) for record in base]
    written = 0
    files = 0
    batch: list[dict[str, Any]] = []
    copy = 0
    while written < target:
        shift = dt.timedelta(hours=copy)
        for record, time_value in zip(base, times, strict=True):
            if written >= target:
                break
            clone = dict(record)
            clone["eventID"] = f"{copy:06d}-{written:012d}"
            clone["eventTime"] = format_time(time_value + shift)
            batch.append(clone)
            written += 1
            if len(batch) == per_file:
                write_file(root, files, batch)
                files += 1
                batch = []
        copy += 1
    if batch:
        write_file(root, files, batch)
        files += 1
    return written, files


def write_file(root: Path, number: int, records: list[dict[str, Any]]) -> None:
    stamp = parse_time(records[0]["eventTime"]).strftime("%Y%m%dT%H%MZ")
    name = f"{ACCOUNT}_CloudTrail_us-east-1_{stamp}_bench{number:05d}.json.gz"
    data = json.dumps({"Records": records}).encode()
    (root / name).write_bytes(gzip.compress(data, compresslevel=6))


def floor(root: Path, workers: int) -> int:
    paths = sorted(root.iterdir())
    if workers == 1:
        return sum(map(decode, paths))
    with ProcessPoolExecutor(workers) as pool:
        return sum(pool.map(decode, paths))


def decode(path: Path) -> int:
    records: list[Any] = json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return len(records)


def detect(root: Path, workers: int) -> int:
    report = detect_source(LocalSource(root), TrailFilter(), RuleOptions(), workers)
    return report.events


def timed(run: Any) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def report(label: str, events: int, seconds: float, floor_seconds: float | None = None) -> None:
    rate = events / seconds
    line = f"{label:<18} {seconds:7.2f} s  {rate:>10,.0f} events/s"
    if floor_seconds is not None:
        line += f"  {floor_seconds / seconds:.2f}x the floor"
    print(line)


if __name__ == "__main__":
    main()
