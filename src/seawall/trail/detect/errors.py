"""The problems a Sigma rule file can have."""

from __future__ import annotations

from dataclasses import dataclass


class RuleError(ValueError):
    """A rule that cannot be compiled; the message names the value and the fix."""


@dataclass(frozen=True)
class RuleProblem:
    """One problem found in one rule of one file."""

    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: rule '{self.rule}': {self.message}"
