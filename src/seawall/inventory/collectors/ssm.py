"""SSM parameters: metadata for all, redacted values for String and StringList ones."""

from __future__ import annotations

from typing import Any

from seawall.inventory.collect import CollectContext, collector
from seawall.inventory.redact import redact_value

SERVICE = "ssm"

# SecureString values are encrypted by design and never read. Plain
# parameters are read so the secrets checks can judge the shape of a value
# that someone stored unencrypted.
_READABLE_TYPES = frozenset({"String", "StringList"})


@collector(SERVICE, "regional")
def collect_ssm(ctx: CollectContext, region: str) -> None:
    parameters = ctx.call(SERVICE, "DescribeParameters", region=region, paginate=True)
    if not parameters.ok:
        return
    names = [
        str(parameter["Name"])
        for parameter in parameters.data.get("Parameters", [])
        if parameter.get("Type") in _READABLE_TYPES
    ]
    ctx.map(lambda name: _collect_parameter(ctx, region, name), names)


def _collect_parameter(ctx: CollectContext, region: str, name: str) -> None:
    ctx.call(
        SERVICE,
        "GetParameter",
        region=region,
        resource=name,
        params={"Name": name, "WithDecryption": False},
        transform=redact_parameter_value,
    )


def redact_parameter_value(data: dict[str, Any]) -> dict[str, Any]:
    """Replace ``Parameter.Value`` of a GetParameter response with its redacted shape."""
    parameter = data.get("Parameter")
    if not isinstance(parameter, dict) or "Value" not in parameter:
        return data
    redacted = dict(parameter, Value=redact_value(str(parameter["Value"])))
    return dict(data, Parameter=redacted)
