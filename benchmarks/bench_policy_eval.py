"""Benchmark the policy engine: decisions per second, and agreement with the reference model.

Part 1 compiles a realistic set of policies once (two identity policies, a bucket
policy, two SCP levels with conditions and a KMS key policy), builds 1,000
varied requests, and times ``evaluate`` over them on one core, reporting the
best of ``--rounds`` runs. Part 2 runs ``--property-examples`` hypothesis
examples through the engine and the reference model of
tests/policy/evaluation_reference.py and counts disagreements. Part 3 does the
same for ``--random-examples`` drawn with random.Random by
tests/policy/random_policies.py, which is much faster than hypothesis, split
over ``--workers`` processes.

    .venv/bin/python -m benchmarks.bench_policy_eval [--seconds 2] [--rounds 3]
        [--property-examples 10000] [--random-examples 1000000 --seed 0 --workers 2]

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from seawall.policy import Decision, Policy, Principal, Request, evaluate, parse_policy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "policy"))

ACCOUNT = "111122223333"
OTHER = "444455556666"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _policy(name: str, *statements: dict[str, Any]) -> Policy:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name=name)


def build_policies() -> dict[str, Any]:
    """Return the compiled policies of the mix, as keyword arguments of ``evaluate``."""
    developer = _policy(
        "developer",
        {
            "Sid": "TeamData",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
            "Resource": ["arn:aws:s3:::data-${aws:PrincipalTag/team}/*", "arn:aws:s3:::data-*"],
            "Condition": {"Bool": {"aws:SecureTransport": "true"}},
        },
        {"Sid": "Describe", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
        {
            "Sid": "StartOwn",
            "Effect": "Allow",
            "Action": ["ec2:StartInstances", "ec2:StopInstances"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}},
        },
        {"Sid": "NoBucketDelete", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
    )
    readonly = _policy(
        "readonly",
        {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "kms:Decrypt"], "Resource": "*"},
        {"Effect": "Allow", "Action": "iam:Get*", "Resource": f"arn:aws:iam::{ACCOUNT}:role/*"},
    )
    bucket = _policy(
        "bucket",
        {
            "Sid": "DenyPlainHttp",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::data-red", "arn:aws:s3:::data-red/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        },
        {
            "Sid": "PartnerRead",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::data-red/shared/*",
            "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}},
        },
    )
    root_scp = _policy("FullAWSAccess", {"Effect": "Allow", "Action": "*", "Resource": "*"})
    ou_scp = _policy(
        "ou-guardrails",
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {
            "Sid": "Regions",
            "Effect": "Deny",
            "NotAction": ["iam:*", "sts:*", "organizations:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
        },
        {
            "Sid": "ProtectAudit",
            "Effect": "Deny",
            "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"],
            "Resource": "*",
            "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/audit-*"}},
        },
    )
    return {
        "identity": [developer, readonly],
        "resource": bucket,
        "scps": [[root_scp], [ou_scp]],
    }


def build_requests(count: int) -> list[Request]:
    """Return ``count`` requests varying caller, action, resource and context."""
    callers = [
        Principal.aws(f"arn:aws:iam::{ACCOUNT}:user/alice"),
        Principal.aws(f"arn:aws:sts::{ACCOUNT}:assumed-role/dev/session"),
        Principal.aws(f"arn:aws:iam::{OTHER}:user/partner"),
    ]
    actions = [
        ("s3:GetObject", "arn:aws:s3:::data-red/shared/report-{n}.csv"),
        ("s3:PutObject", "arn:aws:s3:::data-red/in/{n}.json"),
        ("s3:DeleteBucket", "arn:aws:s3:::data-red"),
        ("ec2:DescribeInstances", "*"),
        ("ec2:StartInstances", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-{{n}}"),
        ("iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/app-{{n}}"),
        ("cloudtrail:StopLogging", f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"),
        ("kms:Decrypt", KEY),
    ]
    requests = []
    for n in range(count):
        action, resource = actions[n % len(actions)]
        caller = callers[n % len(callers)]
        requests.append(
            Request(
                action,
                resource.format(n=n),
                principal=caller,
                resource_account=ACCOUNT,
                context={
                    "aws:SecureTransport": n % 5 != 0,
                    "aws:RequestedRegion": ["us-east-1", "eu-west-1", "ap-south-1"][n % 3],
                    "aws:SourceIp": f"203.0.113.{n % 250}",
                    "aws:PrincipalTag/team": ["red", "blue"][n % 2],
                    "aws:ResourceTag/team": ["red", "blue", "green"][n % 3],
                },
            )
        )
    return requests


def measure_throughput(seconds: float, rounds: int) -> dict[str, Any]:
    policies = build_policies()
    requests = build_requests(1000)
    decisions = {d.value: 0 for d in Decision}
    for request in requests:
        decisions[evaluate(request, **policies).decision.value] += 1
    best = 0.0
    for _ in range(rounds):
        done = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            for request in requests:
                evaluate(request, **policies)
            done += len(requests)
        best = max(best, done / (time.perf_counter() - start))
    return {
        "decisions_per_second": round(best),
        "requests_in_mix": len(requests),
        "decision_mix": decisions,
        "seconds_per_round": seconds,
        "rounds": rounds,
    }


def compare_with_reference(examples: int) -> dict[str, Any]:
    from evaluation_reference import (
        ACTIONS,
        CONCRETE,
        STATEMENTS,
        TAGS,
        engine_decision,
        reference_decision,
    )
    from hypothesis import HealthCheck, Phase, given, settings

    disagreements: list[dict[str, Any]] = []
    checked = 0

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(statements=STATEMENTS, action=ACTIONS, resource=CONCRETE, tag=TAGS)
    def run(statements: list[dict[str, Any]], action: str, resource: str, tag: str | None) -> None:
        nonlocal checked
        checked += 1
        expected = reference_decision(statements, action, resource, tag)
        actual = engine_decision(statements, action, resource, tag)
        if actual is not expected and len(disagreements) < 10:
            disagreements.append(
                {
                    "statements": statements,
                    "action": action,
                    "resource": resource,
                    "tag": tag,
                    "engine": actual.value,
                    "reference": expected.value,
                }
            )

    start = time.perf_counter()
    run()
    return {
        "examples_requested": examples,
        "examples_checked": checked,
        "disagreements": len(disagreements),
        "first_disagreements": disagreements,
        "seconds": round(time.perf_counter() - start, 1),
    }


def compare_random(examples: int, seed: int, workers: int) -> dict[str, Any]:
    """Compare the engine with the reference model on random.Random examples.

    Each worker takes a contiguous range of example indexes. An example depends
    only on the seed and its index, so the result is the same for any worker count.
    """
    from random_policies import Comparison, compare_random_examples

    keep = 10
    bounds = [examples * part // workers for part in range(workers + 1)]
    start = time.perf_counter()
    total = Comparison()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(compare_random_examples, seed, low, high, keep)
            for low, high in itertools.pairwise(bounds)
        ]
        for future in futures:
            total.merge(future.result(), keep)
    return {
        "examples_requested": examples,
        "examples_checked": total.examples,
        "seed": seed,
        "workers": workers,
        "disagreements": total.disagreements,
        "reference_decisions": total.reference_decisions,
        "first_disagreements": total.first_disagreements,
        "seconds": round(time.perf_counter() - start, 1),
    }


def _worker_count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid worker count {value}: use 1 or more")
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="Length of one timing round.")
    parser.add_argument("--rounds", type=int, default=3, help="Timing rounds; the best counts.")
    parser.add_argument(
        "--property-examples",
        type=int,
        default=10_000,
        help="Hypothesis examples to compare with the reference model (0 skips).",
    )
    parser.add_argument(
        "--random-examples",
        type=int,
        default=0,
        help="random.Random examples to compare with the reference model (0 skips).",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="Seed of the random examples (default 0)."
    )
    parser.add_argument(
        "--workers",
        type=_worker_count,
        default=1,
        help="Processes that share the random examples (default 1).",
    )
    options = parser.parse_args(argv)

    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cpus": os.cpu_count(),
        "throughput": measure_throughput(options.seconds, options.rounds),
    }
    if options.property_examples > 0:
        report["property"] = compare_with_reference(options.property_examples)
    if options.random_examples > 0:
        report["random"] = compare_random(options.random_examples, options.seed, options.workers)

    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
