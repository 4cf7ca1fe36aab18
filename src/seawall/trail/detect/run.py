"""Run detection over a CloudTrail source: one file at a time, optionally in a process pool.

Each worker process loads and compiles the rules once, then decodes and
matches whole files, and sends back only the hits. Correlations and the
grouping into findings run in the parent, over every hit of the run.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from seawall.trail.detect.correlate import correlate
from seawall.trail.detect.engine import Detector, Hit
from seawall.trail.detect.errors import RuleError
from seawall.trail.detect.findings import DetectionFinding, group_hits, sort_findings
from seawall.trail.detect.loader import BUILTIN_RULES, load_rules
from seawall.trail.detect.model import RuleSet
from seawall.trail.filters import TrailFilter
from seawall.trail.keys import parse_log_name
from seawall.trail.reading import (
    LogFileError,
    SkippedFile,
    decode_log_file,
    iter_log_keys,
    record_matches,
)
from seawall.trail.sources import LocalSource, TrailSource

log = logging.getLogger(__name__)

# Files handed to the pool ahead of the results, which bounds memory to that
# many decoded files' hits while keeping every worker busy.
_IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class RuleOptions:
    """The rule paths a run loads and the values of their ``%placeholder%`` lists."""

    paths: tuple[Path, ...] = ()
    builtin: bool = True
    placeholders: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def all_paths(self) -> list[Path]:
        return ([BUILTIN_RULES] if self.builtin else []) + list(self.paths)


@dataclass
class DetectionReport:
    """The findings of a run and what it read."""

    findings: list[DetectionFinding]
    events: int
    files: int
    rules: int
    skipped_files: list[SkippedFile] = field(default_factory=list)
    skipped_rules: list[tuple[str, str]] = field(default_factory=list)


def load_rule_set(options: RuleOptions) -> RuleSet:
    """Load the rules of a run; raise RuleError listing every problem when any rule is broken."""
    paths = options.all_paths()
    if not paths:
        raise RuleError("no rules: --no-builtin-rules needs at least one --rules path")
    rule_set = load_rules(paths, dict(options.placeholders))
    if rule_set.problems:
        listed = "\n".join(f"  {problem}" for problem in rule_set.problems)
        raise RuleError(f"{len(rule_set.problems)} rule problem(s); fix or remove them:\n{listed}")
    return rule_set


def detect_source(
    source: TrailSource,
    filters: TrailFilter,
    options: RuleOptions,
    workers: int = 1,
) -> DetectionReport:
    """Match every record of ``source`` that ``filters`` accepts and return the findings."""
    rule_set = load_rule_set(options)
    keys = list(iter_log_keys(source, filters))
    if workers > 1 and len(keys) > 1:
        results = _pooled(source, keys, filters, options, workers)
    else:
        detector = Detector(rule_set.rules, rule_set.correlations)
        results = (_scan_file(detector, source, key, None, filters) for key in keys)
    hits: list[Hit] = []
    events = 0
    skipped: list[SkippedFile] = []
    with _collector_paused():
        for file_hits, count, problem in results:
            hits.extend(file_hits)
            events += count
            if problem is not None:
                log.warning("skipped log file %s: %s", problem.path, problem.reason)
                skipped.append(problem)
    findings = _findings(rule_set, hits)
    return DetectionReport(
        findings,
        events,
        len(keys),
        len(rule_set.rules) + len(rule_set.correlations),
        skipped,
        rule_set.skipped,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while files are decoded and matched.

    Decoding allocates millions of dicts, which trigger collections that walk
    every live object, including the growing list of hits. Decoded records
    contain no reference cycles, so reference counting alone frees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _findings(rule_set: RuleSet, hits: list[Hit]) -> list[DetectionFinding]:
    infos = {rule.info.id: rule.info for rule in rule_set.rules}
    silent = {rule.info.id for rule in rule_set.rules if rule.silent}
    findings = group_hits((hit for hit in hits if hit.rule_id not in silent), infos)
    for correlation in rule_set.correlations:
        findings.extend(correlate(correlation, hits))
    return sort_findings(findings)


FileResult = tuple[list[Hit], int, SkippedFile | None]


def _scan_file(
    detector: Detector,
    source: TrailSource | None,
    key: str,
    data: bytes | None,
    filters: TrailFilter,
    display: str | None = None,
) -> FileResult:
    try:
        if data is None:
            assert source is not None
            with source.open(key) as stream:
                data = stream.read()
        records = decode_log_file(data)
    except (LogFileError, OSError) as error:
        path = display or (source.display(key) if source is not None else key)
        return [], 0, SkippedFile(path, str(error))
    if parse_log_name(key) is None:
        records = [record for record in records if record_matches(record, filters)]
    return detector.scan(records), len(records), None


def _pooled(
    source: TrailSource,
    keys: Sequence[str],
    filters: TrailFilter,
    options: RuleOptions,
    workers: int,
) -> Iterator[FileResult]:
    # A local folder is opened again in each worker; other sources (S3, whose
    # client cannot cross processes) are read here and their bytes sent over.
    local_root = source.root if isinstance(source, LocalSource) else None
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(options,)) as pool:
        pending: list[Future[FileResult]] = []
        for key in keys:
            submit: Callable[..., Future[FileResult]] = pool.submit
            if local_root is not None:
                pending.append(submit(_worker_scan, key, None, filters, str(local_root)))
            else:
                pending.append(_submit_bytes(pool, source, key, filters))
            if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def _submit_bytes(
    pool: ProcessPoolExecutor, source: TrailSource, key: str, filters: TrailFilter
) -> Future[FileResult]:
    try:
        with source.open(key) as stream:
            data = stream.read()
    except OSError as error:
        done: Future[FileResult] = Future()
        done.set_result(([], 0, SkippedFile(source.display(key), str(error))))
        return done
    return pool.submit(_worker_scan, key, data, filters, source.display(key))


# Per worker process: the detector compiled once by the pool initializer.
_worker_detector: list[Detector] = []


def _init_worker(options: RuleOptions) -> None:
    # A worker only decodes and matches files, whose records contain no reference cycles.
    gc.disable()
    rule_set = load_rule_set(options)
    _worker_detector.append(Detector(rule_set.rules, rule_set.correlations))


def _worker_scan(key: str, data: bytes | None, filters: TrailFilter, where: str) -> FileResult:
    detector = _worker_detector[-1]
    if data is None:
        source = LocalSource(Path(where))
        return _scan_file(detector, source, key, None, filters)
    return _scan_file(detector, None, key, data, filters, display=where)


def placeholders_option(**values: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Build ``RuleOptions.placeholders`` from keyword lists, leaving out empty ones."""
    return tuple((name, tuple(items)) for name, items in sorted(values.items()) if items)
