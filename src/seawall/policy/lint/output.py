"""Lint results as text, JSON or SARIF 2.1.0.

SARIF levels: ``error`` and ``security_warning`` map to ``error``, so that code
scanning fails on both. ``warning`` maps to ``warning`` and ``suggestion`` to
``note``. Each result keeps the seawall severity in its properties.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seawall.policy.lint.model import LintFinding, Severity
from seawall.policy.lint.registry import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {
    Severity.ERROR: "error",
    Severity.SECURITY_WARNING: "error",
    Severity.WARNING: "warning",
    Severity.SUGGESTION: "note",
}
# GitHub code scanning ranks security results by this property (0.0 to 10.0).
_SECURITY_SEVERITY = "7.5"


@dataclass(frozen=True, slots=True)
class FileResult:
    """The findings of one linted file; ``path`` is as the user gave it."""

    path: str
    findings: Sequence[LintFinding]


def severity_counts(results: Sequence[FileResult]) -> dict[str, int]:
    counts = Counter(f.severity for result in results for f in result.findings)
    return {severity.value: counts.get(severity, 0) for severity in Severity}


def render_text(results: Sequence[FileResult]) -> str:
    lines = []
    for result in results:
        for f in result.findings:
            where = f" [{f.path}]" if f.path else ""
            lines.append(
                f"{result.path}:{f.line}:{f.column}: {f.severity.value} {f.code}: "
                f"{f.message}{where}"
            )
    counts = severity_counts(results)
    total = sum(counts.values())
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    noun = "file" if len(results) == 1 else "files"
    finding_noun = "finding" if total == 1 else "findings"
    lines.append(f"{len(results)} {noun} linted, {total} {finding_noun}: {summary}")
    return "\n".join(lines) + "\n"


def render_json(results: Sequence[FileResult]) -> str:
    document = {
        "files": [
            {"path": result.path, "findings": [_finding_record(f) for f in result.findings]}
            for result in results
        ],
        "summary": severity_counts(results),
    }
    return json.dumps(document, indent=2) + "\n"


def _finding_record(finding: LintFinding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "path": finding.path,
    }


def sarif_document(results: Sequence[FileResult], tool_version: str) -> dict[str, Any]:
    """Build a SARIF 2.1.0 log with one run; only the rules that fired are listed."""
    codes = sorted({f.code for result in results for f in result.findings})
    rule_index = {code: index for index, code in enumerate(codes)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "seawall-policy-lint",
                        "version": tool_version,
                        "rules": [_sarif_rule(code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    _sarif_result(result.path, f, rule_index[f.code])
                    for result in results
                    for f in result.findings
                ],
            }
        ],
    }


def render_sarif(results: Sequence[FileResult], tool_version: str) -> str:
    return json.dumps(sarif_document(results, tool_version), indent=2) + "\n"


def _sarif_rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    properties: dict[str, Any] = {"severity": rule.severity.value, "tags": ["iam-policy"]}
    if rule.severity is Severity.SECURITY_WARNING:
        properties["tags"] = ["iam-policy", "security"]
        properties["security-severity"] = _SECURITY_SEVERITY
    return {
        "id": code,
        "name": "".join(part.capitalize() for part in code.split("_")),
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": properties,
    }


def _sarif_result(path: str, finding: LintFinding, index: int) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(path)},
            "region": {"startLine": finding.line, "startColumn": finding.column},
        }
    }
    if finding.path:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.path, "kind": "member"}]
    return {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": SARIF_LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "properties": {"severity": finding.severity.value},
    }


def artifact_uri(path: str) -> str:
    """Return a SARIF artifact URI: relative paths stay relative, in forward slashes."""
    if path == "-":
        return "stdin"
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return candidate.as_posix()
