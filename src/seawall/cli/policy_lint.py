"""``seawall policy lint``: validate IAM policy files offline."""

from __future__ import annotations

import sys

import click

import seawall
from seawall.cli.errors import EXIT_FINDINGS, EXIT_USAGE
from seawall.policy.lint import PolicyType, Severity, lint_bytes
from seawall.policy.lint.output import FileResult, render_json, render_sarif, render_text

FORMATS = ("text", "json", "sarif")
FAIL_ON = (*(severity.value for severity in Severity), "never")


@click.command("lint")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--type",
    "policy_type",
    type=click.Choice([kind.value for kind in PolicyType]),
    default=PolicyType.IDENTITY.value,
    show_default=True,
    help="Where the policies are attached; it decides which checks and size limits apply.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format; sarif is SARIF 2.1.0 for code scanning.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=Severity.ERROR.value,
    show_default=True,
    help="Exit 1 when a finding has this severity or a more severe one; 'never' always exits 0.",
)
def lint(files: tuple[str, ...], policy_type: str, fmt: str, fail_on: str) -> None:
    """Validate IAM policy documents, like IAM Access Analyzer's validate-policy, offline.

    FILE is a JSON policy document, or - for standard input. Exit codes: 0 no finding
    at the --fail-on severity, 1 such a finding, 2 a file could not be read.
    """
    kind = PolicyType(policy_type)
    results: list[FileResult] = []
    unreadable = False
    for name in files:
        data = _read(name)
        if data is None:
            unreadable = True
            continue
        results.append(FileResult(name, lint_bytes(data, kind)))
    click.echo(_render(results, fmt), nl=False)
    if unreadable:
        sys.exit(EXIT_USAGE)
    if fail_on != "never":
        threshold = Severity(fail_on).rank
        if any(f.severity.rank >= threshold for r in results for f in r.findings):
            sys.exit(EXIT_FINDINGS)


def _read(name: str) -> bytes | None:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        with open(name, "rb") as handle:
            return handle.read()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        click.echo(f"error: cannot read policy file {name}: {reason}", err=True)
        return None


def _render(results: list[FileResult], fmt: str) -> str:
    if fmt == "json":
        return render_json(results)
    if fmt == "sarif":
        return render_sarif(results, seawall.__version__)
    return render_text(results)
