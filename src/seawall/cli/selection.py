"""Turn --checks, --practice and --severity into the checks to run."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from seawall.checks.registry import Check
from seawall.checks.runner import select_checks
from seawall.cli.errors import UserError
from seawall.findings.model import Practice, Severity


def split_check_patterns(values: Iterable[str]) -> list[str]:
    """Split repeated and comma-separated --checks values into patterns."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def validate_check_patterns(patterns: Iterable[str], registry: Mapping[str, Check]) -> None:
    """Raise UserError for an id that is not registered or a prefix that matches nothing."""
    ids = sorted(registry)
    for pattern in patterns:
        if pattern.endswith(("*", ".")):
            prefix = pattern.rstrip("*")
            if not any(check_id.startswith(prefix) for check_id in ids):
                prefixes = sorted({check_id.split(".", 1)[0] + "." for check_id in ids})
                raise UserError(
                    f"--checks {pattern!r} matches no check{_suggest(prefix, prefixes)}"
                )
        elif pattern not in registry:
            raise UserError(f"unknown check id {pattern!r} in --checks{_suggest(pattern, ids)}")


def choose_checks(
    registry: Mapping[str, Check],
    check_values: Iterable[str],
    practices: Iterable[str],
    min_severity: str | None,
) -> list[Check]:
    """Return the selected checks sorted by id; raise UserError if the selection is empty."""
    patterns = split_check_patterns(check_values)
    if check_values and not patterns:
        raise UserError(
            f"no check ids given in --checks {','.join(check_values)!r}; pass ids such as "
            "iam.root_mfa or a prefix such as s3., or leave out --checks to run every check"
        )
    validate_check_patterns(patterns, registry)
    chosen = select_checks(
        registry.values(),
        ids=patterns,
        practices=[Practice(value) for value in practices],
        min_severity=Severity(min_severity) if min_severity else None,
    )
    if not chosen:
        raise UserError(
            "no check matches the selection of --checks, --practice and --severity; "
            "run 'seawall checks list' to see the checks"
        )
    return chosen


def _suggest(value: str, ids: list[str]) -> str:
    close = difflib.get_close_matches(value, ids, n=3, cutoff=0.6)
    if close:
        return f"; did you mean: {', '.join(close)}?"
    return "; run 'seawall checks list' to see the check ids"
