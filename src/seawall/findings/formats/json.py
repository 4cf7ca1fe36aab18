"""The JSON report: scan metadata, status counts and every result."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from seawall.findings.formats.report import ReportMeta, count_by_status, result_record
from seawall.findings.model import Finding


def render_json(findings: Sequence[Finding], meta: ReportMeta) -> str:
    """Render the findings as one JSON object, in the order given."""
    document: dict[str, Any] = {
        "seawall_version": meta.seawall_version,
        "account": meta.account,
        "regions": list(meta.regions),
        "generated_at": meta.generated_at,
        "collected_at": meta.collected_at or meta.generated_at,
        "summary": count_by_status(findings),
        "results": [result_record(item) for item in findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
