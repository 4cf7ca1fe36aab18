"""Match records against compiled rules, trying each record on few rules.

Most rules constrain eventName. The first record with a given eventName
runs every rule's eventName test once, and the rules that pass are cached
as the candidates for that name. Later records with that name are tried on
those candidates only: on the rules for their eventName plus the few rules
that can match any eventName.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from seawall.trail.detect.fields import FieldGetter, field_getter
from seawall.trail.detect.model import Correlation, Rule
from seawall.trail.detect.values import text_of


@dataclass(frozen=True, slots=True)
class CorrelationKey:
    """The group and counted values that one correlation reads from one matching event."""

    correlation_id: str
    group: tuple[str | None, ...]
    # The value_count field's values: several when the field contains a list.
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """One record that matched one rule, reduced to what findings need."""

    rule_id: str
    event_id: str
    event_name: str
    time: str
    principal: str
    source_ip: str
    correlations: tuple[CorrelationKey, ...] = ()


@dataclass(frozen=True)
class _CorrelationFields:
    correlation_id: str
    group: tuple[FieldGetter, ...]
    value: FieldGetter | None


class Detector:
    """The rules of one run, with the candidate rules cached per eventName."""

    def __init__(self, rules: Sequence[Rule], correlations: Sequence[Correlation] = ()) -> None:
        self._rules = tuple(rules)
        self._candidates: dict[Any, tuple[Rule, ...]] = {}
        self._fields: dict[str, list[_CorrelationFields]] = {}
        for correlation in correlations:
            fields = _CorrelationFields(
                correlation.info.id,
                tuple(field_getter(path) for path in correlation.group_by),
                field_getter(correlation.value_field) if correlation.value_field else None,
            )
            for rule_id in correlation.rules:
                self._fields.setdefault(rule_id, []).append(fields)

    def candidates(self, event_name: Any) -> tuple[Rule, ...]:
        """Return the rules a record with ``event_name`` must be tried on."""
        found = self._candidates.get(event_name)
        if found is None:
            found = tuple(
                rule
                for rule in self._rules
                if rule.event_filter is None or rule.event_filter(event_name)
            )
            self._candidates[event_name] = found
        return found

    def scan(self, records: Iterable[dict[str, Any]]) -> list[Hit]:
        """Return a hit for every (record, rule) pair that matches."""
        hits: list[Hit] = []
        candidates = self._candidates
        for record in records:
            event_name = record.get("eventName")
            try:
                rules = candidates[event_name]
            except KeyError:
                rules = self.candidates(event_name)
            except TypeError:
                # A malformed record with an unhashable eventName is tried on every rule.
                rules = self._rules
            for rule in rules:
                if rule.matches(record):
                    hits.append(self._hit(rule, record))
        return hits

    def _hit(self, rule: Rule, record: dict[str, Any]) -> Hit:
        keys = tuple(
            CorrelationKey(
                fields.correlation_id,
                tuple(text_of(get(record)) for get in fields.group),
                () if fields.value is None else _value_texts(fields.value(record)),
            )
            for fields in self._fields.get(rule.info.id, ())
        )
        return Hit(
            rule.info.id,
            str(record.get("eventID") or ""),
            str(record.get("eventName") or ""),
            str(record.get("eventTime") or ""),
            principal_of(record),
            str(record.get("sourceIPAddress") or ""),
            keys,
        )


def _value_texts(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(text for text in map(text_of, items) if text is not None)


def principal_of(record: dict[str, Any]) -> str:
    """Name the identity that made the call: its ARN where CloudTrail records one."""
    identity = record.get("userIdentity")
    if not isinstance(identity, dict):
        return "unknown"
    arn = identity.get("arn")
    if isinstance(arn, str) and arn:
        return arn
    if identity.get("type") == "AWSService":
        return str(identity.get("invokedBy") or "AWSService")
    for key in ("userName", "principalId", "accountId"):
        value = identity.get(key)
        if isinstance(value, str) and value:
            return f"{identity.get('type', 'unknown')}:{value}"
    return "unknown"
