"""Least-privilege policy generation from the CloudTrail events of one principal."""

from seawall.trail.generate.generate import Counted, GenerationReport, generate_policy
from seawall.trail.generate.principal import (
    PrincipalArnError,
    PrincipalKind,
    TrailPrincipal,
    parse_principal,
)
from seawall.trail.generate.unused import UnusedReport, UnusedReportError, unused_actions

__all__ = [
    "Counted",
    "GenerationReport",
    "PrincipalArnError",
    "PrincipalKind",
    "TrailPrincipal",
    "UnusedReport",
    "UnusedReportError",
    "generate_policy",
    "parse_principal",
    "unused_actions",
]
