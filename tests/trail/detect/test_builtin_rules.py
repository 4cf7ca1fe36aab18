"""Every shipped rule: metadata, lint, and its labelled test events."""

from __future__ import annotations

import uuid

import pytest

from seawall.trail.detect.correlate import correlate
from seawall.trail.detect.engine import Detector
from seawall.trail.detect.lint import lint_rules
from seawall.trail.detect.loader import BUILTIN_RULES, load_rules
from seawall.trail.detect.model import Correlation, Rule

# The unusual-region rule's test events are written for these allowed regions.
PLACEHOLDERS = {"allowed_regions": ["us-east-1", "eu-west-1"]}
RULE_SET = load_rules([BUILTIN_RULES], PLACEHOLDERS)
RULES = {rule.info.id: rule for rule in RULE_SET.rules}
CORRELATIONS = {correlation.info.id: correlation for correlation in RULE_SET.correlations}


def test_builtin_rules_load_cleanly() -> None:
    assert RULE_SET.problems == []
    assert RULE_SET.skipped == []
    assert len(RULES) >= 28
    assert len(CORRELATIONS) == 2


def test_builtin_rules_lint_cleanly() -> None:
    assert lint_rules([BUILTIN_RULES]) == []


def test_builtin_rule_ids_unique() -> None:
    ids = [rule.info.id for rule in RULE_SET.rules] + list(CORRELATIONS)
    assert len(ids) == len(set(ids))
    for rule_id in ids:
        assert str(uuid.UUID(rule_id)) == rule_id


@pytest.mark.parametrize("rule", [*RULES.values(), *CORRELATIONS.values()], ids=lambda r: r.info.id)
def test_builtin_rule_metadata(rule: Rule | Correlation) -> None:
    assert rule.info.description
    assert any(tag.startswith("attack.t") for tag in rule.info.tags)
    assert rule.tests is not None
    assert len(rule.tests.match) >= 1
    assert len(rule.tests.no_match) >= 1


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.info.id)
def test_builtin_rule_labelled_events(rule: Rule) -> None:
    assert rule.tests is not None
    detector = Detector([rule])
    for event in rule.tests.match:
        assert rule.matches(event) is True, event
        assert len(detector.scan([event])) == 1, event
    for event in rule.tests.no_match:
        assert rule.matches(event) is False, event
        assert detector.scan([event]) == [], event


@pytest.mark.parametrize("correlation", list(CORRELATIONS.values()), ids=lambda c: c.info.id)
def test_builtin_correlation_labelled_events(correlation: Correlation) -> None:
    assert correlation.tests is not None
    detector = Detector([RULES[rule_id] for rule_id in correlation.rules], [correlation])
    assert len(correlate(correlation, detector.scan(correlation.tests.match))) == 1
    assert correlate(correlation, detector.scan(correlation.tests.no_match)) == []
