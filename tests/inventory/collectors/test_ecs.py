from __future__ import annotations

import json
from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.ecs import collect_ecs, redact_container_environment

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
FAKE_PASSWORD = "hunter2-FAKE-p4ssw0rd-8f14e45fceea"
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"


def _register(session: boto3.Session) -> list[str]:
    ecs = session.client("ecs", region_name=REGION)
    plain = ecs.register_task_definition(
        family="web",
        containerDefinitions=[
            {
                "name": "web",
                "image": "nginx",
                "memory": 128,
                "environment": [{"name": "DB_PASSWORD", "value": FAKE_PASSWORD}],
            }
        ],
    )
    referenced = ecs.register_task_definition(
        family="worker",
        containerDefinitions=[
            {
                "name": "worker",
                "image": "busybox",
                "memory": 128,
                "secrets": [{"name": "DB_PASSWORD", "valueFrom": SECRET_ARN}],
            }
        ],
    )
    return [
        plain["taskDefinition"]["taskDefinitionArn"],
        referenced["taskDefinition"]["taskDefinitionArn"],
    ]


def test_ecs_records_each_task_definition(
    session: boto3.Session, ctx: CollectContext, statuses: Statuses
) -> None:
    plain, referenced = _register(session)

    collect_ecs(ctx, REGION)

    assert statuses() == {
        ("ecs", REGION, "ListTaskDefinitions", ""): "ok",
        ("ecs", REGION, "DescribeTaskDefinition", plain): "ok",
        ("ecs", REGION, "DescribeTaskDefinition", referenced): "ok",
    }


def test_ecs_environment_redacted(session: boto3.Session, ctx: CollectContext) -> None:
    plain, referenced = _register(session)

    collect_ecs(ctx, REGION)

    record = ctx.snapshot.get("ecs", "DescribeTaskDefinition", REGION, plain)
    assert record is not None
    variable = record.data["taskDefinition"]["containerDefinitions"][0]["environment"][0]
    assert variable["name"] == "DB_PASSWORD"
    assert variable["value"]["redacted"] is True
    assert variable["value"]["length"] == len(FAKE_PASSWORD)
    reference = ctx.snapshot.get("ecs", "DescribeTaskDefinition", REGION, referenced)
    assert reference is not None
    container = reference.data["taskDefinition"]["containerDefinitions"][0]
    assert container["secrets"] == [{"name": "DB_PASSWORD", "valueFrom": SECRET_ARN}]
    assert FAKE_PASSWORD not in json.dumps([r.to_json() for r in ctx.snapshot.records.values()])


def test_redact_container_arguments_and_labels() -> None:
    container = {
        "name": "app",
        "command": ["serve", f"--db-password={FAKE_PASSWORD}"],
        "entryPoint": ["/bin/sh", "-c"],
        "dockerLabels": {"token": FAKE_PASSWORD},
        "healthCheck": {"command": ["CMD", f"curl -u admin:{FAKE_PASSWORD} localhost"]},
    }

    data = {"taskDefinition": {"containerDefinitions": [container]}}
    redacted = redact_container_environment(data)["taskDefinition"]["containerDefinitions"][0]

    assert FAKE_PASSWORD not in json.dumps(redacted)
    assert [argument["redacted"] for argument in redacted["command"]] == [True, True]
    assert redacted["entryPoint"][0]["length"] == len("/bin/sh")
    assert list(redacted["dockerLabels"]) == ["token"]
    assert len(redacted["healthCheck"]["command"]) == 2
    assert redacted["name"] == "app"


def test_redact_container_environment_without_definition() -> None:
    assert redact_container_environment({"failures": []}) == {"failures": []}


def test_ecs_denied_describe(
    session: boto3.Session,
    ctx: CollectContext,
    deny: Callable[[str, str], None],
    statuses: Statuses,
) -> None:
    plain, referenced = _register(session)
    deny("ecs", "DescribeTaskDefinition")

    collect_ecs(ctx, REGION)

    assert statuses() == {
        ("ecs", REGION, "ListTaskDefinitions", ""): "ok",
        ("ecs", REGION, "DescribeTaskDefinition", plain): "access_denied",
        ("ecs", REGION, "DescribeTaskDefinition", referenced): "access_denied",
    }
