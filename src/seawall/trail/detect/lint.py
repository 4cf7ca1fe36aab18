"""Find rules that can never match: unknown events, fields, modifiers or selections.

Loading reports the problems that stop a rule from compiling (unknown
modifiers, conditions naming undefined selections, bad values). This module
adds the checks against what CloudTrail emits: each eventName must be an
IAM action of its eventSource's service (or a known exception), and each
field must start with a top-level CloudTrail record field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from seawall.policy.catalog import Catalog, load_catalog
from seawall.trail.detect.errors import RuleProblem
from seawall.trail.detect.loader import AnyPlaceholders, load_rules, rule_files
from seawall.trail.detect.schema import (
    FREE_FORM_FIELDS,
    KNOWN_EVENT_NAMES,
    RECORD_FIELDS,
    action_name,
)
from seawall.trail.detect.selection import INDEX_FIELD
from seawall.trail.detect.values import text_of

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def lint_rules(paths: Iterable[Path], catalog: Catalog | None = None) -> list[RuleProblem]:
    """Return every problem of the rules under ``paths``; an empty list means all can match."""
    path_list = list(paths)
    problems = list(load_rules(path_list, AnyPlaceholders()).problems)
    catalog = catalog or load_catalog()
    for path in rule_files(path_list):
        try:
            documents = list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=_Loader))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # load_rules has reported it
        for document in documents:
            if isinstance(document, dict) and isinstance(document.get("detection"), dict):
                label = str(document.get("id") or document.get("title") or "-")
                for message in _document_problems(document["detection"], catalog):
                    problems.append(RuleProblem(str(path), label, message))
    return problems


def _document_problems(detection: dict[str, Any], catalog: Catalog) -> Iterator[str]:
    for name, body in detection.items():
        if name in {"condition", "timeframe"}:
            continue
        maps = body if isinstance(body, list) else [body]
        for entry in maps:
            if isinstance(entry, dict):
                yield from _map_problems(str(name), entry, catalog)


def _map_problems(selection: str, entry: dict[Any, Any], catalog: Catalog) -> Iterator[str]:
    sources: list[str] = []
    names: list[str] = []
    for key, raw in entry.items():
        field_name, *modifiers = str(key).split("|")
        for reference in [field_name] + ([raw] if modifiers == ["fieldref"] else []):
            if isinstance(reference, str) and not _known_field(reference):
                yield (
                    f"selection '{selection}': field '{reference}' is not a CloudTrail record "
                    f"field; top-level fields are {', '.join(sorted(RECORD_FIELDS))}"
                )
        if modifiers:
            continue
        values = [text_of(value) for value in (raw if isinstance(raw, list) else [raw])]
        plain = [value for value in values if value is not None and "*" not in value]
        if field_name == "eventSource":
            sources.extend(plain)
        elif field_name == INDEX_FIELD:
            names.extend(plain)
    for event_name in names:
        candidates: list[str | None] = list(sources) or [None]
        if not any(_emitted(source, event_name, catalog) for source in candidates):
            where = f" for eventSource {', '.join(sources)}" if sources else ""
            yield (
                f"selection '{selection}': CloudTrail never records eventName '{event_name}'"
                f"{where}: it is no IAM action of that service in the bundled catalog"
            )


def _known_field(path: str) -> bool:
    top = path.split(".", 1)[0]
    if top not in RECORD_FIELDS:
        return False
    return "." not in path or top in FREE_FORM_FIELDS


def _emitted(source: str | None, event_name: str, catalog: Catalog) -> bool:
    if source is None:
        known = any(event_name in names for names in KNOWN_EVENT_NAMES.values())
        return known or bool(catalog.expand(f"*:{event_name}"))
    if event_name in KNOWN_EVENT_NAMES.get(source, frozenset()):
        return True
    action = action_name(source, event_name)
    if action is None:
        return True  # not an AWS service host, so the catalog cannot tell
    prefix, name = action
    if catalog.service(prefix) is None:
        return True
    return catalog.action(f"{prefix}:{name}") is not None
