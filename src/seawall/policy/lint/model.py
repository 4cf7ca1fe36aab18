"""Value types of policy lint: severities, policy types, rules and findings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """The four finding types of IAM Access Analyzer policy validation, most severe first."""

    ERROR = "error"
    SECURITY_WARNING = "security_warning"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        """Order for sorting and --fail-on: 3 for error down to 0 for suggestion."""
        return _RANKS[self]


_RANKS = {
    Severity.ERROR: 3,
    Severity.SECURITY_WARNING: 2,
    Severity.WARNING: 1,
    Severity.SUGGESTION: 0,
}


class PolicyType(StrEnum):
    """Where a policy is attached, which decides the elements and limits that apply."""

    IDENTITY = "identity"
    RESOURCE = "resource"
    SCP = "scp"
    RCP = "rcp"
    TRUST = "trust"
    BOUNDARY = "boundary"


ALL_TYPES = frozenset(PolicyType)
# Policies attached to a principal or capping one: they name no Principal.
PRINCIPAL_LESS = frozenset({PolicyType.IDENTITY, PolicyType.SCP, PolicyType.BOUNDARY})
# Policies attached to a resource (a role's trust policy is the role's resource policy).
RESOURCE_BASED = frozenset({PolicyType.RESOURCE, PolicyType.TRUST, PolicyType.RCP})


@dataclass(frozen=True, slots=True)
class Rule:
    """A lint check's stable code, its severity and a one-line summary for docs and SARIF."""

    code: str
    severity: Severity
    summary: str
    policy_types: frozenset[PolicyType]


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One problem: ``path`` is the JSON path of the element, such as ``Statement[0].Action[2]``.

    ``line`` and ``column`` are 1-based and point at the element's key or value.
    """

    code: str
    severity: Severity
    message: str
    line: int
    column: int
    path: str
