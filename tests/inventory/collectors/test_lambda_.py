from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.lambda_ import collect_lambda

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
FAKE_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def _handler_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return None\n")
    return buffer.getvalue()


def _create_functions(session: boto3.Session) -> None:
    role = session.client("iam").create_role(
        RoleName="lambda-exec", AssumeRolePolicyDocument=json.dumps(TRUST)
    )["Role"]["Arn"]
    client = session.client("lambda", region_name=REGION)
    for name, variables in (("with-env", {"AWS_SECRET_ACCESS_KEY": FAKE_KEY}), ("plain", None)):
        params = {
            "FunctionName": name,
            "Runtime": "python3.12",
            "Role": role,
            "Handler": "handler.handler",
            "Code": {"ZipFile": _handler_zip()},
        }
        if variables is not None:
            params["Environment"] = {"Variables": variables}
        client.create_function(**params)
    client.add_permission(
        FunctionName="with-env",
        StatementId="s3-invoke",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
    )


def test_lambda_records_policy_per_function(
    session: boto3.Session, ctx: CollectContext, statuses: Statuses
) -> None:
    _create_functions(session)

    collect_lambda(ctx, REGION)

    assert statuses() == {
        ("lambda", REGION, "ListFunctions", ""): "ok",
        ("lambda", REGION, "GetPolicy", "with-env"): "ok",
        ("lambda", REGION, "GetPolicy", "plain"): "not_found",
    }


def test_lambda_environment_redacted(session: boto3.Session, ctx: CollectContext) -> None:
    _create_functions(session)

    collect_lambda(ctx, REGION)

    record = ctx.snapshot.get("lambda", "ListFunctions", REGION)
    assert record is not None
    functions = {f["FunctionName"]: f for f in record.data["Functions"]}
    variable = functions["with-env"]["Environment"]["Variables"]["AWS_SECRET_ACCESS_KEY"]
    assert variable["redacted"] is True
    assert variable["length"] == len(FAKE_KEY)
    assert "Environment" not in functions["plain"] or not functions["plain"]["Environment"].get(
        "Variables"
    )
    assert FAKE_KEY not in json.dumps([r.to_json() for r in ctx.snapshot.records.values()])


def test_lambda_denied_list(
    session: boto3.Session,
    ctx: CollectContext,
    deny: Callable[[str, str], None],
    statuses: Statuses,
) -> None:
    _create_functions(session)
    deny("lambda", "ListFunctions")

    collect_lambda(ctx, REGION)

    assert statuses() == {("lambda", REGION, "ListFunctions", ""): "access_denied"}
