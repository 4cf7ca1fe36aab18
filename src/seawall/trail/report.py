"""Text and JSON forms of a validation report."""

from __future__ import annotations

import json
from typing import Any

from seawall.trail.model import FileKind, FileResult, FileStatus, GapReason, ValidationReport
from seawall.trail.times import format_time


def report_to_json(report: ValidationReport) -> dict[str, Any]:
    return {
        "source": report.source,
        "valid": report.valid,
        "summary": {
            "digests": report.counts(FileKind.DIGEST),
            "logs": report.counts(FileKind.LOG),
            "missing_digests": report.missing_digests,
            "pending_logs": report.pending_logs,
        },
        "problems": list(report.problems),
        "files": [
            {
                "path": result.path,
                "kind": result.kind.value,
                "status": result.status.value,
                "detail": result.detail,
            }
            for result in report.files
        ],
        "gaps": [
            {
                "trail": gap.trail,
                "start": format_time(gap.start),
                "end": format_time(gap.end),
                "missing_digests": gap.missing_digests,
                "reason": gap.reason.value,
            }
            for gap in report.gaps
        ],
    }


def report_to_text(report: ValidationReport, verbose: bool = False) -> str:
    """Format the report for a terminal, one line per file and per gap.

    Missing digests are summed up in their gap's line, and listed by name only
    when ``verbose`` is set, because a trail that stopped long ago misses
    thousands of hourly digests.
    """
    lines = [f"Validating {report.source}"]
    hidden = 0
    for result in report.files:
        if _is_missing_digest(result) and not verbose:
            hidden += 1
            continue
        detail = f"  ({result.detail})" if result.detail else ""
        lines.append(f"{result.status.value:<21} {result.kind.value:<6} {result.path}{detail}")
    for gap in report.gaps:
        what = (
            f"{gap.missing_digests} digest(s) missing"
            if gap.reason is GapReason.DIGESTS_MISSING
            else "chain restarted, no digests expected"
        )
        lines.append(f"gap {format_time(gap.start)} .. {format_time(gap.end)} {gap.trail}: {what}")
    if hidden:
        lines.append("rerun with -v or --format json to list the missing digests by name")
    lines.append(_summary_line("digests", report.counts(FileKind.DIGEST)))
    lines.append(_summary_line("logs", report.counts(FileKind.LOG)))
    lines.extend(f"error: {problem}" for problem in report.problems)
    if report.pending_logs:
        lines.append(
            f"{report.pending_logs} log file(s) are newer than the last digest due; not judged"
        )
    lines.append("Result: VALID" if report.valid else "Result: INVALID")
    return "\n".join(lines)


def _is_missing_digest(result: FileResult) -> bool:
    return result.kind is FileKind.DIGEST and result.status is FileStatus.DELETED


def _summary_line(label: str, counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = [f"{count} {status}" for status, count in counts.items() if count]
    suffix = f": {', '.join(parts)}" if parts else ""
    return f"{label}: {total}{suffix}"


def dumps(report: ValidationReport) -> str:
    return json.dumps(report_to_json(report), indent=2)


__all__ = ["FileStatus", "dumps", "report_to_json", "report_to_text"]
