"""CloudWatch Logs filter patterns: parsing, errors and matching."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.checks._alarm_families import FAMILIES, AlarmFamily, SampleEvent
from seawall.checks._logs_filter import (
    AllOf,
    AnyOf,
    Compare,
    FilterPatternError,
    Predicate,
    Terms,
    UnsupportedFilterPatternError,
    parse_filter_pattern,
)

EVENT: dict[str, Any] = {
    "eventName": "ConsoleLogin",
    "eventSource": "signin.amazonaws.com",
    "errorCode": "Client.UnauthorizedOperation",
    "sourceIPAddress": "203.0.113.10",
    "latency": 250,
    "ratio": 0.5,
    "enabled": True,
    "disabled": False,
    "nothing": None,
    "userIdentity": {"type": "Root", "sessionContext": {"attributes": {"mfa": "true"}}},
    "resources": [{"ARN": "arn:aws:s3:::first"}, {"ARN": "arn:aws:s3:::second"}],
    "tags": ["red", "blue"],
    "additionalEventData": {"MFAUsed": "No"},
}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param('{ $.eventName = "ConsoleLogin" }', True, id="quoted-equal"),
        pytest.param("{ $.eventName = ConsoleLogin }", True, id="bare-equal"),
        pytest.param("{$.eventName=ConsoleLogin}", True, id="no-spaces"),
        pytest.param('{ $.eventName = "consolelogin" }', False, id="case-sensitive"),
        pytest.param('{ $.eventName != "ConsoleLogin" }', False, id="not-equal-false"),
        pytest.param('{ $.eventName != "GetObject" }', True, id="not-equal-true"),
        pytest.param('{ $.errorCode = "*UnauthorizedOperation" }', True, id="leading-wildcard"),
        pytest.param('{ $.errorCode = "Client.*" }', True, id="trailing-wildcard"),
        pytest.param("{ $.errorCode = Client*Operation }", True, id="inner-wildcard"),
        pytest.param('{ $.errorCode = "AccessDenied*" }', False, id="wildcard-no-match"),
        pytest.param("{ $.sourceIPAddress != 203.0.* }", False, id="ip-wildcard"),
        pytest.param("{ $.errorCode = * }", True, id="wildcard-only"),
        pytest.param("{ $.missing = * }", False, id="wildcard-missing"),
        pytest.param("{ $.eventName = %Console.*% }", True, id="regex-value"),
        pytest.param("{ $.eventName = %^Login% }", False, id="regex-anchored"),
        pytest.param("{ $.latency > 200 }", True, id="greater"),
        pytest.param("{ $.latency < 200 }", False, id="less"),
        pytest.param("{ $.latency >= 250 }", True, id="greater-equal"),
        pytest.param("{ $.latency <= 249 }", False, id="less-equal"),
        pytest.param("{ $.latency = 250 }", True, id="number-equal"),
        pytest.param("{ $.latency != 250 }", False, id="number-not-equal"),
        pytest.param("{ $.ratio = 0.5 }", True, id="decimal"),
        pytest.param("{ $.eventName > 1 }", False, id="number-against-string"),
        pytest.param("{ $.enabled IS TRUE }", True, id="is-true"),
        pytest.param("{ $.disabled IS FALSE }", True, id="is-false"),
        pytest.param("{ $.disabled IS TRUE }", False, id="false-is-not-true"),
        pytest.param('{ $.enabled = "true" }', True, id="boolean-as-text"),
        pytest.param("{ $.nothing IS NULL }", True, id="is-null"),
        pytest.param("{ $.eventName IS NULL }", False, id="value-is-not-null"),
        pytest.param("{ $.missing IS NULL }", False, id="missing-is-not-null"),
        pytest.param("{ $.missing NOT EXISTS }", True, id="not-exists"),
        pytest.param("{ $.nothing NOT EXISTS }", False, id="null-exists"),
        pytest.param('{ $.missing != "x" }', False, id="not-equal-on-missing"),
        pytest.param('{ $.nothing != "x" }', False, id="not-equal-on-null"),
        pytest.param('{ $.userIdentity != "x" }', False, id="not-equal-on-object"),
        pytest.param('{ $.userIdentity.type = "Root" }', True, id="nested"),
        pytest.param('{ $.userIdentity.sessionContext.attributes.mfa = "true" }', True, id="deep"),
        pytest.param('{ $.resources[1].ARN = "arn:aws:s3:::second" }', True, id="array-index"),
        pytest.param('{ $.resources[2].ARN = "*" }', False, id="index-out-of-range"),
        pytest.param('{ $.tags[0] = "red" }', True, id="array-of-strings"),
        pytest.param('{ $.eventName[0] = "C" }', False, id="index-into-string"),
        pytest.param(
            '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
            True,
            id="and-parenthesized",
        ),
        pytest.param('{ $.eventName = "ConsoleLogin" && $.latency > 300 }', False, id="and-false"),
        pytest.param('{ $.eventName = "x" || $.latency > 200 }', True, id="or-true"),
        pytest.param('{ $.eventName = "x" || $.latency > 300 }', False, id="or-false"),
        pytest.param(
            '{ $.eventName = "x" || $.latency > 200 && $.eventSource = "y" }',
            False,
            id="and-binds-tighter",
        ),
        pytest.param(
            '{ ($.eventName = "x" || $.latency > 200) && $.eventSource = "y" }',
            False,
            id="parentheses-group",
        ),
        pytest.param(
            '{ $.eventName = "ConsoleLogin" || $.latency > 300 && $.eventSource = "y" }',
            True,
            id="or-of-and",
        ),
        pytest.param('{ ((($.eventName = "ConsoleLogin"))) }', True, id="nested-parentheses"),
        pytest.param("ConsoleLogin", True, id="term"),
        pytest.param("ConsoleLogin GetObject", False, id="terms-all-required"),
        pytest.param("?GetObject ?ConsoleLogin", True, id="terms-any"),
        pytest.param("ConsoleLogin -Root", False, id="term-excluded"),
        pytest.param('"signin.amazonaws.com"', True, id="quoted-term"),
        pytest.param('"console login"', False, id="quoted-phrase-absent"),
        pytest.param("%Unauthorized[A-Z]%", True, id="regex-pattern"),
        pytest.param("", True, id="empty-matches-all"),
    ],
)
def test_pattern_matches_event(pattern: str, expected: bool) -> None:
    assert parse_filter_pattern(pattern).matches(EVENT) is expected


@pytest.mark.parametrize(
    ("pattern", "root"),
    [
        pytest.param("{ $.a = 1 }", Compare(("a",), "=", 1.0, "number"), id="number"),
        pytest.param(
            '{ $.a.b[0] != "x y" }',
            Compare(
                (
                    "a",
                    "b",
                    0,
                ),
                "!=",
                "x y",
                "string",
            ),
            id="path",
        ),
        pytest.param(
            "{ $.a NOT EXISTS || $.b IS NULL && $.c IS TRUE }",
            AnyOf(
                (
                    Predicate(("a",), "not_exists"),
                    AllOf((Predicate(("b",), "null"), Predicate(("c",), "true"))),
                )
            ),
            id="precedence",
        ),
        pytest.param(
            '?ERROR -"debug mode" WARN', Terms(("WARN",), ("ERROR",), ("debug mode",)), id="terms"
        ),
    ],
)
def test_parse_builds_tree(pattern: str, root: object) -> None:
    assert parse_filter_pattern(pattern).root == root


@pytest.mark.parametrize(
    ("pattern", "message", "column"),
    [
        pytest.param(
            "{ $.a = }",
            "invalid filter pattern: expected a value after the operator, found '}'",
            9,
            id="missing-value",
        ),
        pytest.param(
            "{ $.a == 1 }",
            "invalid filter pattern: expected a value after the operator, found '= 1 }'",
            8,
            id="double-equals",
        ),
        pytest.param(
            "{ ($.a = 1 }",
            "invalid filter pattern: expected ')', found '}'",
            12,
            id="unclosed-parenthesis",
        ),
        pytest.param(
            "{ $.a = 1",
            "invalid filter pattern: expected '}', found the end of the pattern",
            10,
            id="unclosed-brace",
        ),
        pytest.param(
            "{ $.a > x }",
            "invalid filter pattern: operator '>' compares numbers only, found 'x }'",
            9,
            id="ordering-on-text",
        ),
        pytest.param(
            "{ a = 1 }",
            "invalid filter pattern: expected a property selector starting with '$.', "
            "found 'a = 1 }'",
            3,
            id="no-selector",
        ),
        pytest.param(
            "{ $ = 1 }",
            "invalid filter pattern: a property selector needs a property after '$', "
            "as in '$.eventName', found '$ = 1 }'",
            3,
            id="bare-dollar",
        ),
        pytest.param(
            "{ $.a 1 }",
            "invalid filter pattern: expected a comparison operator (=, !=, <, >, <=, >=) "
            "or IS NULL, NOT EXISTS, IS TRUE, IS FALSE, found '1 }'",
            7,
            id="no-operator",
        ),
        pytest.param(
            "{ $.a = 1 } extra",
            "invalid filter pattern: unexpected text after the closing '}', found 'extra'",
            13,
            id="trailing-text",
        ),
        pytest.param(
            '{ $.a = "x }',
            "invalid filter pattern: unterminated quoted value, found '\"x }'",
            9,
            id="unterminated-quote",
        ),
        pytest.param(
            "{ $.a = %x }",
            "invalid filter pattern: unterminated regular expression value; close it with '%', "
            "found '%x }'",
            9,
            id="unterminated-regex",
        ),
        pytest.param(
            "{ $.a = %[% }",
            "invalid regular expression %[%: unterminated character set at position 0",
            9,
            id="invalid-regex",
        ),
        pytest.param(
            "{ $.a = 1 && }",
            "invalid filter pattern: expected a property selector starting with '$.', found '}'",
            14,
            id="dangling-and",
        ),
        pytest.param('"abc', "unterminated quoted term", 1, id="unterminated-term"),
    ],
)
def test_invalid_pattern_rejected(pattern: str, message: str, column: int) -> None:
    with pytest.raises(FilterPatternError) as raised:
        parse_filter_pattern(pattern)
    assert raised.value.message == message
    assert raised.value.column == column
    assert not isinstance(raised.value, UnsupportedFilterPatternError)


def test_space_delimited_unsupported() -> None:
    with pytest.raises(UnsupportedFilterPatternError) as raised:
        parse_filter_pattern("[ip, user, status=404]")
    assert raised.value.message.startswith("space-delimited filter patterns")
    assert raised.value.column == 1


def _family_cases() -> list[Any]:
    return [
        pytest.param(family, sample, expected, id=f"{family.key}:{sample.label}")
        for family in FAMILIES
        for samples, expected in ((family.must_match, True), (family.must_not_match, False))
        for sample in samples
    ]


@pytest.mark.parametrize(("family", "sample", "expected"), _family_cases())
def test_cis_pattern_matches_family_samples(
    family: AlarmFamily, sample: SampleEvent, expected: bool
) -> None:
    assert parse_filter_pattern(family.pattern).matches(sample.event) is expected


@pytest.mark.parametrize(
    ("family_key", "pattern"),
    [
        pytest.param(
            "unauthorized_api_calls",
            '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
            id="cis-1.2-unauthorized",
        ),
        pytest.param(
            "console_login_without_mfa",
            '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") '
            '&& ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = '
            '"Success") }',
            id="cis-1.4-console-mfa",
        ),
        pytest.param(
            "cloudtrail_changes",
            "{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = StopLogging) || "
            "($.eventName = StartLogging) || ($.eventName = DeleteTrail) || "
            "($.eventName = UpdateTrail) || ($.eventName = CreateTrail)) }",
            id="reordered-with-source",
        ),
        pytest.param(
            "kms_key_disable_or_deletion",
            "{ $.eventName = DisableKey || $.eventName = ScheduleKeyDeletion }",
            id="kms-without-source",
        ),
    ],
)
def test_equivalent_patterns_fit_family(family_key: str, pattern: str) -> None:
    family = next(f for f in FAMILIES if f.key == family_key)
    parsed = parse_filter_pattern(pattern)
    assert all(parsed.matches(s.event) for s in family.must_match)
    assert not any(parsed.matches(s.event) for s in family.must_not_match)
