"""The CSV report: one row per result, RFC 4180 quoting.

Resource names and reasons can contain names an account owner chose, so a
cell that a spreadsheet would read as a formula gets a leading quote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from seawall.findings.formats.report import RESULT_FIELDS, ReportMeta, result_record
from seawall.findings.model import Finding

# Characters that make Excel, LibreOffice and Google Sheets evaluate a cell
# (OWASP "CSV Injection"); tab and carriage return start formulas in some of them.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(cell: str) -> str:
    """Prefix a cell that starts like a formula with a single quote."""
    if cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def render_csv(findings: Sequence[Finding], meta: ReportMeta) -> str:  # noqa: ARG001
    """Render a header row with the JSON field names, then one row per finding.

    ``meta`` is accepted so every format has the same signature; a CSV file
    has no place for it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(RESULT_FIELDS)
    for item in findings:
        record = result_record(item)
        row = []
        for name in RESULT_FIELDS:
            value = record[name]
            text = ";".join(value) if isinstance(value, list) else value
            row.append(neutralize_formula(text))
        writer.writerow(row)
    return buffer.getvalue()
