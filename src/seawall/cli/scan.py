"""``seawall scan``: collect an account (or load a snapshot or the demo), run checks, report."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import click

import seawall
from seawall.checks.runner import load_checks, run_checks
from seawall.cli.aws_options import aws_options, aws_options_given, session_options
from seawall.cli.errors import EXIT_FINDINGS, UserError
from seawall.cli.progress import CollectionProgress
from seawall.cli.report_output import check_output_path, emit_report
from seawall.cli.selection import choose_checks
from seawall.findings.formats import RENDERERS, ReportMeta
from seawall.findings.model import Finding, Practice, Severity, Status
from seawall.inventory.snapshot import Snapshot
from seawall.inventory.snapshot_file import load_snapshot

log = logging.getLogger(__name__)

SEVERITY_CHOICES = [severity.value for severity in Severity]
_GATE_STATUSES = frozenset({Status.FAIL, Status.ERROR})


@click.command()
@aws_options
@click.option(
    "--demo",
    is_flag=True,
    help="Scan the embedded demo account (moto in-process): no credentials, no network.",
)
@click.option(
    "--snapshot",
    "snapshot_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Scan a snapshot saved by 'seawall collect' instead of a live account.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(RENDERERS)),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the report to FILE instead of stdout (text is written without color).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITY_CHOICES),
    metavar="SEVERITY",
    help="Exit with 1 if a check at SEVERITY or worse fails or could not be assessed "
    f"(an error result, such as access denied) ({', '.join(SEVERITY_CHOICES)}).",
)
@click.option(
    "--checks",
    "check_values",
    multiple=True,
    metavar="ID",
    help="Run only these checks: ids, repeated or comma-separated; an id prefix ending "
    "in '.' or '*' selects a group (s3. or iam.root*).",
)
@click.option(
    "--practice",
    "practices",
    multiple=True,
    type=click.Choice([practice.value for practice in Practice]),
    help="Run only the checks of this practice area; repeat for more.",
)
@click.option(
    "--severity",
    "min_severity",
    type=click.Choice(SEVERITY_CHOICES),
    metavar="SEVERITY",
    help="Run only checks of SEVERITY or worse.",
)
@click.pass_context
def scan(
    ctx: click.Context,
    /,
    demo: bool,
    snapshot_path: Path | None,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    check_values: tuple[str, ...],
    practices: tuple[str, ...],
    min_severity: str | None,
    **aws: Any,
) -> None:
    """Audit an AWS account against the security baseline and report the findings.

    Without --demo or --snapshot, scan collects the account live with the
    standard AWS credential chain. It only reads: the managed policies
    SecurityAudit and ViewOnlyAccess plus budgets:ViewBudget and
    ssm:GetParameter cover every call.
    """
    checks = choose_checks(load_checks(), check_values, practices, min_severity)
    if output is not None:
        check_output_path(output, "omit -o to print the report on stdout")
    snapshot = obtain_snapshot(demo, snapshot_path, aws)
    log.info("running %d checks on account %s", len(checks), snapshot.account_id)
    findings = run_checks(snapshot, checks)
    emit_report(findings, report_meta(snapshot), fmt, output)
    if fail_on is not None and has_failure_at(findings, Severity(fail_on)):
        ctx.exit(EXIT_FINDINGS)


def obtain_snapshot(demo: bool, snapshot_path: Path | None, aws: dict[str, Any]) -> Snapshot:
    """Return the demo account, a saved snapshot, or a live collection."""
    if demo and snapshot_path is not None:
        raise UserError("--demo and --snapshot exclude each other: pass one of them")
    source = None
    if demo:
        source = "--demo"
    elif snapshot_path is not None:
        source = "--snapshot"
    if source is not None:
        live_flags = aws_options_given(aws)
        if live_flags:
            raise UserError(
                f"the live-scan options {', '.join(live_flags)} do not apply to {source}: "
                "remove them"
            )
    if demo:
        return load_demo_snapshot()
    if snapshot_path is not None:
        return read_snapshot(snapshot_path)
    return collect_live(aws)


def load_demo_snapshot() -> Snapshot:
    # Imported here because importing moto takes seconds that other commands should not pay.
    from seawall.demo.run import build_demo_snapshot

    log.info("building the demo account")
    return build_demo_snapshot()


def read_snapshot(path: Path) -> Snapshot:
    if str(path) == "-":
        raise UserError(
            "--snapshot - (stdin) is not supported: a snapshot is read from a file; "
            "pass the path of a file written by 'seawall collect'"
        )
    log.info("loading snapshot %s", path)
    return load_snapshot(path)


def collect_live(aws: dict[str, Any]) -> Snapshot:
    """Collect the account the AWS options select, with a progress display on a terminal."""
    # Imported here so that importing the CLI does not import every collector.
    from seawall.inventory.run import run_collection

    options = session_options(**aws)
    with CollectionProgress() as progress:
        snapshot = run_collection(options, progress=progress)
    log.info("collected %d tasks", progress.done)
    return snapshot


def report_meta(snapshot: Snapshot) -> ReportMeta:
    return ReportMeta(
        seawall_version=seawall.__version__,
        account=snapshot.account_id,
        regions=tuple(snapshot.regions),
        generated_at=now_iso(),
        partition=snapshot.partition,
        collected_at=snapshot.collected_at,
    )


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def has_failure_at(findings: list[Finding], threshold: Severity) -> bool:
    """Return True if a ``fail`` or ``error`` finding has ``threshold`` severity or worse.

    Errors count because a check that could not run (access denied, missing
    data) has not shown the account to be safe, so a CI gate must not pass.
    """
    return any(
        item.status in _GATE_STATUSES and item.severity.rank <= threshold.rank for item in findings
    )
