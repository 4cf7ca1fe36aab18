"""Lambda functions with redacted environment variables, and their resource policies."""

from __future__ import annotations

from typing import Any

from seawall.inventory.collect import CollectContext, collector
from seawall.inventory.redact import redact_mapping

# The module is named lambda_ because ``lambda`` is a Python keyword.
SERVICE = "lambda"


@collector(SERVICE, "regional")
def collect_lambda(ctx: CollectContext, region: str) -> None:
    functions = ctx.call(
        SERVICE, "ListFunctions", region=region, paginate=True, transform=redact_environments
    )
    if not functions.ok:
        return
    names = [str(function["FunctionName"]) for function in functions.data.get("Functions", [])]
    ctx.map(lambda name: _collect_policy(ctx, region, name), names)


def _collect_policy(ctx: CollectContext, region: str, name: str) -> None:
    ctx.call(SERVICE, "GetPolicy", region=region, resource=name, params={"FunctionName": name})


def redact_environments(data: dict[str, Any]) -> dict[str, Any]:
    """Replace every ``Environment.Variables`` value of a ListFunctions response."""
    functions = [_redact_function(function) for function in data.get("Functions", [])]
    return dict(data, Functions=functions)


def _redact_function(function: dict[str, Any]) -> dict[str, Any]:
    environment = function.get("Environment")
    if not isinstance(environment, dict) or not isinstance(environment.get("Variables"), dict):
        return function
    redacted = dict(environment, Variables=redact_mapping(environment["Variables"]))
    return dict(function, Environment=redacted)
