"""Secrets handling: Secrets Manager hygiene, and secrets left in plain configuration."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from seawall.checks._collection_time import age_in_days
from seawall.checks._secret_detection import describe_secrets, secret_evidence
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity

# Maximum days since a secret's last rotation or last use, unless its own
# rotation interval sets the limit.
MAX_SECRET_AGE_DAYS = 90

SecretJudge = Callable[[str, dict[str, Any]], Finding]


def _region_secrets(ctx: CheckContext, region: str) -> list[dict[str, Any]]:
    return list(ctx.data("secretsmanager", "ListSecrets", region).get("SecretList", []))


def _per_live_secret(ctx: CheckContext, judge: SecretJudge) -> Iterator[Finding]:
    """Run ``judge(region, secret)`` for every secret not scheduled for deletion."""

    def in_region(region: str) -> Iterator[Finding]:
        secrets = _region_secrets(ctx, region)
        if not secrets:
            yield ctx.not_applicable(
                ctx.region_resource(region), "no Secrets Manager secrets", region
            )
        for secret in secrets:
            arn = str(secret.get("ARN", ""))
            if secret.get("DeletedDate"):
                yield ctx.not_applicable(arn, "secret is scheduled for deletion", region)
                continue
            try:
                yield judge(region, secret)
            except ValueError as exc:
                yield ctx.error(arn, f"could not assess: {exc}", region)

    return ctx.per_region(in_region)


@check(
    id="secretsmanager.rotation_enabled",
    title="Secrets Manager secrets rotate automatically",
    severity=Severity.MEDIUM,
    practice=Practice.SECRETS,
    permissions=("secretsmanager:ListSecrets",),
    risk=(
        "A secret that is never rotated stays valid after it leaks, so anyone who copied it "
        "keeps access until someone notices."
    ),
    remediation=(
        "aws secretsmanager rotate-secret --secret-id SECRET_ARN "
        "--rotation-lambda-arn ROTATION_FUNCTION_ARN "
        "--rotation-rules AutomaticallyAfterDays=30"
    ),
    fsbp=("SecretsManager.1",),
)
def rotation_enabled(ctx: CheckContext) -> Iterator[Finding]:
    def judge(region: str, secret: dict[str, Any]) -> Finding:
        arn = str(secret.get("ARN", ""))
        if secret.get("RotationEnabled") is True:
            return ctx.passed(arn, "automatic rotation is enabled", region)
        return ctx.failed(arn, "automatic rotation is not enabled", region)

    return _per_live_secret(ctx, judge)


@check(
    id="secretsmanager.rotated_recently",
    title="Secrets Manager secrets were rotated within their rotation interval",
    severity=Severity.MEDIUM,
    practice=Practice.SECRETS,
    permissions=("secretsmanager:ListSecrets",),
    risk=(
        "A secret older than its rotation interval means rotation is failing or was never set "
        "up, and a leaked copy is still valid."
    ),
    remediation=(
        "aws secretsmanager rotate-secret --secret-id SECRET_ARN, then read the rotation "
        "function's CloudWatch logs for the cause of earlier failures"
    ),
    fsbp=("SecretsManager.2", "SecretsManager.4"),
)
def rotated_recently(ctx: CheckContext) -> Iterator[Finding]:
    def judge(region: str, secret: dict[str, Any]) -> Finding:
        arn = str(secret.get("ARN", ""))
        limit = _rotation_limit(secret)
        rotated = secret.get("LastRotatedDate")
        if rotated:
            age = age_in_days(ctx.snapshot, str(rotated))
            description = f"last rotated {age} days ago"
        else:
            age = age_in_days(ctx.snapshot, _created(secret))
            description = f"never rotated, created {age} days ago"
        if age > limit:
            return ctx.failed(arn, f"{description}, more than {limit} days", region)
        return ctx.passed(arn, f"{description}, within {limit} days", region)

    return _per_live_secret(ctx, judge)


def _rotation_limit(secret: dict[str, Any]) -> int:
    rules = secret.get("RotationRules") or {}
    interval = rules.get("AutomaticallyAfterDays")
    if secret.get("RotationEnabled") is True and isinstance(interval, int) and interval > 0:
        return interval
    return MAX_SECRET_AGE_DAYS


def _created(secret: dict[str, Any]) -> str:
    created = secret.get("CreatedDate")
    if not created:
        raise ValueError("the secret has no CreatedDate in the snapshot")
    return str(created)


@check(
    id="secretsmanager.secret_unused",
    title="Secrets Manager secrets were used in the last 90 days",
    severity=Severity.MEDIUM,
    practice=Practice.SECRETS,
    permissions=("secretsmanager:ListSecrets",),
    risk=(
        "An unused secret is a credential nobody watches: if it still works somewhere it can "
        "be stolen and used without anyone noticing."
    ),
    remediation=(
        "Confirm nothing needs it, then "
        "aws secretsmanager delete-secret --secret-id SECRET_ARN --recovery-window-in-days 30"
    ),
    fsbp=("SecretsManager.3",),
)
def secret_unused(ctx: CheckContext) -> Iterator[Finding]:
    def judge(region: str, secret: dict[str, Any]) -> Finding:
        arn = str(secret.get("ARN", ""))
        accessed = secret.get("LastAccessedDate")
        if accessed:
            age = age_in_days(ctx.snapshot, str(accessed))
            description = f"last accessed {age} days ago"
        else:
            age = age_in_days(ctx.snapshot, _created(secret))
            description = f"never accessed, created {age} days ago"
        if age > MAX_SECRET_AGE_DAYS:
            return ctx.failed(arn, f"{description}, more than {MAX_SECRET_AGE_DAYS} days", region)
        return ctx.passed(arn, f"{description}, within {MAX_SECRET_AGE_DAYS} days", region)

    return _per_live_secret(ctx, judge)


@check(
    id="lambda.environment_secrets",
    title="Lambda environment variables contain no secrets",
    severity=Severity.HIGH,
    practice=Practice.SECRETS,
    permissions=("lambda:ListFunctions",),
    risk=(
        "Environment variables are shown to everyone allowed lambda:GetFunctionConfiguration "
        "and end up in logs and crash reports, so a secret there is widely readable."
    ),
    remediation=(
        "Store the value in Secrets Manager (aws secretsmanager create-secret --name NAME "
        "--secret-string file://value.txt), read it at run time, and remove the variable: "
        "aws lambda update-function-configuration --function-name NAME --environment "
        "file://environment-without-secret.json"
    ),
)
def lambda_environment_secrets(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        functions = ctx.data("lambda", "ListFunctions", region).get("Functions", [])
        if not functions:
            yield ctx.not_applicable(ctx.region_resource(region), "no Lambda functions", region)
        for function in functions:
            arn = str(function.get("FunctionArn", function.get("FunctionName", "")))
            variables = (function.get("Environment") or {}).get("Variables") or {}
            yield _variables_finding(ctx, arn, region, variables)

    return ctx.per_region(in_region)


def _variables_finding(
    ctx: CheckContext, arn: str, region: str, variables: dict[str, Any]
) -> Finding:
    if not variables:
        return ctx.passed(arn, "no environment variables", region)
    found = describe_secrets(variables)
    if found:
        return ctx.failed(arn, f"environment variables look secret: {', '.join(found)}", region)
    checked = len(variables)
    return ctx.passed(arn, f"no environment variable looks secret ({checked} checked)", region)


@check(
    id="ecs.task_definition_secrets",
    title="ECS task definitions pass no secrets as plain environment variables",
    severity=Severity.HIGH,
    practice=Practice.SECRETS,
    permissions=("ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition"),
    risk=(
        "Container environment values are readable by everyone allowed "
        "ecs:DescribeTaskDefinition, on every revision, for as long as the revision exists."
    ),
    remediation=(
        "Move the value to Secrets Manager or a SecureString parameter and reference it from "
        'the container definition: "secrets": [{"name": "DB_PASSWORD", "valueFrom": '
        '"arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:NAME"}], then register a new '
        "revision and deregister the old ones"
    ),
    fsbp=("ECS.8",),
)
def ecs_task_definition_secrets(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        listed = ctx.data("ecs", "ListTaskDefinitions", region)
        arns = [str(arn) for arn in listed.get("taskDefinitionArns", [])]
        if not arns:
            yield ctx.not_applicable(
                ctx.region_resource(region), "no active ECS task definitions", region
            )
        for arn in arns:
            try:
                described = ctx.data("ecs", "DescribeTaskDefinition", region, arn)
            except DataUnavailable as missing:
                yield ctx.error(arn, missing.reason, region)
                continue
            yield _task_definition_finding(ctx, arn, region, described.get("taskDefinition", {}))

    return ctx.per_region(in_region)


def _task_definition_finding(
    ctx: CheckContext, arn: str, region: str, definition: dict[str, Any]
) -> Finding:
    found: list[str] = []
    count = 0
    for container in definition.get("containerDefinitions", []):
        variables = {
            str(item.get("name", "")): item.get("value")
            for item in container.get("environment") or []
        }
        count += len(variables)
        found.extend(
            f"{container.get('name', '?')}: {entry}" for entry in describe_secrets(variables)
        )
    if found:
        return ctx.failed(arn, f"container environment looks secret: {'; '.join(found)}", region)
    return ctx.passed(
        arn, f"no container environment variable looks secret ({count} checked)", region
    )


@check(
    id="ssm.parameter_secret_plaintext",
    title="SSM parameters that contain secrets are SecureString",
    severity=Severity.HIGH,
    practice=Practice.SECRETS,
    permissions=("ssm:DescribeParameters", "ssm:GetParameter"),
    risk=(
        "A String parameter is stored and returned unencrypted, so a secret in it is readable "
        "by anyone allowed ssm:GetParameter and appears in plain text in the console."
    ),
    remediation=(
        "aws ssm put-parameter --name NAME --type SecureString --key-id KMS_KEY_ARN "
        "--value file://value.txt --overwrite (delete and recreate the parameter if it "
        "refuses to change type)"
    ),
)
def ssm_parameter_secret_plaintext(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        parameters = ctx.data("ssm", "DescribeParameters", region).get("Parameters", [])
        if not parameters:
            yield ctx.not_applicable(ctx.region_resource(region), "no SSM parameters", region)
        for parameter in parameters:
            yield _parameter_finding(ctx, region, parameter)

    return ctx.per_region(in_region)


def _parameter_finding(ctx: CheckContext, region: str, parameter: dict[str, Any]) -> Finding:
    name = str(parameter.get("Name", ""))
    arn = str(parameter.get("ARN") or _parameter_arn(ctx, region, name))
    kind = parameter.get("Type")
    if kind == "SecureString":
        return ctx.passed(arn, "SecureString parameter, encrypted with KMS", region)
    try:
        data = ctx.data("ssm", "GetParameter", region, name)
    except DataUnavailable as missing:
        return ctx.error(arn, missing.reason, region)
    evidence = secret_evidence(name, (data.get("Parameter") or {}).get("Value"))
    if evidence is not None:
        return ctx.failed(arn, f"{kind} parameter looks secret: {evidence}", region)
    return ctx.passed(arn, f"{kind} parameter does not look secret", region)


def _parameter_arn(ctx: CheckContext, region: str, name: str) -> str:
    path = name if name.startswith("/") else f"/{name}"
    return f"arn:{ctx.snapshot.partition}:ssm:{region}:{ctx.account_id}:parameter{path}"
