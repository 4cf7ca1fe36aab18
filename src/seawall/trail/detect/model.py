"""Compiled Sigma rules: single-event detection rules and correlation rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from seawall.findings.model import Severity
from seawall.trail.detect.condition import FieldTest, Predicate
from seawall.trail.detect.errors import RuleProblem
from seawall.trail.detect.prefilter import RequiredField

# Sigma levels map one to one onto seawall's severities.
LEVELS: dict[str, Severity] = {
    "informational": Severity.INFORMATIONAL,
    "low": Severity.LOW,
    "medium": Severity.MEDIUM,
    "high": Severity.HIGH,
    "critical": Severity.CRITICAL,
}


@dataclass(frozen=True)
class RuleTests:
    """Labelled events shipped with a rule under ``seawall_tests``."""

    match: tuple[dict[str, Any], ...]
    no_match: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class RuleInfo:
    """The descriptive attributes every Sigma rule has."""

    id: str
    title: str
    level: Severity
    path: str
    name: str | None = None
    status: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    falsepositives: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A detection rule compiled to one predicate over a record."""

    info: RuleInfo
    matches: Predicate
    # A test the eventName must pass for the rule to match, so the rule is tried
    # only on those events; None when the rule can match any eventName.
    event_filter: FieldTest | None
    tests: RuleTests | None = None
    # Set when a correlation lists this rule and does not ask for its own findings.
    silent: bool = False
    # The field that ``matches`` checks first, set only for rules without an eventName test.
    required: RequiredField | None = None


class CorrelationType(StrEnum):
    EVENT_COUNT = "event_count"
    VALUE_COUNT = "value_count"
    TEMPORAL = "temporal"


@dataclass(frozen=True)
class Correlation:
    """A Sigma correlation rule over the matches of other rules."""

    info: RuleInfo
    kind: CorrelationType
    rules: tuple[str, ...]
    group_by: tuple[str, ...]
    timespan_seconds: float
    operator: str
    threshold: int
    value_field: str | None = None
    generate: bool = False
    tests: RuleTests | None = None


@dataclass
class RuleSet:
    """Rules loaded from files, and the problems of the ones that could not load."""

    rules: list[Rule] = field(default_factory=list)
    correlations: list[Correlation] = field(default_factory=list)
    problems: list[RuleProblem] = field(default_factory=list)
    # Rules left out of this run, with the reason (another log source, no placeholder values).
    skipped: list[tuple[str, str]] = field(default_factory=list)
