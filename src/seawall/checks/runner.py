"""Run registered checks over a Snapshot."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Iterable

from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import REGISTRY, Check
from seawall.findings.model import Finding, Practice, Severity
from seawall.inventory.snapshot import GLOBAL, Snapshot

log = logging.getLogger(__name__)

_INFRASTRUCTURE = {"registry", "context", "runner", "selection"}
# An exception message can quote a whole record; the reason keeps only its start.
_DETAIL_MAX_CHARS = 200


def load_checks() -> dict[str, Check]:
    """Import every check module under seawall.checks so their checks register."""
    import seawall.checks as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name not in _INFRASTRUCTURE and not module.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{module.name}")
    return REGISTRY


def select_checks(
    checks: Iterable[Check],
    ids: Iterable[str] = (),
    practices: Iterable[Practice] = (),
    min_severity: Severity | None = None,
) -> list[Check]:
    """Filter checks by id (exact, or a prefix ending in '.' or '*'), practice and severity."""
    id_list = list(ids)
    practice_set = set(practices)
    chosen = []
    for item in checks:
        if id_list and not any(_id_matches(item.meta.id, pattern) for pattern in id_list):
            continue
        if practice_set and item.meta.practice not in practice_set:
            continue
        if min_severity is not None and item.meta.severity.rank > min_severity.rank:
            continue
        chosen.append(item)
    return sorted(chosen, key=lambda c: c.meta.id)


def _id_matches(check_id: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return check_id.startswith(pattern[:-1])
    if pattern.endswith("."):
        return check_id.startswith(pattern)
    return check_id == pattern


def run_check(snapshot: Snapshot, item: Check) -> list[Finding]:
    """Run one check. Missing data and unexpected failures become ``error`` findings."""
    ctx = CheckContext(snapshot, item.meta)
    findings: list[Finding] = []
    try:
        findings.extend(item.func(ctx))
    except DataUnavailable as missing:
        findings.append(
            ctx.error(missing.resource or snapshot.account_arn, missing.reason, missing.region)
        )
    except Exception as exc:  # one check's failure must not stop the scan
        # The finding carries the reason; the traceback is for -vv and bug reports.
        log.debug("check %s failed", item.meta.id, exc_info=True)
        findings.append(ctx.error(snapshot.account_arn, unexpected_data_reason(exc), GLOBAL))
    return findings


def unexpected_data_reason(exc: Exception) -> str:
    """Explain an exception a check raised, which nearly always means a record of an
    unexpected shape (a hand-edited or damaged snapshot) rather than missing data."""
    detail = str(exc)
    if len(detail) > _DETAIL_MAX_CHARS:
        detail = detail[: _DETAIL_MAX_CHARS - 3] + "..."
    return (
        f"could not assess: unexpected data in the snapshot ({type(exc).__name__}: {detail}); "
        "collect it again, and report a seawall bug if a fresh snapshot fails the same way"
    )


def run_checks(snapshot: Snapshot, checks: Iterable[Check]) -> list[Finding]:
    findings: list[Finding] = []
    for item in checks:
        findings.extend(run_check(snapshot, item))
    return findings
