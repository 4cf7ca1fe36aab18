"""Replace values that may be secrets with a description of their shape.

Collectors call these before anything is stored, so a Snapshot never
holds a secret value. Checks judge the shape (see docs/snapshot.md).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any


def shannon_entropy(value: str) -> float:
    """Return the Shannon entropy of ``value`` in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def redact_value(value: str) -> dict[str, Any]:
    """Describe ``value`` without keeping it."""
    # NOTE: first cut; the secrets practice adds known formats and references.
    return {
        "redacted": True,
        "length": len(value),
        "entropy": round(shannon_entropy(value), 2),
        "formats": [],
        "reference": None,
    }


def redact_mapping(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Redact every value of a name -> value mapping, keeping the names."""
    return {name: redact_value(str(value)) for name, value in values.items()}
