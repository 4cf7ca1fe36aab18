"""Report formats: each module turns findings and ReportMeta into text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from seawall.findings.formats.csv import render_csv
from seawall.findings.formats.json import render_json
from seawall.findings.formats.ocsf import render_ocsf
from seawall.findings.formats.report import ReportMeta
from seawall.findings.formats.text import render_text
from seawall.findings.model import Finding

Renderer = Callable[[Sequence[Finding], ReportMeta], str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "ocsf": render_ocsf,
    "csv": render_csv,
}

__all__ = ["RENDERERS", "Renderer", "ReportMeta"]
