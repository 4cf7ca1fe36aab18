"""Transformations that return modified copies of a policy."""

from __future__ import annotations

import dataclasses

from seawall.policy.model import Policy


def strip_conditions(policy: Policy) -> Policy:
    """Return a copy of ``policy`` with every Condition block removed.

    Comparing decisions with and without conditions tells "allowed unconditionally"
    from "allowed only when a condition holds".
    """
    statements = tuple(dataclasses.replace(s, conditions=()) for s in policy.statements)
    return dataclasses.replace(policy, statements=statements)
