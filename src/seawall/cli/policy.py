"""``seawall policy``: offline IAM policy tools (request simulation and more)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import click
from click.core import ParameterSource

from seawall.cli.errors import UserError
from seawall.cli.policy_lint import lint
from seawall.cli.simulate_input import (
    Scenario,
    SimulateInputError,
    build_principal,
    build_request,
    load_policy_file,
    parse_context_option,
    result_record,
    scenario_from_line,
)
from seawall.policy import Policy

FORMATS = ("text", "json")
_FILE = click.Path(path_type=Path, dir_okay=False)
# Parameters that may come with --batch; every other one describes a single request.
_BATCH_OPTIONS = frozenset({"batch", "fmt"})


@click.group("policy")
def policy_group() -> None:
    """Work with IAM policy documents offline: simulate requests against them."""


def _levels(options: tuple[str, ...]) -> list[list[Policy]]:
    """Read ``--scp``/``--rcp`` options: each option is one level, commas join files in it."""
    return [
        [load_policy_file(Path(name)) for name in option.split(",") if name] for option in options
    ]


def _optional(path: Path | None) -> Policy | None:
    return load_policy_file(path) if path is not None else None


@policy_group.command("simulate")
@click.option(
    "--principal",
    help="Caller: an IAM/STS ARN, an account id, a service principal "
    "such as lambda.amazonaws.com, or 'anonymous'.",
)
@click.option("--action", help="The action, such as s3:GetObject.")
@click.option("--resource", help="The resource ARN; '*' when omitted.")
@click.option("--resource-account", help="The 12-digit account that owns the resource.")
@click.option(
    "--context",
    "contexts",
    multiple=True,
    metavar="KEY=VALUE",
    help="A request context key; KEY=V1,V2 gives a multi-valued key. Repeatable.",
)
@click.option(
    "--identity-policy",
    "identity_files",
    multiple=True,
    type=_FILE,
    help="An identity-based policy file. Repeatable.",
)
@click.option("--resource-policy", type=_FILE, help="The resource-based policy file.")
@click.option("--boundary", type=_FILE, help="The permissions boundary file.")
@click.option("--session-policy", type=_FILE, help="The session policy file.")
@click.option("--endpoint-policy", type=_FILE, help="The VPC endpoint policy file.")
@click.option(
    "--scp",
    "scps",
    multiple=True,
    metavar="FILE[,FILE...]",
    help="SCPs of one organization level; repeat per level, root first, then OUs, "
    "then the account. Commas join several SCPs attached at the same level.",
)
@click.option(
    "--rcp",
    "rcps",
    multiple=True,
    metavar="FILE[,FILE...]",
    help="RCPs of one organization level, given like --scp.",
)
@click.option(
    "--batch",
    "batch",
    type=click.File("r", encoding="utf-8"),
    help="Read one JSON request per line from this file ('-' for stdin) and write "
    "one JSON result per line.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format for a single request.",
)
def simulate(
    principal: str | None,
    action: str | None,
    resource: str | None,
    resource_account: str | None,
    contexts: tuple[str, ...],
    identity_files: tuple[Path, ...],
    resource_policy: Path | None,
    boundary: Path | None,
    session_policy: Path | None,
    endpoint_policy: Path | None,
    scps: tuple[str, ...],
    rcps: tuple[str, ...],
    batch: IO[str] | None,
    fmt: str,
) -> None:
    """Decide one request as AWS would: allowed, implicit_deny or explicit_deny.

    Every --rcp level also contains AWS's RCPFullAWSAccess, which AWS attaches to
    every level and which is the only RCP allowed to contain Allow, so RCP files
    need only their Deny statements. In --batch mode each input line gives one
    request as JSON (see docs/policy-engine.md) and the output has one JSON
    result per non-blank input line, in order.
    """
    if batch is not None:
        _reject_request_options(click.get_current_context())
        _run_batch(batch)
        return
    if not action:
        raise UserError("missing --action; give the action such as --action s3:GetObject")
    try:
        scenario = Scenario(
            request=build_request(
                action=action,
                resource=resource,
                principal=build_principal(principal, "--principal"),
                resource_account=resource_account,
                context=parse_context_option(contexts),
                source="command line",
            ),
            identity=[load_policy_file(path) for path in identity_files],
            resource=_optional(resource_policy),
            boundary=_optional(boundary),
            session=_optional(session_policy),
            endpoint=_optional(endpoint_policy),
            scps=_levels(scps),
            rcps=_levels(rcps),
        )
    except SimulateInputError as error:
        raise UserError(str(error)) from error
    record = result_record(scenario.evaluate(), scenario)
    if fmt == "json":
        click.echo(json.dumps(record, indent=2))
    else:
        click.echo(_text(record))


def _reject_request_options(ctx: click.Context) -> None:
    """Raise UserError if a request option comes with --batch, which would silently drop it."""
    given = [
        param.opts[0]
        for param in ctx.command.params
        if param.name not in _BATCH_OPTIONS
        and ctx.get_parameter_source(param.name or "") is not ParameterSource.DEFAULT
    ]
    if given:
        raise UserError(f"--batch takes every request from the file; remove {', '.join(given)}")


def _text(record: dict[str, Any]) -> str:
    explanation = record["explanation"]
    lines = [f"decision: {record['decision']}", f"reason:   {explanation['reason']}"]
    if explanation["statements"]:
        lines.append("decided by:")
    for match in explanation["statements"]:
        lines.append(f"  {_statement_label(match)}: {match['reason']}")
    if explanation["trace"]:
        lines.append("every statement:")
    for item in explanation["trace"]:
        outcome = "matched" if item["matched"] else "no match"
        lines.append(f"  {_statement_label(item)}: {outcome}: {item['reason']}")
    return "\n".join(lines)


def _statement_label(item: dict[str, Any]) -> str:
    sid = f" ({item['sid']})" if item["sid"] else ""
    return f"{item['policy']} statement {item['statement_index']}{sid}"


def _run_batch(stream: IO[str]) -> None:
    """Decide one request per line; a bad line gets an error record and the batch goes on."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            scenario = scenario_from_line(line, number)
            record = result_record(scenario.evaluate(), scenario)
        except SimulateInputError as error:
            record = {"error": str(error), "line": number}
        click.echo(json.dumps(record))


policy_group.add_command(lint)
