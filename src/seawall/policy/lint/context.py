"""The state one lint run carries: the policy type, the catalog and the findings so far."""

from __future__ import annotations

import re

from seawall.policy.catalog import Catalog
from seawall.policy.lint.jsontree import LineIndex
from seawall.policy.lint.model import LintFinding, PolicyType, Rule

SUGGESTION_BUDGET = 20
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class LintContext:
    def __init__(self, text: str, policy_type: PolicyType, catalog: Catalog) -> None:
        self.text = text
        self.policy_type = policy_type
        self.catalog = catalog
        self.findings: list[LintFinding] = []
        self._lines: LineIndex | None = None
        # New "did you mean" lookups left for this document (each is a difflib scan).
        self.suggestion_budget = SUGGESTION_BUDGET
        # The policy's Version string, or None when it is missing or not a string.
        self.version: str | None = None

    def applies(self, rule: Rule) -> bool:
        return self.policy_type in rule.policy_types

    def report(self, rule: Rule, offset: int, path: str, message: str) -> None:
        """Record a finding at character ``offset``, unless ``rule`` skips this policy type."""
        if self.policy_type not in rule.policy_types:
            return
        if self._lines is None:
            # Built on the first finding only: most valid policies never need it.
            self._lines = LineIndex(self.text)
        line, column = self._lines.position(offset)
        self.findings.append(LintFinding(rule.code, rule.severity, message, line, column, path))


def child_path(path: str, key: str | int) -> str:
    """Extend a JSON path: ``Statement`` + 0 is ``Statement[0]``; odd keys are quoted."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not _PLAIN_KEY.fullmatch(key):
        quoted = key.replace("\\", "\\\\").replace('"', '\\"')
        return f'{path}["{quoted}"]'
    return f"{path}.{key}" if path else key
