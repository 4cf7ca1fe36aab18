"""Evaluation results: the decision and the statements that decided it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol


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


class Explainable(Protocol):
    """A matched statement that can describe itself for one request."""

    def explain(self, request: Any) -> StatementMatch: ...


class EvaluationResult:
    """The decision, the statements that decided it, and a one-line reason.

    The engine passes the matched statements unexplained and ``statements`` words
    them on first read, so callers that need only the decision skip that work.
    """

    __slots__ = ("_hits", "_request", "_statements", "decision", "reason")

    def __init__(
        self,
        decision: Decision,
        statements: list[StatementMatch] | None = None,
        reason: str = "",
        *,
        hits: Sequence[Explainable] = (),
        request: object = None,
    ) -> None:
        self.decision = decision
        self.reason = reason
        self._statements = statements
        self._hits = hits
        self._request = request

    @property
    def statements(self) -> list[StatementMatch]:
        if self._statements is None:
            self._statements = [hit.explain(self._request) for hit in self._hits]
        return self._statements

    @property
    def allowed(self) -> bool:
        return self.decision is Decision.ALLOWED

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EvaluationResult):
            return NotImplemented
        return (self.decision, self.statements, self.reason) == (
            other.decision,
            other.statements,
            other.reason,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"EvaluationResult(decision={self.decision!r}, "
            f"statements={self.statements!r}, reason={self.reason!r})"
        )
