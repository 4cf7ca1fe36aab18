"""Sigma value modifiers against single field values."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.trail.detect.errors import RuleError
from seawall.trail.detect.values import UnresolvedPlaceholder, compile_values


@pytest.mark.parametrize(
    ("modifiers", "rule_value", "field", "expected"),
    [
        pytest.param([], "StopLogging", "stoplogging", True, id="plain-ignores-case"),
        pytest.param(["cased"], "StopLogging", "stoplogging", False, id="cased-checks-case"),
        pytest.param([], "Stop*", "StopLogging", True, id="wildcard-star"),
        pytest.param([], "Stop?ogging", "StopLogging", True, id="wildcard-question"),
        pytest.param([], r"a\*b", "a*b", True, id="escaped-star-literal"),
        pytest.param([], r"a\*b", "axxb", False, id="escaped-star-not-wildcard"),
        pytest.param(["contains"], "admin", "xAdminx", True, id="contains"),
        pytest.param(["startswith"], "arn:aws:iam", "arn:aws:iam::1:root", True, id="startswith"),
        pytest.param(["endswith"], "/AdministratorAccess", "x/ReadOnly", False, id="endswith-miss"),
        pytest.param(["contains"], "a*c", "xxabcxx", True, id="contains-with-wildcard"),
        pytest.param([], ["A", "B"], "b", True, id="list-is-or"),
        pytest.param(["contains", "all"], ["a", "b"], "xaxbx", True, id="all-both"),
        pytest.param(["contains", "all"], ["a", "z"], "xaxbx", False, id="all-one-missing"),
        pytest.param([], False, False, True, id="bool-false"),
        pytest.param([], False, "false", True, id="bool-matches-text"),
        pytest.param([], True, False, False, id="bool-mismatch"),
        pytest.param([], 7, 7, True, id="number"),
        pytest.param([], None, None, True, id="null-absent"),
        pytest.param([], None, "x", False, id="null-present"),
        pytest.param(["exists"], True, "x", True, id="exists-true"),
        pytest.param(["exists"], False, None, True, id="exists-false"),
        pytest.param(["re"], r"^i-[0-9a-f]+$", "i-0abc", True, id="regex"),
        pytest.param(["re"], r"^ABC$", "abc", False, id="regex-cased"),
        pytest.param(["re", "i"], r"^ABC$", "abc", True, id="regex-ignorecase"),
        pytest.param(["cidr"], "10.0.0.0/8", "10.1.2.3", True, id="cidr-inside"),
        pytest.param(["cidr"], "10.0.0.0/8", "11.1.2.3", False, id="cidr-outside"),
        pytest.param(["cidr"], "10.0.0.0/8", "ec2.amazonaws.com", False, id="cidr-service-name"),
        pytest.param(["gte"], 10, 10, True, id="gte-equal"),
        pytest.param(["gt"], 10, "11", True, id="gt-numeric-text"),
        pytest.param(["lt"], 10, 10, False, id="lt-equal"),
        pytest.param(["lte"], 10, "x", False, id="lte-not-number"),
        pytest.param([], "b", ["a", "b"], True, id="list-field-any"),
        pytest.param([], "x", {"a": 1}, False, id="object-field"),
    ],
)
def test_value_modifiers(modifiers: list[str], rule_value: Any, field: Any, expected: bool) -> None:
    test = compile_values(modifiers, rule_value, {})
    assert test(field) is expected


@pytest.mark.parametrize(
    ("modifiers", "rule_value", "message"),
    [
        pytest.param(["containz"], "x", "unknown modifier 'containz'", id="unknown-modifier"),
        pytest.param(["cidr"], "10.0.0.0/40", "invalid CIDR", id="bad-cidr"),
        pytest.param(["re"], "(", "invalid regular expression", id="bad-regex"),
        pytest.param(["gt"], "ten", "need a number", id="comparison-not-number"),
        pytest.param(["exists"], "yes", "'exists' takes true or false", id="exists-not-bool"),
        pytest.param([], [], "empty value list", id="empty-list"),
        pytest.param(["expand"], "us-east-1", "needs a %placeholder%", id="expand-no-placeholder"),
    ],
)
def test_value_errors(modifiers: list[str], rule_value: Any, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        compile_values(modifiers, rule_value, {})


def test_expand_uses_placeholder_values() -> None:
    test = compile_values(["expand"], "%regions%", {"regions": ["eu-west-1", "us-east-1"]})
    assert test("us-east-1") is True
    assert test("ap-south-1") is False


def test_expand_without_values_raises() -> None:
    with pytest.raises(UnresolvedPlaceholder) as raised:
        compile_values(["expand"], "%regions%", {})
    assert raised.value.name == "regions"
