"""ECS task definitions with redacted container environment values, per region."""

from __future__ import annotations

from typing import Any

from seawall.inventory.collect import CollectContext, collector
from seawall.inventory.redact import redact_value

SERVICE = "ecs"


@collector(SERVICE, "regional")
def collect_ecs(ctx: CollectContext, region: str) -> None:
    listed = ctx.call(
        SERVICE,
        "ListTaskDefinitions",
        region=region,
        paginate=True,
        params={"status": "ACTIVE"},
    )
    if not listed.ok:
        return
    arns = [str(arn) for arn in listed.data.get("taskDefinitionArns", [])]
    ctx.map(lambda arn: _collect_task_definition(ctx, region, arn), arns)


def _collect_task_definition(ctx: CollectContext, region: str, arn: str) -> None:
    ctx.call(
        SERVICE,
        "DescribeTaskDefinition",
        region=region,
        resource=arn,
        params={"taskDefinition": arn},
        transform=redact_container_environment,
    )


def redact_container_environment(data: dict[str, Any]) -> dict[str, Any]:
    """Replace every ``environment[].value`` of the containers in a DescribeTaskDefinition."""
    definition = data.get("taskDefinition")
    if not isinstance(definition, dict):
        return data
    containers = [_redact_container(c) for c in definition.get("containerDefinitions", [])]
    return dict(data, taskDefinition=dict(definition, containerDefinitions=containers))


def _redact_container(container: dict[str, Any]) -> dict[str, Any]:
    environment = container.get("environment")
    if not isinstance(environment, list):
        return container
    redacted = [
        dict(variable, value=redact_value(str(variable["value"])))
        if isinstance(variable, dict) and "value" in variable
        else variable
        for variable in environment
    ]
    return dict(container, environment=redacted)
