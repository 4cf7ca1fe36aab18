"""A request to evaluate: principal, action, resource and context keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from seawall.policy.principal import Principal
from seawall.policy.principal_context import derived_context
from seawall.policy.variables import ContextValue

# What callers may put in a context: single values, or a list for a multi-valued key.
ContextInput = str | bool | int | float | Sequence[str | bool | int | float]


def _context_text(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    raise TypeError(
        f"context key {key!r} has a {type(value).__name__} value; "
        "use a string, bool, number or a list of strings"
    )


def normalize_context(context: Mapping[str, ContextInput]) -> dict[str, ContextValue]:
    """Lower-case the keys (keys are case-insensitive) and turn values into strings."""
    normalized: dict[str, ContextValue] = {}
    for key, value in context.items():
        if isinstance(value, str | bool | int | float):
            normalized[key.lower()] = _context_text(key, value)
        else:
            normalized[key.lower()] = tuple(_context_text(key, item) for item in value)
    return normalized


@dataclass(frozen=True)
class Request:
    """One API request. A key absent from ``context`` is missing from the request.

    ``resource`` defaults to ``"*"``, which AWS uses for actions that do not support
    resource-level permissions and which only ``"Resource": "*"`` matches.
    ``resource_account`` is the account that owns the resource; when it differs
    from the principal's account, ``evaluate`` applies the cross-account rules.
    The context also holds the keys AWS derives from ``principal`` (see
    ``seawall.policy.principal_context``) unless ``context`` gives them.
    """

    action: str
    resource: str = "*"
    principal: Principal | None = None
    context: Mapping[str, ContextInput] = field(default_factory=dict)
    resource_account: str | None = None
    action_lower: str = field(init=False, repr=False, compare=False)
    normalized_context: dict[str, ContextValue] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "action_lower", self.action.lower())
        normalized: dict[str, ContextValue] = dict(derived_context(self.principal))
        normalized.update(normalize_context(self.context))
        object.__setattr__(self, "normalized_context", normalized)
