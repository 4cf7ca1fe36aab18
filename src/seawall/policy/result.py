"""Evaluation results: the decision and the statements that decided it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Decision(StrEnum):
    ALLOWED = "allowed"
    IMPLICIT_DENY = "implicit_deny"
    EXPLICIT_DENY = "explicit_deny"


@dataclass(frozen=True, slots=True)
class StatementMatch:
    """A statement that matched a request, and why."""

    policy_name: str
    statement_index: int
    sid: str | None
    effect: str
    reason: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """The decision, the statements that decided it, and a one-line reason."""

    decision: Decision
    statements: list[StatementMatch] = field(default_factory=list)
    reason: str = ""

    @property
    def allowed(self) -> bool:
        return self.decision is Decision.ALLOWED
