"""The rule index and the hits it produces."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.trail.detect.engine import Detector, principal_of

from .rule_samples import make_rule, record

STOP = make_rule({"sel": {"eventName": "StopLogging"}, "condition": "sel"}, "stop")
ANY_DENIED = make_rule({"sel": {"errorCode": "AccessDenied"}, "condition": "sel"}, "denied")
NEGATED = make_rule({"sel": {"eventName": "StopLogging"}, "condition": "not sel"}, "not-stop")


def test_index_limits_candidates() -> None:
    detector = Detector([STOP, ANY_DENIED, NEGATED])
    assert [rule.info.id for rule in detector.candidates("StopLogging")] == [
        "stop",
        "denied",
        "not-stop",
    ]
    assert [rule.info.id for rule in detector.candidates("ListBuckets")] == ["denied", "not-stop"]


def test_index_ignores_case() -> None:
    detector = Detector([STOP])
    assert detector.candidates("stoplogging") == (STOP,)


def test_scan_returns_hits() -> None:
    detector = Detector([STOP, ANY_DENIED])
    events = [
        record("StopLogging", event_id="a", errorCode="AccessDenied"),
        record("ListBuckets", event_id="b"),
    ]
    hits = detector.scan(events)
    assert [(hit.rule_id, hit.event_id) for hit in hits] == [("stop", "a"), ("denied", "a")]
    assert hits[0].principal == "arn:aws:iam::111122223333:user/alice"
    assert hits[0].source_ip == "203.0.113.7"
    assert hits[0].time == "2024-05-01T10:00:00Z"


def test_index_applies_modifiers() -> None:
    prefixed = make_rule(
        {"sel": {"eventName|startswith": "AddPermission"}, "condition": "sel"}, "prefix"
    )
    detector = Detector([prefixed])
    assert detector.candidates("AddPermission20150331v2") == (prefixed,)
    assert detector.candidates("RemovePermission20150331v2") == ()


def test_unhashable_event_name_tries_every_rule() -> None:
    detector = Detector([STOP])
    assert [hit.rule_id for hit in detector.scan([record(["StopLogging"])])] == ["stop"]


def test_missing_event_name_tries_unindexed_only() -> None:
    detector = Detector([STOP, ANY_DENIED])
    assert [hit.rule_id for hit in detector.scan([{"errorCode": "AccessDenied"}])] == ["denied"]


@pytest.mark.parametrize(
    ("identity", "expected"),
    [
        pytest.param(
            {"type": "IAMUser", "arn": "arn:aws:iam::1:user/a"}, "arn:aws:iam::1:user/a", id="arn"
        ),
        pytest.param(
            {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"},
            "ec2.amazonaws.com",
            id="service",
        ),
        pytest.param(
            {"type": "AWSAccount", "accountId": "123456789012"},
            "AWSAccount:123456789012",
            id="account",
        ),
        pytest.param(None, "unknown", id="missing"),
    ],
)
def test_principal_of(identity: Any, expected: str) -> None:
    assert principal_of({"userIdentity": identity}) == expected
