"""Load Sigma rule YAML files (one or more documents each) into compiled rules.

Every problem is collected with its file and rule instead of stopping at the
first. Rules for another log source than ``product: aws, service:
cloudtrail`` are skipped, as are rules whose ``%placeholder%`` this run
gives no values for.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from seawall.trail.detect.condition import compile_condition, field_filter, parse_condition
from seawall.trail.detect.errors import RuleError, RuleProblem
from seawall.trail.detect.model import (
    LEVELS,
    Correlation,
    CorrelationType,
    Rule,
    RuleInfo,
    RuleSet,
    RuleTests,
)
from seawall.trail.detect.prefilter import guard, required_field
from seawall.trail.detect.selection import compile_selection
from seawall.trail.detect.values import UnresolvedPlaceholder

log = logging.getLogger(__name__)

RULE_SUFFIXES = (".yml", ".yaml")
BUILTIN_RULES = Path(__file__).resolve().parent.parent / "rules"
_TIMESPAN = re.compile(r"^(\d+)([smhdw])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_OPERATORS = ("gt", "gte", "lt", "lte", "eq")

Placeholders = Mapping[str, Sequence[str]]


class AnyPlaceholders(Mapping[str, Sequence[str]]):
    """Placeholder values that fill every ``%name%`` with one dummy value.

    Lint and listing use it, so that rules with placeholders are compiled and
    checked too.
    """

    def __getitem__(self, name: str) -> Sequence[str]:
        return ("placeholder",)

    def __contains__(self, name: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Return the rule files under ``paths`` (files or folders, walked recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise RuleError(f"rules path '{path}' does not exist; pass a rule file or folder")
    return sorted(found)


def load_rules(paths: Iterable[Path], placeholders: Placeholders | None = None) -> RuleSet:
    """Load and compile every rule under ``paths``, then resolve the correlations."""
    rule_set = RuleSet()
    for path in rule_files(paths):
        for document in _documents(path, rule_set):
            _add_document(
                document, str(path), {} if placeholders is None else placeholders, rule_set
            )
    _resolve_correlations(rule_set)
    return rule_set


def _documents(path: Path, rule_set: RuleSet) -> list[dict[str, Any]]:
    try:
        documents = list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=_Loader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        rule_set.problems.append(RuleProblem(str(path), "-", f"cannot read YAML: {error}"))
        return []
    kept = []
    for document in documents:
        if document is None:
            continue
        if not isinstance(document, dict):
            rule_set.problems.append(RuleProblem(str(path), "-", "a rule must be a YAML map"))
            continue
        kept.append(document)
    return kept


# libyaml's loader when PyYAML was built with it, because it parses faster than pure Python.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _add_document(
    document: dict[str, Any], path: str, placeholders: Placeholders, rule_set: RuleSet
) -> None:
    label = str(document.get("id") or document.get("title") or "-")
    try:
        if "correlation" in document:
            rule_set.correlations.append(compile_correlation(document, path))
            return
        rule_info(document, path)
        if not isinstance(document.get("logsource"), dict):
            raise RuleError(
                "missing 'logsource'; CloudTrail rules have product: aws, service: cloudtrail"
            )
        if not _is_cloudtrail(document.get("logsource")):
            rule_set.skipped.append((label, "logsource is not product: aws, service: cloudtrail"))
            return
        rule_set.rules.append(compile_rule(document, path, placeholders))
    except UnresolvedPlaceholder as error:
        rule_set.skipped.append((label, str(error)))
    except RuleError as error:
        rule_set.problems.append(RuleProblem(path, label, str(error)))


def _is_cloudtrail(logsource: Any) -> bool:
    if not isinstance(logsource, dict):
        return False
    return logsource.get("product") == "aws" and logsource.get("service") == "cloudtrail"


def compile_rule(document: dict[str, Any], path: str, placeholders: Placeholders) -> Rule:
    """Compile one detection rule document."""
    info = rule_info(document, path)
    detection = document.get("detection")
    if not isinstance(detection, dict) or "condition" not in detection:
        raise RuleError("'detection' must be a map with named selections and a 'condition'")
    condition_text = detection["condition"]
    if isinstance(condition_text, list) and len(condition_text) == 1:
        condition_text = condition_text[0]
    if not isinstance(condition_text, str):
        raise RuleError("'condition' must be one expression string")
    names = [str(name) for name in detection if name not in {"condition", "timeframe"}]
    predicates = {}
    name_tests = {}
    for name in names:
        predicates[name], name_tests[name] = compile_selection(name, detection[name], placeholders)
    tree = parse_condition(condition_text, names)
    matches = compile_condition(tree, predicates)
    event_filter = field_filter(tree, name_tests)
    # Rules with an eventName test already run on few records, so only the rest get a guard.
    required = required_field(tree, detection) if event_filter is None else None
    if required is not None:
        matches = guard(required, matches)
    return Rule(
        info,
        matches,
        event_filter,
        _rule_tests(document.get("seawall_tests")),
        required=required,
    )


def rule_info(document: dict[str, Any], path: str) -> RuleInfo:
    """Read the descriptive attributes; ``title`` and ``id`` (or ``name``) are required."""
    title = document.get("title")
    if not isinstance(title, str) or not title.strip():
        raise RuleError("missing 'title'")
    rule_id = document.get("id") or document.get("name")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError("missing 'id' (or 'name'); give the rule a stable id")
    level = str(document.get("level", "medium")).lower()
    if level not in LEVELS:
        raise RuleError(f"invalid level '{level}'; use one of {', '.join(LEVELS)}")
    return RuleInfo(
        id=rule_id,
        title=title.strip(),
        level=LEVELS[level],
        path=path,
        name=document.get("name") if isinstance(document.get("name"), str) else None,
        status=str(document.get("status", "")),
        description=str(document.get("description", "")).strip(),
        tags=_strings(document.get("tags"), "tags"),
        falsepositives=_strings(document.get("falsepositives"), "falsepositives"),
        fields=_strings(document.get("fields"), "fields"),
    )


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise RuleError(f"'{key}' must be a list of strings")


def _rule_tests(value: Any) -> RuleTests | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RuleError("'seawall_tests' must be a map with 'match' and 'no_match' lists")
    lists = {}
    for key in ("match", "no_match"):
        events = value.get(key, [])
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise RuleError(f"'seawall_tests.{key}' must be a list of event maps")
        lists[key] = tuple(events)
    return RuleTests(lists["match"], lists["no_match"])


def compile_correlation(document: dict[str, Any], path: str) -> Correlation:
    """Compile one correlation rule; its ``rules`` stay as written until resolved."""
    info = rule_info(document, path)
    body = document["correlation"]
    if not isinstance(body, dict):
        raise RuleError("'correlation' must be a map")
    try:
        kind = CorrelationType(str(body.get("type")))
    except ValueError as error:
        kinds = ", ".join(kind.value for kind in CorrelationType)
        raise RuleError(f"correlation type '{body.get('type')}' is not one of {kinds}") from error
    rules = _strings(body.get("rules"), "correlation.rules")
    if not rules:
        raise RuleError("'correlation.rules' must name at least one rule")
    operator, threshold, value_field = _correlation_condition(kind, body.get("condition"), rules)
    return Correlation(
        info,
        kind,
        rules,
        _strings(body.get("group-by"), "correlation.group-by"),
        parse_timespan(body.get("timespan")),
        operator,
        threshold,
        value_field,
        bool(body.get("generate", False)),
        _rule_tests(document.get("seawall_tests")),
    )


def _correlation_condition(
    kind: CorrelationType, condition: Any, rules: tuple[str, ...]
) -> tuple[str, int, str | None]:
    if condition is None and kind is CorrelationType.TEMPORAL:
        return "gte", len(rules), None
    if not isinstance(condition, dict):
        raise RuleError("'correlation.condition' must be a map such as {gte: 10}")
    operators = [name for name in condition if name in _OPERATORS]
    if len(operators) != 1:
        raise RuleError(
            f"'correlation.condition' needs exactly one of {', '.join(_OPERATORS)}; "
            "ranges are not supported"
        )
    threshold = condition[operators[0]]
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise RuleError(f"correlation threshold must be an integer, got {threshold!r}")
    value_field = condition.get("field")
    if kind is CorrelationType.VALUE_COUNT and not isinstance(value_field, str):
        raise RuleError("a value_count correlation needs 'condition.field'")
    return operators[0], threshold, value_field if isinstance(value_field, str) else None


def parse_timespan(value: Any) -> float:
    """Parse a Sigma timespan such as ``10m``, ``1h`` or ``2d`` into seconds."""
    match = _TIMESPAN.match(str(value)) if value is not None else None
    if match is None:
        raise RuleError(f"invalid timespan {value!r}; use a number and s, m, h, d or w: 10m")
    return float(int(match.group(1)) * _UNIT_SECONDS[match.group(2)])


def _resolve_correlations(rule_set: RuleSet) -> None:
    by_reference: dict[str, Rule] = {}
    for rule in rule_set.rules:
        by_reference[rule.info.id] = rule
        if rule.info.name:
            by_reference[rule.info.name] = rule
    resolved: list[Correlation] = []
    silenced: set[str] = set()
    for correlation in rule_set.correlations:
        missing = [ref for ref in correlation.rules if ref not in by_reference]
        if missing:
            rule_set.problems.append(
                RuleProblem(
                    correlation.info.path,
                    correlation.info.id,
                    f"correlation names unknown rule(s) {', '.join(missing)}; "
                    "reference a loaded rule by its id or name",
                )
            )
            continue
        ids = tuple(by_reference[ref].info.id for ref in correlation.rules)
        resolved.append(replace(correlation, rules=ids))
        if not correlation.generate:
            silenced.update(ids)
    rule_set.correlations = resolved
    rule_set.rules = [
        replace(rule, silent=True) if rule.info.id in silenced else rule for rule in rule_set.rules
    ]
