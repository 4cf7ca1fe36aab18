"""Benchmark the iam.privilege_escalation check on a large generated account.

Builds a GetAccountAuthorizationDetails snapshot in code with the builders of
tests/checks/_snapshots_iam.py: by default 1,500 users, 1,500 roles and 2,000
customer-managed policies. Most principals hold narrow policies; some hold
sts:AssumeRole on *, iam:PassRole with Lambda or EC2 actions, IAM write
actions, or policies whose resources or conditions depend on the principal
(${aws:username}, aws:PrincipalTag, aws:PrincipalArn); a few are admins.
Roles trust the account root, named principals or only a service. The same
seed always builds the same account.

The check runs ``--rounds`` times on the same snapshot. The JSON output has
every timing, the finding counts by status, and a SHA-256 digest of the sorted
(status, resource, reason) triples, so two versions of the code can be shown
to return the same findings.

    .venv/bin/python -m benchmarks.bench_escalation [--users 1500] [--roles 1500]
        [--policies 2000] [--rounds 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "checks"))

from _snapshots_iam import (
    ACCOUNT,
    ACCOUNT_ARN,
    ALLOW_ALL,
    auth_details,
    managed,
    managed_policy_arn,
    policy,
    role,
    role_arn,
    snapshot,
    user,
    user_arn,
)

import seawall.checks.iam_escalation  # noqa: F401  (registers the check)
from seawall.checks.registry import REGISTRY
from seawall.checks.runner import run_check
from seawall.inventory.snapshot import Snapshot

CHECK = "iam.privilege_escalation"
SERVICES = ("lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com")
TEAMS = tuple(f"team{n}" for n in range(40))


def _allow(actions: str | list[str], resource: str | list[str], **condition: Any) -> Any:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": actions, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return statement


def _narrow(rng: random.Random, n: int) -> dict[str, Any]:
    bucket = f"arn:aws:s3:::data-{n}"
    choices = [
        _allow(["s3:GetObject", "s3:PutObject"], f"{bucket}/*"),
        _allow(["ec2:Describe*", "cloudwatch:Get*"], "*"),
        _allow("dynamodb:Query", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t{n}"),
        _allow(["logs:PutLogEvents", "logs:CreateLogStream"], "*"),
        _allow("iam:Get*", f"arn:aws:iam::{ACCOUNT}:role/app-{n}"),
        _allow(
            "sqs:SendMessage",
            f"arn:aws:sqs:us-east-1:{ACCOUNT}:q{n}",
            Bool={"aws:SecureTransport": "true"},
        ),
    ]
    return policy(*rng.sample(choices, 2))


def _policy_document(rng: random.Random, n: int) -> dict[str, Any]:
    """Return policy ``n`` of the mix. The index sets the kind, so the mix is stable."""
    kind = n % 100
    if kind < 3:
        return policy(_allow("sts:AssumeRole", "*"))
    if kind < 5:
        return policy(_allow("sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:role/app-*"))
    if kind == 5:
        return policy(
            _allow("iam:PassRole", "*"),
            _allow(["lambda:CreateFunction", "lambda:InvokeFunction"], "*"),
        )
    if kind == 6:
        return policy(
            _allow(
                "iam:PassRole",
                f"arn:aws:iam::{ACCOUNT}:role/svc-*",
                StringEquals={"iam:PassedToService": "ec2.amazonaws.com"},
            ),
            _allow("ec2:RunInstances", "*"),
        )
    if kind == 7:
        return policy(_allow(["iam:CreateAccessKey", "iam:UpdateLoginProfile"], "*"))
    if kind == 8:
        # Self-service credentials: the resource depends on the caller.
        return policy(
            _allow(
                ["iam:CreateAccessKey", "iam:ChangePassword"],
                f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}",
            )
        )
    if kind == 9:
        return policy(
            _allow(
                "sts:AssumeRole",
                "*",
                StringEquals={"aws:PrincipalTag/team": TEAMS[n % len(TEAMS)]},
            )
        )
    if kind == 10:
        return policy(
            _allow(
                "iam:PutRolePolicy",
                f"arn:aws:iam::{ACCOUNT}:role/app-*",
                ArnLike={"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/ci-*"},
            )
        )
    if n in (11, 111):
        return ALLOW_ALL
    return _narrow(rng, n)


def _trust(rng: random.Random, index: int) -> dict[str, Any]:
    kind = index % 10
    statement: dict[str, Any] = {"Effect": "Allow", "Action": "sts:AssumeRole"}
    if kind < 4:
        statement["Principal"] = {"Service": SERVICES[index % len(SERVICES)]}
    elif kind < 8:
        statement["Principal"] = {"AWS": ACCOUNT_ARN}
        if kind == 7:
            statement["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    else:
        named = [user_arn(f"u{rng.randrange(1500)}"), role_arn(f"app-{rng.randrange(1500)}")]
        statement["Principal"] = {"AWS": named}
    return policy(statement)


def _attach(item: dict[str, Any], names: list[str]) -> dict[str, Any]:
    item["AttachedManagedPolicies"] = [
        {"PolicyName": name, "PolicyArn": managed_policy_arn(name)} for name in names
    ]
    return item


def build_snapshot(users: int, roles: int, policies: int, seed: int) -> Snapshot:
    """Return a snapshot holding one generated GetAccountAuthorizationDetails record."""
    rng = random.Random(seed)
    names = [f"p{n}" for n in range(policies)]
    documents = [managed(names[n], _policy_document(rng, n)) for n in range(policies)]
    admin = [name for n, name in enumerate(names) if n in (11, 111)]
    assume_any = [name for n, name in enumerate(names) if n % 100 < 3]
    special = [name for n, name in enumerate(names) if 3 <= n % 100 <= 10]
    narrow = [name for n, name in enumerate(names) if n % 100 > 10 and name not in admin]
    # Principals of a team share one policy set, as they do when policies are
    # handed out by job function. One in ten also has sts:AssumeRole on *,
    # one in ten another escalation-prone policy, one in seven a narrow policy
    # of its own, and one in five hundred is an admin.
    team_sets = {team: rng.sample(narrow, 2) for team in TEAMS}

    def chosen(index: int) -> list[str]:
        picked = list(team_sets[TEAMS[index % len(TEAMS)]])
        if index % 10 == 0:
            picked.append(rng.choice(assume_any))
        if index % 10 == 5:
            picked.append(rng.choice(special))
        if index % 7 == 0:
            picked.append(rng.choice(narrow))
        if index % 500 == 1:
            picked.append(rng.choice(admin))
        return list(dict.fromkeys(picked))

    user_items = []
    for index in range(users):
        item = _attach(user(f"u{index}"), chosen(index))
        item["Tags"] = [{"Key": "team", "Value": TEAMS[index % len(TEAMS)]}]
        user_items.append(item)
    role_items = []
    for index in range(roles):
        prefix = ("app", "svc", "ci")[index % 3]
        item = _attach(role(f"{prefix}-{index}", _trust(rng, index)), chosen(index))
        role_items.append(item)
    record = auth_details(
        users=tuple(user_items), roles=tuple(role_items), policies=tuple(documents)
    )
    return snapshot(record)


def _machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1500, help="number of IAM users")
    parser.add_argument("--roles", type=int, default=1500, help="number of IAM roles")
    parser.add_argument(
        "--policies", type=int, default=2000, help="number of customer-managed policies"
    )
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of the check")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the generator")
    args = parser.parse_args()

    started = time.perf_counter()
    snap = build_snapshot(args.users, args.roles, args.policies, args.seed)
    build_seconds = time.perf_counter() - started

    timings = []
    cpu_timings = []
    findings: list[tuple[str, str, str]] = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        cpu_started = time.process_time()
        results = run_check(snap, REGISTRY[CHECK])
        timings.append(round(time.perf_counter() - started, 3))
        # CPU time stays meaningful on a shared machine, where wall time varies with load.
        cpu_timings.append(round(time.process_time() - cpu_started, 3))
        findings = sorted((f.status.value, f.resource, f.reason) for f in results)
    digest = hashlib.sha256(json.dumps(findings).encode()).hexdigest()
    report = {
        "benchmark": "bench_escalation",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "account": {"users": args.users, "roles": args.roles, "policies": args.policies},
        "seed": args.seed,
        "build_seconds": round(build_seconds, 3),
        "check_seconds": timings,
        "best_seconds": min(timings),
        "check_cpu_seconds": cpu_timings,
        "load_average": list(os.getloadavg()),
        "findings": dict(sorted(Counter(status for status, _, _ in findings).items())),
        "findings_sha256": digest,
        "machine": _machine(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
