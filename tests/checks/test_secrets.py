"""Tests for the secrets checks, over Snapshots built in code."""

from __future__ import annotations

from typing import Any

import pytest
from _snapshots_services import (
    ACCOUNT,
    FAKE_ACCESS_KEY_ID,
    FAKE_PASSWORD,
    FAKE_SECRET_ACCESS_KEY,
    PLANTED_VALUES,
    REGION,
    CallRecord,
    Result,
    days_ago,
    failed,
    ok,
    region_resource,
    run,
    snapshot,
)

import seawall.checks.secrets  # noqa: F401  (registers the checks)
from seawall.aws.outcome import CallStatus
from seawall.inventory.redact import redact_mapping, redact_value

SECRET_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:db-AbCdEf"
REFERENCE_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:prod/db-XyZ123"


def secret(**fields: Any) -> dict[str, Any]:
    return {"ARN": SECRET_ARN, "Name": "db", "CreatedDate": days_ago(400), **fields}


def secrets_snapshot(*secrets: dict[str, Any]) -> Any:
    return snapshot(ok("secretsmanager", "ListSecrets", {"SecretList": list(secrets)}))


NO_SECRETS: Result = ("not_applicable", region_resource(), "no Secrets Manager secrets")
LIST_DENIED = snapshot(
    failed("secretsmanager", "ListSecrets", CallStatus.ACCESS_DENIED, code="AccessDeniedException")
)
LIST_DENIED_RESULT: Result = (
    "error",
    region_resource(),
    "could not assess: AccessDeniedException on secretsmanager:ListSecrets in us-east-1",
)
DELETED: Result = ("not_applicable", SECRET_ARN, "secret is scheduled for deletion")


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        pytest.param(
            secrets_snapshot(secret(RotationEnabled=True)),
            [("pass", SECRET_ARN, "automatic rotation is enabled")],
            id="enabled",
        ),
        pytest.param(
            secrets_snapshot(secret(RotationEnabled=False)),
            [("fail", SECRET_ARN, "automatic rotation is not enabled")],
            id="disabled",
        ),
        pytest.param(
            secrets_snapshot(secret()),
            [("fail", SECRET_ARN, "automatic rotation is not enabled")],
            id="field-absent",
        ),
        pytest.param(
            secrets_snapshot(secret(DeletedDate=days_ago(1))), [DELETED], id="pending-deletion"
        ),
        pytest.param(secrets_snapshot(), [NO_SECRETS], id="no-secrets"),
        pytest.param(LIST_DENIED, [LIST_DENIED_RESULT], id="list-denied"),
    ],
)
def test_rotation_enabled(snap: Any, expected: list[Result]) -> None:
    assert run("secretsmanager.rotation_enabled", snap) == expected


ROTATION_30 = {"RotationEnabled": True, "RotationRules": {"AutomaticallyAfterDays": 30}}


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        pytest.param(
            secrets_snapshot(secret(LastRotatedDate=days_ago(10), **ROTATION_30)),
            [("pass", SECRET_ARN, "last rotated 10 days ago, within 30 days")],
            id="within-interval",
        ),
        pytest.param(
            secrets_snapshot(secret(LastRotatedDate=days_ago(45), **ROTATION_30)),
            [("fail", SECRET_ARN, "last rotated 45 days ago, more than 30 days")],
            id="past-interval",
        ),
        pytest.param(
            secrets_snapshot(secret(LastRotatedDate=days_ago(80))),
            [("pass", SECRET_ARN, "last rotated 80 days ago, within 90 days")],
            id="no-rotation-within-90",
        ),
        pytest.param(
            secrets_snapshot(secret(CreatedDate=days_ago(100))),
            [("fail", SECRET_ARN, "never rotated, created 100 days ago, more than 90 days")],
            id="never-rotated-old",
        ),
        pytest.param(
            secrets_snapshot(secret(CreatedDate=days_ago(5))),
            [("pass", SECRET_ARN, "never rotated, created 5 days ago, within 90 days")],
            id="never-rotated-new",
        ),
        pytest.param(
            secrets_snapshot({"ARN": SECRET_ARN, "Name": "db"}),
            [
                (
                    "error",
                    SECRET_ARN,
                    "could not assess: the secret has no CreatedDate in the snapshot",
                )
            ],
            id="no-dates",
        ),
        pytest.param(
            secrets_snapshot(secret(LastRotatedDate="last tuesday")),
            [
                (
                    "error",
                    SECRET_ARN,
                    "could not assess: invalid ISO 8601 timestamp 'last tuesday'",
                )
            ],
            id="invalid-date",
        ),
        pytest.param(
            secrets_snapshot(secret(DeletedDate=days_ago(1))), [DELETED], id="pending-deletion"
        ),
        pytest.param(LIST_DENIED, [LIST_DENIED_RESULT], id="list-denied"),
    ],
)
def test_rotated_recently(snap: Any, expected: list[Result]) -> None:
    assert run("secretsmanager.rotated_recently", snap) == expected


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        pytest.param(
            secrets_snapshot(secret(LastAccessedDate=days_ago(10))),
            [("pass", SECRET_ARN, "last accessed 10 days ago, within 90 days")],
            id="used",
        ),
        pytest.param(
            secrets_snapshot(secret(LastAccessedDate=days_ago(120))),
            [("fail", SECRET_ARN, "last accessed 120 days ago, more than 90 days")],
            id="unused",
        ),
        pytest.param(
            secrets_snapshot(secret(CreatedDate=days_ago(200))),
            [("fail", SECRET_ARN, "never accessed, created 200 days ago, more than 90 days")],
            id="never-used-old",
        ),
        pytest.param(
            secrets_snapshot(secret(CreatedDate=days_ago(3))),
            [("pass", SECRET_ARN, "never accessed, created 3 days ago, within 90 days")],
            id="never-used-new",
        ),
        pytest.param(
            secrets_snapshot(secret(DeletedDate=days_ago(1))), [DELETED], id="pending-deletion"
        ),
        pytest.param(secrets_snapshot(), [NO_SECRETS], id="no-secrets"),
        pytest.param(LIST_DENIED, [LIST_DENIED_RESULT], id="list-denied"),
    ],
)
def test_secret_unused(snap: Any, expected: list[Result]) -> None:
    assert run("secretsmanager.secret_unused", snap) == expected


FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:api"


def lambda_snapshot(variables: dict[str, Any] | None, *, redact: bool = True) -> Any:
    function: dict[str, Any] = {"FunctionName": "api", "FunctionArn": FUNCTION_ARN}
    if variables is not None:
        stored = redact_mapping(variables) if redact else variables
        function["Environment"] = {"Variables": stored}
    return snapshot(ok("lambda", "ListFunctions", {"Functions": [function]}))


LAMBDA_CASES = [
    pytest.param(
        lambda_snapshot({"DB_PASSWORD": FAKE_PASSWORD, "LOG_LEVEL": "info"}),
        [
            (
                "fail",
                FUNCTION_ARN,
                "environment variables look secret: DB_PASSWORD (name contains 'password')",
            )
        ],
        id="password-by-name",
    ),
    pytest.param(
        lambda_snapshot({"AWS_KEY": FAKE_ACCESS_KEY_ID, "AWS_SIGNATURE": FAKE_SECRET_ACCESS_KEY}),
        [
            (
                "fail",
                FUNCTION_ARN,
                "environment variables look secret: "
                "AWS_KEY (value has the shape of an AWS access key id), "
                "AWS_SIGNATURE (value has the shape of an AWS secret access key)",
            )
        ],
        id="aws-keys-by-value",
    ),
    pytest.param(
        lambda_snapshot({"DB_PASSWORD": FAKE_PASSWORD}, redact=False),
        [
            (
                "fail",
                FUNCTION_ARN,
                "environment variables look secret: DB_PASSWORD (name contains 'password')",
            )
        ],
        id="unredacted-old-snapshot",
    ),
    pytest.param(
        lambda_snapshot(
            {
                "DB_PASSWORD": REFERENCE_ARN,
                "PASSWORD_FILE": "/run/secrets/db",
                "TOKEN_URL": "https://auth.example.com/oauth/token",
                "LOG_LEVEL": "info",
            }
        ),
        [("pass", FUNCTION_ARN, "no environment variable looks secret (4 checked)")],
        id="references-and-descriptive-names",
    ),
    pytest.param(
        lambda_snapshot(None),
        [("pass", FUNCTION_ARN, "no environment variables")],
        id="no-environment",
    ),
    pytest.param(
        snapshot(ok("lambda", "ListFunctions", {"Functions": []})),
        [("not_applicable", region_resource(), "no Lambda functions")],
        id="no-functions",
    ),
    pytest.param(
        snapshot(
            failed(
                "lambda",
                "ListFunctions",
                CallStatus.ACCESS_DENIED,
                code="AccessDeniedException",
            )
        ),
        [
            (
                "error",
                region_resource(),
                "could not assess: AccessDeniedException on lambda:ListFunctions in us-east-1",
            )
        ],
        id="list-denied",
    ),
]


@pytest.mark.parametrize(("snap", "expected"), LAMBDA_CASES)
def test_lambda_environment_secrets(snap: Any, expected: list[Result]) -> None:
    assert run("lambda.environment_secrets", snap) == expected


TASK_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:3"


def ecs_snapshot(*containers: dict[str, Any], describe: CallRecord | None = None) -> Any:
    listed = ok("ecs", "ListTaskDefinitions", {"taskDefinitionArns": [TASK_ARN]})
    if describe is None:
        definition = {"taskDefinitionArn": TASK_ARN, "containerDefinitions": list(containers)}
        describe = ok(
            "ecs", "DescribeTaskDefinition", {"taskDefinition": definition}, resource=TASK_ARN
        )
    return snapshot(listed, describe)


def container(name: str, environment: dict[str, str], **extra: Any) -> dict[str, Any]:
    env = [{"name": k, "value": redact_value(v)} for k, v in environment.items()]
    return {"name": name, "environment": env, **extra}


ECS_CASES = [
    pytest.param(
        ecs_snapshot(
            container("web", {"DB_PASSWORD": FAKE_PASSWORD, "PORT": "8080"}),
            container("sidecar", {"CONFIG": FAKE_ACCESS_KEY_ID}),
        ),
        [
            (
                "fail",
                TASK_ARN,
                "container environment looks secret: web: DB_PASSWORD (name contains "
                "'password'); sidecar: CONFIG (value has the shape of an AWS access key id)",
            )
        ],
        id="secrets-in-two-containers",
    ),
    pytest.param(
        ecs_snapshot(
            container(
                "web",
                {"PORT": "8080"},
                secrets=[{"name": "DB_PASSWORD", "valueFrom": REFERENCE_ARN}],
            )
        ),
        [("pass", TASK_ARN, "no container environment variable looks secret (1 checked)")],
        id="secrets-block-is-fine",
    ),
    pytest.param(
        ecs_snapshot(
            describe=failed(
                "ecs",
                "DescribeTaskDefinition",
                CallStatus.ACCESS_DENIED,
                resource=TASK_ARN,
                code="AccessDeniedException",
            )
        ),
        [
            (
                "error",
                TASK_ARN,
                "could not assess: AccessDeniedException on ecs:DescribeTaskDefinition "
                f"for {TASK_ARN} in us-east-1",
            )
        ],
        id="describe-denied",
    ),
    pytest.param(
        snapshot(ok("ecs", "ListTaskDefinitions", {"taskDefinitionArns": []})),
        [("not_applicable", region_resource(), "no active ECS task definitions")],
        id="no-task-definitions",
    ),
]


@pytest.mark.parametrize(("snap", "expected"), ECS_CASES)
def test_ecs_task_definition_secrets(snap: Any, expected: list[Result]) -> None:
    assert run("ecs.task_definition_secrets", snap) == expected


def parameter_arn(name: str) -> str:
    return f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{name}"


def ssm_snapshot(name: str, kind: str, value: str | None = None) -> Any:
    records = [ok("ssm", "DescribeParameters", {"Parameters": [{"Name": name, "Type": kind}]})]
    if value is not None:
        stored = {"Parameter": {"Name": name, "Type": kind, "Value": redact_value(value)}}
        records.append(ok("ssm", "GetParameter", stored, resource=name))
    return snapshot(*records)


SSM_CASES = [
    pytest.param(
        ssm_snapshot("/app/db/password", "SecureString"),
        [("pass", parameter_arn("/app/db/password"), "SecureString parameter, encrypted with KMS")],
        id="secure-string",
    ),
    pytest.param(
        ssm_snapshot("/app/db/password", "String", FAKE_PASSWORD),
        [
            (
                "fail",
                parameter_arn("/app/db/password"),
                "String parameter looks secret: name contains 'password'",
            )
        ],
        id="password-name",
    ),
    pytest.param(
        ssm_snapshot("/app/build/settings", "StringList", FAKE_SECRET_ACCESS_KEY),
        [
            (
                "fail",
                parameter_arn("/app/build/settings"),
                "StringList parameter looks secret: value has the shape of an AWS secret "
                "access key",
            )
        ],
        id="secret-value-shape",
    ),
    pytest.param(
        ssm_snapshot("/app/db/password", "String", REFERENCE_ARN),
        [("pass", parameter_arn("/app/db/password"), "String parameter does not look secret")],
        id="value-is-reference",
    ),
    pytest.param(
        ssm_snapshot("log-level", "String", "debug"),
        [("pass", parameter_arn("/log-level"), "String parameter does not look secret")],
        id="plain-setting",
    ),
    pytest.param(
        ssm_snapshot("/app/api/token", "String"),
        [
            (
                "error",
                parameter_arn("/app/api/token"),
                "could not assess: ssm:GetParameter for /app/api/token in us-east-1 "
                "was not collected",
            )
        ],
        id="value-not-collected",
    ),
    pytest.param(
        snapshot(ok("ssm", "DescribeParameters", {"Parameters": []})),
        [("not_applicable", region_resource(), "no SSM parameters")],
        id="no-parameters",
    ),
]


@pytest.mark.parametrize(("snap", "expected"), SSM_CASES)
def test_ssm_parameter_secret_plaintext(snap: Any, expected: list[Result]) -> None:
    assert run("ssm.parameter_secret_plaintext", snap) == expected


GOLDEN_CASES = [case for cases in (LAMBDA_CASES, ECS_CASES, SSM_CASES) for case in cases]


@pytest.mark.parametrize(("snap", "expected"), GOLDEN_CASES)
def test_goldens_hold_no_planted_value(snap: Any, expected: list[Result]) -> None:
    del snap
    text = repr(expected)
    assert [value for value in PLANTED_VALUES if value in text] == []


@pytest.mark.parametrize(
    "check_id",
    ["lambda.environment_secrets", "ecs.task_definition_secrets", "ssm.parameter_secret_plaintext"],
)
@pytest.mark.parametrize(("snap", "expected"), GOLDEN_CASES)
def test_findings_hold_no_planted_value(check_id: str, snap: Any, expected: list[Result]) -> None:
    del expected
    text = repr(run(check_id, snap))
    assert [value for value in PLANTED_VALUES if value in text] == []


def test_unredacted_snapshot_value_not_in_finding() -> None:
    snap = lambda_snapshot({"SETTING": FAKE_ACCESS_KEY_ID}, redact=False)
    findings = run("lambda.environment_secrets", snap)
    assert findings == [
        (
            "fail",
            FUNCTION_ARN,
            "environment variables look secret: SETTING (value has the shape of an AWS "
            "access key id)",
        )
    ]
    assert FAKE_ACCESS_KEY_ID not in repr(findings)
