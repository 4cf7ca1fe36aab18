"""Benchmark `seawall policy lint` against parliament on the AWS managed policies.

Writes the AWS managed policies that moto bundles to JSON files in a temporary
directory, then times, in the same run and on the same files:

- `seawall policy lint` as a child process (interpreter start and catalog load
  included), and the in-process lint loop alone;
- parliament (PyPI, BSD-3-Clause) as a child process, installed on first use into
  its own virtual environment, benchmarks/.venv-parliament, so that it and its
  dependencies stay out of seawall's environment. That step needs PyPI.

Each timing is the best of --repeat runs. Prints a Markdown table and the ratio.

    .venv/bin/python -m benchmarks.bench_policy_lint [--repeat 3] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from moto.iam.aws_managed_policies import aws_managed_policies_data

from seawall.policy.catalog import load_catalog
from seawall.policy.lint import lint_bytes

REPO = Path(__file__).resolve().parents[1]
PARLIAMENT_VENV = REPO / "benchmarks" / ".venv-parliament"
PARLIAMENT_VERSION = "1.6.4"
SEAWALL = REPO / ".venv" / "bin" / "seawall"


def write_policies(directory: Path, limit: int | None) -> list[Path]:
    policies = json.loads(aws_managed_policies_data)
    names = sorted(policies)[:limit]
    paths = []
    for name in names:
        path = directory / f"{name}.json"
        path.write_text(json.dumps(policies[name]["Document"], indent=2))
        paths.append(path)
    return paths


def ensure_parliament() -> Path:
    """Return the parliament executable, creating its virtual environment if needed."""
    executable = PARLIAMENT_VENV / "bin" / "parliament"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PARLIAMENT_VENV)], check=True)
    # Keep the environment out of git without touching the repository's .gitignore.
    (PARLIAMENT_VENV / ".gitignore").write_text("*\n")
    if executable.exists():
        return executable
    pip = PARLIAMENT_VENV / "bin" / "pip"
    subprocess.run(
        [str(pip), "install", "--quiet", f"parliament=={PARLIAMENT_VERSION}"], check=True
    )
    return executable


Timing = tuple[float, float]


def cpu_seconds() -> float:
    """Return the CPU time (user and system) of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_of(repeat: int, action: Callable[[], object]) -> Timing:
    """Return the best wall-clock seconds and the best CPU seconds over ``repeat`` runs.

    CPU time is reported too because wall-clock time on a shared machine grows with
    the load of other processes, while CPU time mostly does not.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), cpu_seconds()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    return min(walls), min(cpus)


def run_quiet(command: list[str]) -> None:
    # Both tools exit non-zero when they report findings, so the exit code is ignored;
    # output goes to /dev/null so that terminal speed does not count.
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def lint_in_process(paths: list[Path]) -> int:
    return sum(len(lint_bytes(path.read_bytes())) for path in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="Runs per tool; the best counts.")
    parser.add_argument("--limit", type=int, default=None, help="Lint only the first N policies.")
    args = parser.parse_args()

    parliament = ensure_parliament()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="seawall-lint-bench-") as temp:
        directory = Path(temp)
        paths = write_policies(directory, args.limit)
        files = [str(path) for path in paths]
        load_catalog()

        seawall_cli = best_of(
            args.repeat,
            lambda: run_quiet(
                [str(SEAWALL), "policy", "lint", "--format", "json", "--fail-on", "never", *files]
            ),
        )
        in_process = best_of(args.repeat, lambda: lint_in_process(paths))
        findings = lint_in_process(paths)
        parliament_cli = best_of(
            args.repeat,
            lambda: run_quiet(
                [
                    str(parliament),
                    "--directory",
                    str(directory),
                    "--include_policy_extension",
                    ".json",
                    "--json",
                ]
            ),
        )

    count = len(paths)
    print(f"# policy lint benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"policies: {count} AWS managed policies (moto), {findings} seawall findings")
    print()
    print(f"load average before the runs: {load[0]:.2f}")
    print()
    print("| run | wall seconds | CPU seconds | policies/s (wall) |")
    print("| --- | ---: | ---: | ---: |")
    for label, (wall, cpu) in (
        ("seawall policy lint (CLI)", seawall_cli),
        ("seawall lint_bytes (in process)", in_process),
        (f"parliament {PARLIAMENT_VERSION} (CLI)", parliament_cli),
    ):
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {count / wall:,.0f} |")
    print()
    print(f"parliament / seawall CLI, wall clock: {parliament_cli[0] / seawall_cli[0]:.1f}x")
    print(f"parliament / seawall CLI, CPU time: {parliament_cli[1] / seawall_cli[1]:.1f}x")


if __name__ == "__main__":
    main()
