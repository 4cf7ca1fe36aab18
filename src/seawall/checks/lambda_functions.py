"""Lambda functions: which outside callers their resource-based policies allow.

Each policy is judged by evaluating probe requests with ``seawall.policy``,
never by reading its text, so a ``Deny`` with ``"Principal": "*"`` counts as
a restriction. The Principal elements only supply which AWS services to ask
about.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from seawall.checks._s3_access import named_accounts
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity
from seawall.policy import (
    Decision,
    Policy,
    PolicyError,
    Principal,
    Request,
    evaluate_policy,
    parse_policy,
)

# Actions whose grant to outsiders lets them run, read or replace the function.
PROBE_ACTIONS = (
    "lambda:InvokeFunction",
    "lambda:InvokeFunctionUrl",
    "lambda:GetFunction",
    "lambda:UpdateFunctionCode",
)
PROBE_ROLE = "seawall-probe"
URL_ACTION = "lambda:InvokeFunctionUrl"
URL_AUTH_TYPE = "lambda:FunctionUrlAuthType"
NO_CONDITION = "no aws:SourceAccount or aws:SourceArn condition limits it to this account"


@dataclass(frozen=True)
class Caller:
    """A probe caller: how a finding names it, and the contexts its requests carry."""

    label: str
    principal: Principal
    # Contexts tried for every action. One allowed request is enough.
    contexts: tuple[Mapping[str, Any], ...]
    # Extra contexts tried for lambda:InvokeFunctionUrl only.
    url_contexts: tuple[Mapping[str, Any], ...] = ()


def _outside_account(policy: Policy, owner: str) -> str:
    """Return an account id that neither owns the function nor is named in the policy."""
    taken = {owner, *named_accounts(policy)}
    candidate = 999999999999
    while f"{candidate:012d}" in taken:
        candidate -= 1
    return f"{candidate:012d}"


def _named_services(policy: Policy) -> list[str]:
    names: set[str] = set()
    for statement in policy.statements:
        if statement.effect == "Allow" and statement.principal is not None:
            names.update(s.lower() for s in statement.principal.service)
    return sorted(names)


def _callers(policy: Policy, owner: str, partition: str, region: str) -> list[Caller]:
    """Return the outsiders to probe: anonymous, another account, and each named service.

    A function URL with AuthType NONE is opened by a statement conditioned on
    ``lambda:FunctionUrlAuthType`` = NONE, so the anonymous URL request carries
    that key. A service is asked on behalf of another account, which is what a
    missing ``aws:SourceAccount``/``aws:SourceArn`` condition allows (the
    confused deputy problem).
    """
    outsider = _outside_account(policy, owner)
    callers = [
        Caller(
            "anonymous callers",
            Principal.anonymous(),
            ({},),
            ({URL_AUTH_TYPE: "NONE"},),
        ),
        Caller(
            f"principals of another account such as {outsider}",
            Principal.aws(f"arn:{partition}:iam::{outsider}:role/{PROBE_ROLE}"),
            ({},),
            ({URL_AUTH_TYPE: "AWS_IAM"},),
        ),
    ]
    for service in _named_services(policy):
        prefix = service.split(".", 1)[0]
        foreign = {
            "aws:SourceAccount": outsider,
            "aws:SourceArn": f"arn:{partition}:{prefix}:{region}:{outsider}:{PROBE_ROLE}",
        }
        callers.append(
            Caller(
                f"{service} acting for another account ({NO_CONDITION})",
                Principal.service(service),
                ({}, {"aws:SourceAccount": outsider}, foreign),
            )
        )
    return callers


def _allowed(
    policy: Policy,
    function_arn: str,
    owner: str,
    caller: Caller,
    action: str,
    contexts: Sequence[Mapping[str, Any]],
) -> bool:
    return any(
        evaluate_policy(
            policy,
            Request(
                action=action,
                resource=function_arn,
                principal=caller.principal,
                context=context,
                resource_account=owner,
            ),
        ).decision
        is Decision.ALLOWED
        for context in contexts
    )


def _action_grants(policy: Policy, function_arn: str, owner: str, caller: Caller) -> list[str]:
    """Return the probe actions the policy allows ``caller``, marking URL-only grants."""
    granted = []
    for action in PROBE_ACTIONS:
        if _allowed(policy, function_arn, owner, caller, action, caller.contexts):
            granted.append(action)
        elif action == URL_ACTION and _allowed(
            policy, function_arn, owner, caller, action, caller.url_contexts
        ):
            auth_type = caller.url_contexts[0][URL_AUTH_TYPE]
            granted.append(f"{action} (function URL AuthType {auth_type})")
    return granted


def public_grants(
    policy: Policy, function_arn: str, owner: str, partition: str, region: str
) -> list[str]:
    """Return one phrase per group of outside callers and the actions the policy allows them."""
    grouped: dict[tuple[str, ...], list[str]] = {}
    for caller in _callers(policy, owner, partition, region):
        grants = _action_grants(policy, function_arn, owner, caller)
        if grants:
            grouped.setdefault(tuple(grants), []).append(caller.label)
    return [
        f"allows {', '.join(grants)} to {' and '.join(labels)}"
        for grants, labels in grouped.items()
    ]


def _function_policy(ctx: CheckContext, name: str, region: str) -> Policy | None:
    """Return the parsed resource-based policy, None when the function has none."""
    data = ctx.data("lambda", "GetPolicy", region, name, allow_not_found=True)
    if data is None:
        return None
    try:
        return parse_policy(data.get("Policy", ""), name=f"resource-based policy of {name}")
    except PolicyError as invalid:
        raise DataUnavailable(
            f"could not assess: invalid resource-based policy: {invalid.message}"
        ) from invalid


@check(
    id="lambda.function_public",
    title="Lambda function policies do not allow public access",
    severity=Severity.CRITICAL,
    practice=Practice.IAM,
    permissions=("lambda:ListFunctions", "lambda:GetPolicy"),
    risk=(
        "A function whose resource-based policy admits anyone can be invoked, read or "
        "replaced by any AWS account or by anonymous callers, which runs code and spends "
        "money in this account and exposes the data the function can reach."
    ),
    remediation=(
        "aws lambda remove-permission --function-name FUNCTION --statement-id SID; for a "
        "grant to an AWS service, add an aws:SourceAccount or aws:SourceArn condition "
        "(aws lambda add-permission ... --source-account ACCOUNT_ID --source-arn SOURCE_ARN)"
    ),
    fsbp=("Lambda.1",),
)
def function_public(ctx: CheckContext) -> Iterator[Finding]:
    partition = ctx.snapshot.partition

    def judge(function: Mapping[str, Any], region: str) -> Finding:
        name = str(function.get("FunctionName", ""))
        arn = str(function.get("FunctionArn", name))
        try:
            policy = _function_policy(ctx, name, region)
        except DataUnavailable as missing:
            return ctx.error(arn, missing.reason, region)
        if policy is None:
            return ctx.passed(arn, "no resource-based policy", region)
        grants = public_grants(policy, arn, ctx.account_id, partition, region)
        if grants:
            return ctx.failed(arn, "policy " + "; ".join(grants), region)
        return ctx.passed(
            arn,
            "policy allows no access to anonymous callers, other "
            "accounts or services acting for them",
            region,
        )

    def in_region(region: str) -> Iterator[Finding]:
        functions = ctx.data("lambda", "ListFunctions", region).get("Functions", [])
        if not functions:
            yield ctx.not_applicable(ctx.region_resource(region), "no Lambda functions", region)
        for function in functions:
            yield judge(function, region)

    return ctx.per_region(in_region)
