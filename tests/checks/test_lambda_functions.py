"""Tests for the Lambda resource-based policy check, over Snapshots built in code."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _snapshots_services import (
    ACCOUNT,
    OTHER_REGION,
    REGION,
    CallRecord,
    failed,
    ok,
    region_resource,
    run_with_regions,
    snapshot,
)

import seawall.checks.lambda_functions  # noqa: F401  (registers the check)
from seawall.aws.outcome import CallStatus
from seawall.inventory.snapshot import Snapshot

CHECK = "lambda.function_public"
NAME = "orders-api"
ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{NAME}"
OUTSIDER = "principals of another account such as 999999999999"
ALL_ACTIONS = (
    "lambda:InvokeFunction, lambda:InvokeFunctionUrl, lambda:GetFunction, lambda:UpdateFunctionCode"
)
S3_DEPUTY = (
    "s3.amazonaws.com acting for another account "
    "(no aws:SourceAccount or aws:SourceArn condition limits it to this account)"
)
NOT_PUBLIC = (
    "policy allows no access to anonymous callers, other accounts or services acting for them"
)


def statement(
    principal: Any, action: str = "lambda:InvokeFunction", **extra: Any
) -> dict[str, Any]:
    return {
        "Sid": "probe",
        "Effect": "Allow",
        "Principal": principal,
        "Action": action,
        "Resource": ARN,
        **extra,
    }


def function_snapshot(*statements: dict[str, Any]) -> Snapshot:
    policy = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    return with_policy_record(ok("lambda", "GetPolicy", {"Policy": policy}, resource=NAME))


def with_policy_record(record: CallRecord) -> Snapshot:
    functions = {"Functions": [{"FunctionName": NAME, "FunctionArn": ARN}]}
    return snapshot(
        ok("lambda", "ListFunctions", functions),
        record,
        ok("lambda", "ListFunctions", {"Functions": []}, region=OTHER_REGION),
        regions=(REGION, OTHER_REGION),
    )


NO_FUNCTIONS = (
    "not_applicable",
    region_resource(OTHER_REGION),
    OTHER_REGION,
    "no Lambda functions",
)


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        pytest.param(
            function_snapshot(statement("*")),
            (
                "fail",
                ARN,
                REGION,
                f"policy allows lambda:InvokeFunction to anonymous callers and {OUTSIDER}",
            ),
            id="public-invoke",
        ),
        pytest.param(
            function_snapshot(statement({"AWS": "*"}, "lambda:*")),
            (
                "fail",
                ARN,
                REGION,
                f"policy allows {ALL_ACTIONS} to anonymous callers and {OUTSIDER}",
            ),
            id="public-all-actions",
        ),
        pytest.param(
            function_snapshot(
                statement({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "lambda:*",
                    "Resource": ARN,
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ),
            ("pass", ARN, REGION, NOT_PUBLIC),
            id="deny-star-not-public",
        ),
        pytest.param(
            function_snapshot(
                statement("*", Condition={"StringEquals": {"aws:PrincipalAccount": ACCOUNT}})
            ),
            ("pass", ARN, REGION, NOT_PUBLIC),
            id="account-restricted",
        ),
        pytest.param(
            function_snapshot(statement({"AWS": "444455556666"})),
            ("pass", ARN, REGION, NOT_PUBLIC),
            id="named-account-not-public",
        ),
        pytest.param(
            function_snapshot(statement({"Service": "s3.amazonaws.com"})),
            ("fail", ARN, REGION, f"policy allows lambda:InvokeFunction to {S3_DEPUTY}"),
            id="service-without-source",
        ),
        pytest.param(
            function_snapshot(
                statement(
                    {"Service": "s3.amazonaws.com"},
                    Condition={"ArnLike": {"aws:SourceArn": "arn:aws:s3:::orders-uploads"}},
                )
            ),
            ("pass", ARN, REGION, NOT_PUBLIC),
            id="service-with-source-arn",
        ),
        pytest.param(
            function_snapshot(
                statement(
                    {"Service": "sns.amazonaws.com"},
                    Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}},
                )
            ),
            ("pass", ARN, REGION, NOT_PUBLIC),
            id="service-with-source-account",
        ),
        pytest.param(
            function_snapshot(
                statement(
                    "*",
                    "lambda:InvokeFunctionUrl",
                    Condition={"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}},
                )
            ),
            (
                "fail",
                ARN,
                REGION,
                "policy allows lambda:InvokeFunctionUrl (function URL AuthType NONE) "
                "to anonymous callers",
            ),
            id="function-url-auth-none",
        ),
        pytest.param(
            function_snapshot(
                statement(
                    "*",
                    "lambda:InvokeFunctionUrl",
                    Condition={"StringEquals": {"lambda:FunctionUrlAuthType": "AWS_IAM"}},
                )
            ),
            (
                "fail",
                ARN,
                REGION,
                "policy allows lambda:InvokeFunctionUrl (function URL AuthType AWS_IAM) "
                f"to {OUTSIDER}",
            ),
            id="function-url-any-account",
        ),
        pytest.param(
            with_policy_record(failed("lambda", "GetPolicy", CallStatus.NOT_FOUND, resource=NAME)),
            ("pass", ARN, REGION, "no resource-based policy"),
            id="no-policy",
        ),
        pytest.param(
            with_policy_record(
                ok("lambda", "GetPolicy", {"Policy": '{"Statement": ['}, resource=NAME)
            ),
            (
                "error",
                ARN,
                REGION,
                "could not assess: invalid resource-based policy: "
                "line 1 column 16: invalid JSON: Expecting value; fix the syntax at this position",
            ),
            id="invalid-policy",
        ),
        pytest.param(
            with_policy_record(
                failed(
                    "lambda",
                    "GetPolicy",
                    CallStatus.ACCESS_DENIED,
                    resource=NAME,
                    code="AccessDeniedException",
                )
            ),
            (
                "error",
                ARN,
                REGION,
                f"could not assess: AccessDeniedException on lambda:GetPolicy for {NAME} "
                f"in {REGION}",
            ),
            id="policy-denied",
        ),
    ],
)
def test_function_public(snap: Snapshot, expected: tuple[str, str, str, str]) -> None:
    assert run_with_regions(CHECK, snap) == [expected, NO_FUNCTIONS]


def test_function_public_list_denied() -> None:
    snap = snapshot(
        failed("lambda", "ListFunctions", CallStatus.ACCESS_DENIED, code="AccessDeniedException")
    )
    assert run_with_regions(CHECK, snap) == [
        (
            "error",
            region_resource(),
            REGION,
            f"could not assess: AccessDeniedException on lambda:ListFunctions in {REGION}",
        )
    ]


@pytest.fixture
def fake_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.mark.usefixtures("fake_aws")
def test_function_public_demo_account() -> None:
    from seawall.demo.run import build_demo_snapshot

    findings = run_with_regions(CHECK, build_demo_snapshot())
    orders_api = [f for f in findings if f[1].endswith(":function:orders-api")]
    assert [(status, reason) for status, _, _, reason in orders_api] == [
        ("fail", f"policy allows lambda:InvokeFunction to anonymous callers and {OUTSIDER}")
    ]
