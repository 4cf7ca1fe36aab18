"""The error the action catalog raises for invalid input or an unreadable data file."""

from __future__ import annotations


class CatalogError(ValueError):
    """An invalid action name, pattern or ARN, or a damaged bundled catalog file."""
