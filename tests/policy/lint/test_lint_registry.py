"""The rule registry as a whole: enough codes, each documented and each tested."""

from __future__ import annotations

import re
from pathlib import Path

from seawall.policy.lint import RULES

from .cases import BYTE_CASES, CASES

DOC = Path(__file__).parents[3] / "docs" / "policy-lint.md"
_DOC_CODE = re.compile(r"^\| `([A-Z0-9_]+)` \|", re.MULTILINE)


def test_registry_has_at_least_sixty_codes() -> None:
    assert len(RULES) >= 60


def test_codes_are_upper_snake_case() -> None:
    bad = [code for code in RULES if not re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*", code)]
    assert bad == []


def test_every_code_documented() -> None:
    documented = set(_DOC_CODE.findall(DOC.read_text()))
    assert sorted(set(RULES) - documented) == []


def test_no_stale_documented_code() -> None:
    documented = set(_DOC_CODE.findall(DOC.read_text()))
    assert sorted(documented - set(RULES)) == []


def test_every_code_has_a_case() -> None:
    tested = {case.code for case in CASES} | {case.code for case in BYTE_CASES}
    assert sorted(set(RULES) - tested) == []


def test_documented_severity_matches_registry() -> None:
    rows = re.findall(r"^\| `([A-Z0-9_]+)` \| ([a-z_]+) \|", DOC.read_text(), re.MULTILINE)
    mismatched = [code for code, severity in rows if RULES[code].severity.value != severity]
    assert mismatched == []
