"""Property test: evaluate_policy agrees with the reference model in evaluation_reference."""

from __future__ import annotations

from typing import Any

from evaluation_reference import (
    ACTIONS,
    CONCRETE,
    STATEMENTS,
    TAGS,
    engine_decision,
    reference_decision,
)
from hypothesis import given, settings


@settings(max_examples=200, deadline=None)
@given(statements=STATEMENTS, action=ACTIONS, resource=CONCRETE, tag=TAGS)
def test_evaluate_policy_matches_reference(
    statements: list[dict[str, Any]], action: str, resource: str, tag: str | None
) -> None:
    expected = reference_decision(statements, action, resource, tag)
    assert engine_decision(statements, action, resource, tag) is expected
