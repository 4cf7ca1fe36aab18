"""ECS task definitions, per region, with container values that may hold secrets redacted."""

from __future__ import annotations

from typing import Any

from seawall.inventory.collect import CollectContext, collector
from seawall.inventory.redact import redact_mapping, redact_value

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
    """Replace the values in each container of a DescribeTaskDefinition that may hold secrets.

    Those are ``environment[].value``, the ``command``, ``entryPoint`` and
    ``healthCheck.command`` arguments (``--password=...`` is common) and the
    ``dockerLabels`` values. Names and the ``secrets`` references stay.
    """
    definition = data.get("taskDefinition")
    if not isinstance(definition, dict):
        return data
    containers = [_redact_container(c) for c in definition.get("containerDefinitions", [])]
    return dict(data, taskDefinition=dict(definition, containerDefinitions=containers))


def _redact_container(container: Any) -> Any:
    if not isinstance(container, dict):
        return container
    redacted = dict(container)
    environment = container.get("environment")
    if isinstance(environment, list):
        redacted["environment"] = [
            dict(variable, value=redact_value(str(variable["value"])))
            if isinstance(variable, dict) and "value" in variable
            else variable
            for variable in environment
        ]
    for key in ("command", "entryPoint"):
        if isinstance(container.get(key), list):
            redacted[key] = _redact_arguments(container[key])
    labels = container.get("dockerLabels")
    if isinstance(labels, dict):
        redacted["dockerLabels"] = redact_mapping(labels)
    health = container.get("healthCheck")
    if isinstance(health, dict) and isinstance(health.get("command"), list):
        redacted["healthCheck"] = dict(health, command=_redact_arguments(health["command"]))
    return redacted


def _redact_arguments(arguments: list[Any]) -> list[dict[str, Any]]:
    return [redact_value(str(argument)) for argument in arguments]
