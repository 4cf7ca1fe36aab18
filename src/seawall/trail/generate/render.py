"""Turn a GenerationReport into the JSON report object and the operator's summary lines."""

from __future__ import annotations

from typing import Any

from seawall.trail.generate.generate import Counted, GenerationReport
from seawall.trail.generate.statements import MANAGED_POLICY_LIMIT
from seawall.trail.generate.unused import UnusedReport
from seawall.trail.times import format_time


def report_to_dict(report: GenerationReport) -> dict[str, Any]:
    result: dict[str, Any] = {
        "principal": report.principal,
        "policy": report.policy.document,
        "policy_size": report.policy.size,
        "notes": report.notes,
        "unmapped": [_counted(item) for item in report.unmapped],
        "denied": [_counted(item) for item in report.denied],
        "event_count": report.event_count,
        "time_range": {
            "start": format_time(report.start) if report.start else None,
            "end": format_time(report.end) if report.end else None,
        },
        "skipped_files": report.skipped_files,
    }
    if report.unused is not None:
        result["unused"] = _unused_to_dict(report.unused)
    return result


def summary_lines(report: GenerationReport) -> list[str]:
    """Return the lines that go to stderr next to the bare policy."""
    if report.start is not None and report.end is not None:
        events = (
            f"{report.event_count} event(s) of {report.principal} "
            f"from {format_time(report.start)} to {format_time(report.end)}"
        )
    else:
        events = f"no events matched {report.principal}"
    lines = [
        f"{events}: "
        f"{len(report.used_actions)} action(s) in {len(report.statements)} statement(s), "
        f"{report.policy.size} of {MANAGED_POLICY_LIMIT} characters"
    ]
    lines.extend(f"note: {note}" for note in report.notes)
    lines.extend(
        f"denied attempt (not granted): {item.name} {item.error_code} x{item.count}"
        for item in report.denied
    )
    lines.extend(f"unmapped event: {item.name} x{item.count}" for item in report.unmapped)
    lines.extend(f"skipped file: {path}" for path in report.skipped_files)
    if report.unused is not None:
        lines.extend(_unused_lines(report.unused))
    return lines


def _counted(item: Counted) -> dict[str, Any]:
    result: dict[str, Any] = {"name": item.name, "count": item.count}
    if item.error_code is not None:
        result["error_code"] = item.error_code
    return result


def _unused_to_dict(unused: UnusedReport) -> dict[str, Any]:
    return {
        "scope": unused.scope,
        "policies": unused.policies,
        "granted_count": unused.granted_count,
        "notes": unused.notes,
        "services": {
            prefix: {
                "count": len(actions),
                "access_levels": unused.summary(prefix),
                "actions": [item.name for item in actions],
            }
            for prefix, actions in sorted(unused.unused.items())
        },
    }


def _unused_lines(unused: UnusedReport) -> list[str]:
    total = sum(len(actions) for actions in unused.unused.values())
    lines = [
        f"granted but unused: {total} of {unused.granted_count} granted action(s) "
        f"({unused.scope}; policies: {', '.join(unused.policies) or 'none'})"
    ]
    for prefix, actions in sorted(unused.unused.items()):
        levels = ", ".join(f"{level} {count}" for level, count in unused.summary(prefix).items())
        lines.append(f"  {prefix}: {len(actions)} unused ({levels})")
    lines.extend(f"note: {note}" for note in unused.notes)
    return lines
