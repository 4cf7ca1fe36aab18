"""The registry of lint rules, keyed by stable code.

Each check module defines its rules at import time with ``define``, so a rule's code,
severity and summary sit next to the code that reports it.
"""

from __future__ import annotations

from collections.abc import Iterable

from seawall.policy.lint.model import ALL_TYPES, PolicyType, Rule, Severity

RULES: dict[str, Rule] = {}


def define(
    code: str,
    severity: Severity,
    summary: str,
    policy_types: Iterable[PolicyType] = ALL_TYPES,
) -> Rule:
    """Register a rule; raises ValueError when ``code`` is already taken."""
    if code in RULES:
        raise ValueError(f"lint rule code {code!r} is defined twice")
    rule = Rule(code, severity, summary, frozenset(policy_types))
    RULES[code] = rule
    return rule
