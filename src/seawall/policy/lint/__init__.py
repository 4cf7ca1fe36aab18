"""Offline IAM policy validation in the manner of IAM Access Analyzer's validate-policy.

``lint_text`` and ``lint_bytes`` return findings with a stable code, one of the four
Access Analyzer severities, a message, a line and column, and a JSON path. ``RULES``
lists every check; docs/policy-lint.md documents each code.
"""

from seawall.policy.lint.linter import lint_bytes, lint_text
from seawall.policy.lint.model import LintFinding, PolicyType, Rule, Severity
from seawall.policy.lint.registry import RULES

__all__ = ["RULES", "LintFinding", "PolicyType", "Rule", "Severity", "lint_bytes", "lint_text"]
