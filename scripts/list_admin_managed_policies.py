"""Print docs/admin-equivalent-managed-policies.md: the AWS managed policies
that seawall judges admin-equivalent, from the documents moto bundles.

Usage (from the repository root):

    PYTHONPATH=src .venv/bin/python scripts/list_admin_managed_policies.py \
        > docs/admin-equivalent-managed-policies.md
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version

from moto.iam.aws_managed_policies import aws_managed_policies_data

from seawall.checks._policy_judge import ADMIN_PROBES, classify_documents

REGENERATE = (
    "PYTHONPATH=src .venv/bin/python scripts/list_admin_managed_policies.py "
    "> docs/admin-equivalent-managed-policies.md"
)


def main() -> int:
    policies = json.loads(aws_managed_policies_data)
    result = classify_documents((name, item["Document"]) for name, item in policies.items())
    out = sys.stdout
    out.write("# Admin-equivalent AWS managed policies\n\n")
    out.write(
        "The AWS managed policies that `iam.policy_admin_equivalent` judges to allow every "
        "action on every resource, out of the "
        f"{len(policies)} managed policy documents bundled with moto {version('moto')}.\n"
        "The judgement evaluates probe requests with `seawall.policy` (a made-up action of a "
        f"made-up service and {len(ADMIN_PROBES) - 2} sensitive actions of real services, on "
        "`*` and on sample ARNs), so `NotAction` grants count by what they allow.\n\n"
    )
    out.write("| Policy | Condition the full grant depends on |\n|---|---|\n")
    for name, conditions in result.admin.items():
        out.write(f"| {name} | {' and '.join(conditions) or 'none'} |\n")
    out.write(
        f"\n{len(result.service_wildcard)} of the documents allow every action of at least "
        "one service (`iam.policy_service_wildcard`).\n\n"
        f"Regenerate this page with:\n\n```\n{REGENERATE}\n```\n\n"
        "`tests/checks/test_policy_judge.py` pins the same list, so a change in the judgement "
        "or in moto's bundled documents shows up as a failing test.\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
