"""Escalation steps and paths, and their one-line description."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One thing the current identity does, and the permissions that let it."""

    text: str
    actions: tuple[str, ...]
    # The identity whose permissions the step gains, or None when the step
    # itself makes the current identity admin-equivalent.
    gains: str | None = None

    def describe(self) -> str:
        return f"{self.text} ({', '.join(self.actions)})"


@dataclass(frozen=True)
class EscalationPath:
    """How ``start`` becomes admin-equivalent, one step after another."""

    start: str
    steps: tuple[Step, ...]
    # Set when the path ends by reaching an identity that is admin-equivalent already.
    admin: str | None = None

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for step in self.steps for a in step.actions))

    def describe(self) -> str:
        """Return the path in one line, such as
        ``role/ci -> assume role/deploy (sts:AssumeRole) -> ...``."""
        if len(self.steps) == 1 and self.admin is None:
            return f"{self.start} can {self.steps[0].describe()}"
        parts = [self.start, *(step.describe() for step in self.steps)]
        if self.admin is not None:
            parts.append(f"{self.admin} is admin-equivalent")
        return " -> ".join(parts)
