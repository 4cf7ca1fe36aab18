"""Errors raised for malformed policy documents."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a policy document, located by JSON path and source position."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line} column {self.column}: " if self.line is not None else ""
        return f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"


class PolicyError(ValueError):
    """A policy document is malformed.

    ``line`` and ``column`` (1-based) locate the first problem when the document
    was given as text; ``problems`` lists every problem found.
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        if not problems:
            raise ValueError("PolicyError needs at least one problem")
        self.problems = tuple(problems)
        first = self.problems[0]
        self.line = first.line
        self.column = first.column
        if len(self.problems) == 1:
            self.message = str(first)
        else:
            lines = "\n".join(f"  - {p}" for p in self.problems)
            self.message = f"{len(self.problems)} problems in the policy:\n{lines}"
        super().__init__(self.message)

    @classmethod
    def single(
        cls, message: str, *, path: str = "", line: int | None = None, column: int | None = None
    ) -> PolicyError:
        return cls([Problem(path, message, line, column)])
