"""Compliance frameworks as bundled data, and the mapping of checks to their controls.

Each framework is one JSON file in ``seawall/compliance/data/`` that records its
sources and the date it was compiled. Checks name control ids in their ``cis``
and ``fsbp`` metadata; the consistency tests hold every such id to these files.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from seawall.checks.registry import Check, CheckMeta

log = logging.getLogger(__name__)

DATA_PACKAGE = "seawall.compliance"
DATA_FILES = ("data/cis_aws_foundations_5.0.0.json", "data/security_hub_fsbp_1.0.0.json")
FORMAT_VERSION = 1
SEVERITIES = ("critical", "high", "medium", "low", "informational")

_ID_PART = re.compile(r"(\d+)")


class ComplianceDataError(ValueError):
    """A framework data file is unreadable or breaks its format."""


class UnknownControlError(KeyError):
    """A check names a control id that its framework's data does not contain."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    # CIS profile level (1 or 2); None for frameworks without levels.
    level: int | None = None
    # CIS assessment status: True for Automated, False for Manual.
    automated: bool | None = None
    # Severity as Security Hub rates the control; None for CIS.
    severity: str | None = None
    # False for a Security Hub control that the FSBP standard itself does not include.
    in_standard: bool = True


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    version: str
    controls: Mapping[str, Control]
    sources: tuple[str, ...]
    compiled: str


def control_sort_key(control_id: str) -> tuple[tuple[int, int | str], ...]:
    """Order ids the way people read them: 1.2 < 1.10 and EC2.9 < EC2.10."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in _ID_PART.split(control_id)
        if part
    )


@cache
def _bundled_frameworks() -> tuple[Framework, ...]:
    frameworks = []
    for name in DATA_FILES:
        text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
        frameworks.append(parse_framework(text, name))
    log.debug("loaded %s compliance frameworks", len(frameworks))
    return tuple(frameworks)


def load_frameworks() -> dict[str, Framework]:
    """Return the bundled frameworks by id ("cis", "fsbp"), reading the files once."""
    return {framework.id: framework for framework in _bundled_frameworks()}


def parse_framework(text: str, source: str) -> Framework:
    """Parse one framework data file; ``source`` names the file in error messages."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ComplianceDataError(f"{source}: invalid JSON ({error})") from error
    if not isinstance(raw, dict):
        raise ComplianceDataError(f"{source}: the top level must be a JSON object")
    if raw.get("format_version") != FORMAT_VERSION:
        raise ComplianceDataError(
            f"{source}: format_version is {raw.get('format_version')!r}, expected {FORMAT_VERSION}"
        )
    head = _field(raw, "framework", dict, source)
    controls: dict[str, Control] = {}
    for index, entry in enumerate(_field(raw, "controls", list, source)):
        control = _parse_control(entry, f"{source}: controls[{index}]")
        if control.id in controls:
            raise ComplianceDataError(
                f"{source}: control {control.id!r} is listed twice; keep one entry"
            )
        controls[control.id] = control
    return Framework(
        id=_field(head, "id", str, f"{source}: framework"),
        name=_field(head, "name", str, f"{source}: framework"),
        version=_field(head, "version", str, f"{source}: framework"),
        controls=controls,
        sources=tuple(_field(raw, "sources", list, source)),
        compiled=_field(raw, "compiled", str, source),
    )


def _parse_control(entry: Any, where: str) -> Control:
    if not isinstance(entry, dict):
        raise ComplianceDataError(f"{where}: each control must be a JSON object")
    severity = entry.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ComplianceDataError(
            f"{where}: severity {severity!r} is invalid; use one of {', '.join(SEVERITIES)}"
        )
    level = entry.get("level")
    if level is not None and level not in (1, 2):
        raise ComplianceDataError(f"{where}: level {level!r} is invalid; use 1 or 2")
    return Control(
        id=_field(entry, "id", str, where),
        title=_field(entry, "title", str, where),
        level=level,
        automated=entry.get("automated"),
        severity=severity,
        in_standard=entry.get("standard", True),
    )


def _field(container: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = container.get(key)
    if not isinstance(value, kind) or (isinstance(value, str | list) and not value):
        raise ComplianceDataError(f"{where}: {key!r} is missing or not a non-empty {kind.__name__}")
    return value


def mapped_ids(meta: CheckMeta) -> dict[str, tuple[str, ...]]:
    """Return the control ids a check names, by framework id."""
    return {"cis": meta.cis, "fsbp": meta.fsbp}


def controls_for(
    meta: CheckMeta, frameworks: Mapping[str, Framework] | None = None
) -> list[Control]:
    """Return the controls a check maps to, CIS first, in the order the check lists them.

    Raises UnknownControlError when the check names an id that the data lacks.
    """
    chosen = load_frameworks() if frameworks is None else frameworks
    controls = []
    for framework_id, ids in mapped_ids(meta).items():
        framework = chosen[framework_id]
        for control_id in ids:
            if control_id not in framework.controls:
                raise UnknownControlError(
                    f"check {meta.id!r} maps to {framework.name} control {control_id!r}, "
                    f"which is not in the bundled {framework.name} {framework.version} data; "
                    "correct the id in the check's @check(...) decorator"
                )
            controls.append(framework.controls[control_id])
    return controls


def coverage(framework: Framework, checks: Iterable[Check]) -> dict[str, list[str]]:
    """Map every control id of a framework to the sorted ids of the checks covering it.

    Controls no check covers map to an empty list. The keys follow control_sort_key.
    Raises UnknownControlError when a check names an id that the framework lacks.
    """
    covering: dict[str, list[str]] = {control_id: [] for control_id in framework.controls}
    for item in checks:
        for control_id in mapped_ids(item.meta).get(framework.id, ()):
            if control_id not in covering:
                raise UnknownControlError(
                    f"check {item.meta.id!r} maps to {framework.name} control {control_id!r}, "
                    "which is not in the bundled data; correct the id in the check's decorator"
                )
            covering[control_id].append(item.meta.id)
    return {
        control_id: sorted(covering[control_id])
        for control_id in sorted(covering, key=control_sort_key)
    }
