"""Correlation windows: event_count, value_count and temporal."""

from __future__ import annotations

import pytest

from seawall.findings.model import Severity
from seawall.trail.detect.correlate import correlate
from seawall.trail.detect.engine import Detector
from seawall.trail.detect.model import Correlation, CorrelationType, RuleInfo

from .rule_samples import make_rule, record

READ = make_rule({"sel": {"eventName": "GetSecretValue"}, "condition": "sel"}, "read")
LIST = make_rule({"sel": {"eventName": "ListSecrets"}, "condition": "sel"}, "list")


def correlation(
    kind: CorrelationType,
    threshold: int,
    rules: tuple[str, ...] = ("read",),
    operator: str = "gte",
    value_field: str | None = None,
) -> Correlation:
    info = RuleInfo(id="corr", title="Correlated", level=Severity.HIGH, path="test.yml")
    return Correlation(
        info, kind, rules, ("userIdentity.arn",), 600.0, operator, threshold, value_field
    )


def reads(
    minutes: list[int], secret: str | None = None, name: str = "GetSecretValue"
) -> list[dict[str, object]]:
    return [
        record(
            name,
            event_id=f"{name}-{index}",
            time=f"2024-05-01T10:{minute:02d}:00Z",
            requestParameters={"secretId": secret or f"s{index}"},
        )
        for index, minute in enumerate(minutes)
    ]


def run(corr: Correlation, events: list[dict[str, object]]) -> list[tuple[str, ...]]:
    hits = Detector([READ, LIST], [corr]).scan(events)
    return [finding.event_ids for finding in correlate(corr, hits)]


def test_event_count_fires_in_window() -> None:
    corr = correlation(CorrelationType.EVENT_COUNT, 3)
    assert run(corr, reads([0, 4, 9])) == [
        ("GetSecretValue-0", "GetSecretValue-1", "GetSecretValue-2")
    ]


def test_event_count_quiet_when_spread() -> None:
    corr = correlation(CorrelationType.EVENT_COUNT, 3)
    assert run(corr, reads([0, 11, 22])) == []


def test_event_count_separate_bursts() -> None:
    corr = correlation(CorrelationType.EVENT_COUNT, 2)
    assert run(corr, reads([0, 1, 30, 31])) == [
        ("GetSecretValue-0", "GetSecretValue-1"),
        ("GetSecretValue-2", "GetSecretValue-3"),
    ]


def test_value_count_counts_distinct() -> None:
    corr = correlation(CorrelationType.VALUE_COUNT, 3, value_field="requestParameters.secretId")
    assert run(corr, reads([0, 1, 2], secret="same")) == []
    assert len(run(corr, reads([0, 1, 2]))) == 1


def test_value_count_list_field_counts_each() -> None:
    corr = correlation(CorrelationType.VALUE_COUNT, 3, value_field="requestParameters.names")
    event = record(
        "GetSecretValue",
        requestParameters={"names": ["a", "b", "c"]},
    )
    assert run(corr, [event]) == [("e1",)]


def test_groups_by_identity() -> None:
    corr = correlation(CorrelationType.EVENT_COUNT, 2)
    events = [
        record("GetSecretValue", event_id="a", arn="arn:aws:iam::1:user/a"),
        record("GetSecretValue", event_id="b", arn="arn:aws:iam::1:user/b"),
    ]
    assert run(corr, events) == []


def test_temporal_needs_every_rule() -> None:
    corr = correlation(CorrelationType.TEMPORAL, 2, rules=("read", "list"))
    assert run(corr, reads([0, 1])) == []
    both = reads([0]) + reads([3], name="ListSecrets")
    assert run(corr, both) == [("GetSecretValue-0", "ListSecrets-0")]


def test_reason_names_measure_and_group() -> None:
    corr = correlation(CorrelationType.VALUE_COUNT, 2, value_field="requestParameters.secretId")
    hits = Detector([READ], [corr]).scan(reads([0, 1]))
    (finding,) = correlate(corr, hits)
    assert finding.reason == (
        "distinct requestParameters.secretId values reached 2 within 10m (gte 2) "
        "for userIdentity.arn=arn:aws:iam::111122223333:user/alice"
    )
    assert finding.first_seen == "2024-05-01T10:00:00Z"
    assert finding.last_seen == "2024-05-01T10:01:00Z"
    assert finding.source_ip == "203.0.113.7"


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        pytest.param("gt", 0, id="gt-equal-quiet"),
        pytest.param("eq", 1, id="eq"),
        pytest.param("lte", 1, id="lte"),
    ],
)
def test_operators(operator: str, expected: int) -> None:
    corr = correlation(CorrelationType.EVENT_COUNT, 2, operator=operator)
    assert len(run(corr, reads([0, 1]))) == expected
