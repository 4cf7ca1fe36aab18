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

# The shapes of policies and requests, shared with the random.Random generator in
# random_policies so that both draw from the same space. Sizes are inclusive.
ACTION_PREFIX = "svc:"
ACTION_NAME_ALPHABET = "aB.+*?"
ACTION_NAME_SIZES = (1, 4)
RESOURCE_ALPHABET = "ab.+*?"
RESOURCE_SIZES = (1, 5)
CONCRETE_ALPHABET = "abAB.+"
CONCRETE_SIZES = (1, 5)
TAG_VALUES = (None, "x", "y")
EFFECTS = ("Allow", "Deny")
PATTERNS_PER_ELEMENT = (1, 3)
STATEMENTS_PER_POLICY = (1, 4)

ACTION_NAMES = st.text(
    alphabet=ACTION_NAME_ALPHABET, min_size=ACTION_NAME_SIZES[0], max_size=ACTION_NAME_SIZES[1]
)
RESOURCES = st.text(
    alphabet=RESOURCE_ALPHABET, min_size=RESOURCE_SIZES[0], max_size=RESOURCE_SIZES[1]
)
CONCRETE = st.text(
    alphabet=CONCRETE_ALPHABET, min_size=CONCRETE_SIZES[0], max_size=CONCRETE_SIZES[1]
)
TAGS = st.sampled_from(TAG_VALUES)


def reference_match(pattern: str, value: str, ignore_case: bool) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def statement_strategy() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "Effect": st.sampled_from(EFFECTS),
            "Action": st.lists(
                ACTION_NAMES.map(lambda n: ACTION_PREFIX + n),
                min_size=PATTERNS_PER_ELEMENT[0],
                max_size=PATTERNS_PER_ELEMENT[1],
            ),
            "Resource": st.lists(
                RESOURCES, min_size=PATTERNS_PER_ELEMENT[0], max_size=PATTERNS_PER_ELEMENT[1]
            ),
            "negate_action": st.booleans(),
            "negate_resource": st.booleans(),
            "tag": TAGS,
        }
    )


STATEMENTS = st.lists(
    statement_strategy(), min_size=STATEMENTS_PER_POLICY[0], max_size=STATEMENTS_PER_POLICY[1]
)
ACTIONS = CONCRETE.map(lambda n: ACTION_PREFIX + n)


def to_document(statement: dict[str, Any]) -> dict[str, Any]:
    action_element = "NotAction" if statement["negate_action"] else "Action"
    resource_element = "NotResource" if statement["negate_resource"] else "Resource"
    document: dict[str, Any] = {
        "Effect": statement["Effect"],
        action_element: statement["Action"],
        resource_element: statement["Resource"],
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
        resource_hit = any(reference_match(r, resource, False) for r in statement["Resource"])
        if resource_hit == statement["negate_resource"]:
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
