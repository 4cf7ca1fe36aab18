"""The required field derived from a rule, and the guard that checks it first."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.trail.detect.condition import parse_condition
from seawall.trail.detect.loader import BUILTIN_RULES, load_rules
from seawall.trail.detect.prefilter import RequiredField, guard, required_field

from .rule_samples import make_rule, record


def derive(detection: dict[str, Any]) -> RequiredField | None:
    names = [name for name in detection if name != "condition"]
    return required_field(parse_condition(detection["condition"], names), detection)


@pytest.mark.parametrize(
    ("detection", "expected"),
    [
        pytest.param(
            {"sel": {"errorCode": "AccessDenied"}, "condition": "sel"},
            RequiredField("errorCode", frozenset({"accessdenied"})),
            id="equality-gives-values",
        ),
        pytest.param(
            {"sel": {"errorCode": ["A", "b\\*"]}, "condition": "sel"},
            RequiredField("errorCode", frozenset({"a", "b*"})),
            id="value-list-unescaped",
        ),
        pytest.param(
            {"sel": {"errorCode|startswith": "Access"}, "condition": "sel"},
            RequiredField("errorCode"),
            id="modifier-gives-presence",
        ),
        pytest.param(
            {"sel": {"errorCode": "Access*"}, "condition": "sel"},
            RequiredField("errorCode"),
            id="wildcard-gives-presence",
        ),
        pytest.param(
            {"sel": {"errorCode": "x", "awsRegion|contains": "eu"}, "condition": "sel"},
            RequiredField("errorCode", frozenset({"x"})),
            id="values-preferred",
        ),
        pytest.param(
            {"a": {"errorCode": "x"}, "b": {"awsRegion": "eu-west-1"}, "condition": "a or b"},
            None,
            id="or-over-fields",
        ),
        pytest.param(
            {"a": {"errorCode": "x"}, "b": {"errorCode": "y"}, "condition": "a or b"},
            RequiredField("errorCode", frozenset({"x", "y"})),
            id="or-same-field-unions",
        ),
        pytest.param(
            {"a": {"errorCode": "x"}, "b": {"errorCode|endswith": "y"}, "condition": "a or b"},
            RequiredField("errorCode"),
            id="or-mixed-gives-presence",
        ),
        pytest.param({"a": {"errorCode": "x"}, "condition": "not a"}, None, id="not"),
        pytest.param(
            {"a": {"errorCode": "x"}, "f": {"awsRegion": "y"}, "condition": "a and not f"},
            RequiredField("errorCode", frozenset({"x"})),
            id="and-not-keeps-positive",
        ),
        pytest.param(
            {"s_a": {"errorCode": "x"}, "s_b": {"awsRegion": "y"}, "condition": "1 of s_*"},
            None,
            id="one-of-different-fields",
        ),
        pytest.param(
            {"s_a": {"errorCode": "x"}, "s_b": {"errorCode": "y"}, "condition": "1 of s_*"},
            RequiredField("errorCode", frozenset({"x", "y"})),
            id="one-of-every-selection-requires",
        ),
        pytest.param(
            {"s_a": {"errorCode": "x"}, "s_b": {"awsRegion": "y"}, "condition": "all of s_*"},
            RequiredField("awsRegion", frozenset({"y"})),
            id="all-of-takes-any",
        ),
        pytest.param(
            {"sel": [{"errorCode": "x"}, {"awsRegion": "y"}], "condition": "sel"},
            None,
            id="list-of-maps-different-fields",
        ),
        pytest.param(
            {"sel": [{"errorCode": "x"}, {"errorCode": "y"}], "condition": "sel"},
            RequiredField("errorCode", frozenset({"x", "y"})),
            id="list-of-maps-same-field",
        ),
        pytest.param({"sel": {"errorCode": None}, "condition": "sel"}, None, id="null-value"),
        pytest.param(
            {"sel": {"errorCode": ["x", None]}, "condition": "sel"}, None, id="null-in-list"
        ),
        pytest.param(
            {"sel": {"errorCode|exists": False}, "condition": "sel"}, None, id="exists-false"
        ),
        pytest.param(
            {"sel": {"errorCode|exists": True}, "condition": "sel"},
            RequiredField("errorCode"),
            id="exists-true",
        ),
        pytest.param(
            {"sel": {"errorCode|fieldref": "awsRegion"}, "condition": "sel"},
            None,
            id="fieldref",
        ),
        pytest.param(
            {"sel": {"eventName": "StopLogging"}, "condition": "sel"}, None, id="event-name-indexed"
        ),
        pytest.param(
            {"sel": {"userIdentity.type": "Root"}, "condition": "sel"},
            RequiredField("userIdentity.type", frozenset({"root"})),
            id="nested-path",
        ),
        pytest.param(
            {"sel": {"errorCode": 5}, "condition": "sel"},
            RequiredField("errorCode", frozenset({"5"})),
            id="number-as-text",
        ),
    ],
)
def test_required_field_derivation(
    detection: dict[str, Any], expected: RequiredField | None
) -> None:
    assert derive(detection) == expected


def test_rule_with_event_name_gets_no_guard() -> None:
    rule = make_rule({"sel": {"eventName": "StopLogging", "errorCode": "x"}, "condition": "sel"})
    assert rule.required is None


def test_builtin_any_event_rules_get_guards() -> None:
    rule_set = load_rules([BUILTIN_RULES], {"allowed_regions": ["us-east-1"]})
    required = {rule.info.title: rule.required for rule in rule_set.rules if rule.required}
    assert sorted(field.path for field in required.values()) == ["errorCode", "userIdentity.type"]


ROOT = make_rule({"sel": {"userIdentity.type": "Root"}, "condition": "sel"}, "root")
DENIED = make_rule({"sel": {"errorCode|startswith": "Access"}, "condition": "sel"}, "denied")
EQUAL = make_rule({"sel": {"errorCode": ["AccessDenied", 5]}, "condition": "sel"}, "equal")


@pytest.mark.parametrize(
    ("rule", "fields", "expected"),
    [
        pytest.param(ROOT, {"userIdentity": {"type": "Root"}}, True, id="root"),
        pytest.param(ROOT, {"userIdentity": {"type": "ROOT"}}, True, id="root-any-case"),
        pytest.param(ROOT, {"userIdentity": {"type": "IAMUser"}}, False, id="other-type"),
        pytest.param(ROOT, {"userIdentity": {}}, False, id="no-type"),
        pytest.param(ROOT, {"userIdentity": None}, False, id="null-identity"),
        pytest.param(ROOT, {"userIdentity": "Root"}, False, id="identity-is-text"),
        pytest.param(ROOT, {"userIdentity": [{"type": "Root"}]}, True, id="identity-list"),
        pytest.param(DENIED, {"errorCode": "AccessDenied"}, True, id="denied"),
        pytest.param(DENIED, {"errorCode": "Throttling"}, False, id="other-error"),
        pytest.param(DENIED, {}, False, id="no-error"),
        pytest.param(EQUAL, {"errorCode": "accessdenied"}, True, id="equal-any-case"),
        pytest.param(EQUAL, {"errorCode": 5}, True, id="equal-number"),
        pytest.param(EQUAL, {"errorCode": "5"}, True, id="equal-number-text"),
        pytest.param(EQUAL, {"errorCode": ["x", "AccessDenied"]}, True, id="equal-in-list"),
        pytest.param(EQUAL, {"errorCode": "Throttling"}, False, id="equal-other"),
    ],
)
def test_guarded_rule_matches(rule: Any, fields: dict[str, Any], expected: bool) -> None:
    event = record(**fields)
    assert rule.required is not None
    assert rule.matches(event) is expected


def test_guard_rejects_before_predicate() -> None:
    calls: list[dict[str, Any]] = []

    def predicate(event: dict[str, Any]) -> bool:
        calls.append(event)
        return True

    guarded = guard(RequiredField("errorCode", frozenset({"x"})), predicate)
    assert guarded({"errorCode": "y"}) is False
    assert guarded({}) is False
    assert calls == []
    assert guarded({"errorCode": "X"}) is True
    assert len(calls) == 1


def test_guard_deep_path_keeps_predicate() -> None:
    def predicate(_event: dict[str, Any]) -> bool:
        return True

    assert guard(RequiredField("a.b.c"), predicate) is predicate
