"""A small reference model of single-policy evaluation, and hypothesis strategies for it.

The model rebuilds wildcard matching character by character, independently of
seawall.policy.wildcard, and applies "explicit deny beats allow beats implicit
deny" (IAM User Guide, "Policy evaluation logic"). The property test and
benchmarks/bench_policy_eval.py both compare the engine with it.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

from seawall.policy import Decision, Request, evaluate_policy, parse_policy

ALPHABET = "ab.+*?"
ACTION_NAMES = st.text(alphabet="aB.+*?", min_size=1, max_size=4)
RESOURCES = st.text(alphabet=ALPHABET, min_size=1, max_size=5)
CONCRETE = st.text(alphabet="abAB.+", min_size=1, max_size=5)
TAGS = st.sampled_from([None, "x", "y"])


def reference_match(pattern: str, value: str, ignore_case: bool) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def statement_strategy() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "Effect": st.sampled_from(["Allow", "Deny"]),
            "Action": st.lists(ACTION_NAMES.map(lambda n: f"svc:{n}"), min_size=1, max_size=3),
            "Resource": st.lists(RESOURCES, min_size=1, max_size=3),
            "negate_action": st.booleans(),
            "tag": TAGS,
        }
    )


STATEMENTS = st.lists(statement_strategy(), min_size=1, max_size=4)
ACTIONS = CONCRETE.map(lambda n: f"svc:{n}")


def to_document(statement: dict[str, Any]) -> dict[str, Any]:
    element = "NotAction" if statement["negate_action"] else "Action"
    document: dict[str, Any] = {
        "Effect": statement["Effect"],
        element: statement["Action"],
        "Resource": statement["Resource"],
    }
    if statement["tag"] is not None:
        document["Condition"] = {"StringEquals": {"test:Tag": statement["tag"]}}
    return document


def reference_decision(
    statements: list[dict[str, Any]], action: str, resource: str, tag: str | None
) -> Decision:
    effects = set()
    for statement in statements:
        action_hit = any(reference_match(a, action, True) for a in statement["Action"])
        if action_hit == statement["negate_action"]:
            continue
        if not any(reference_match(r, resource, False) for r in statement["Resource"]):
            continue
        if statement["tag"] is not None and statement["tag"] != tag:
            continue
        effects.add(statement["Effect"])
    if "Deny" in effects:
        return Decision.EXPLICIT_DENY
    if "Allow" in effects:
        return Decision.ALLOWED
    return Decision.IMPLICIT_DENY


def engine_decision(
    statements: list[dict[str, Any]], action: str, resource: str, tag: str | None
) -> Decision:
    document = parse_policy(
        {"Version": "2012-10-17", "Statement": [to_document(s) for s in statements]}
    )
    context = {} if tag is None else {"test:tag": tag}
    return evaluate_policy(document, Request(action, resource, context=context)).decision
