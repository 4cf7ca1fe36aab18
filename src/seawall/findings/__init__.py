"""Findings and the formats that render them."""

from seawall.findings.model import Finding, Practice, Severity, Status

__all__ = ["Finding", "Practice", "Severity", "Status"]
