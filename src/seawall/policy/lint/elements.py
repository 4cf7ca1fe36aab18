"""Reading policy elements off the JSON tree, with the shape rules every element shares.

IAM takes a string or an array of strings for Action, Resource, principal values and
condition values. These helpers normalize both forms and report the wrong shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

from seawall.policy.lint.context import LintContext, child_path
from seawall.policy.lint.jsontree import JsonArray, JsonMember, JsonNode, JsonObject, JsonScalar
from seawall.policy.lint.model import Severity
from seawall.policy.lint.registry import define

WRONG_TYPE = define(
    "WRONG_TYPE", Severity.ERROR, "An element has the wrong JSON type (for example a number)."
)
EMPTY_ARRAY = define(
    "EMPTY_ARRAY", Severity.ERROR, "An element is an empty array, which IAM rejects."
)
EMPTY_STRING = define("EMPTY_STRING", Severity.ERROR, "An element value is an empty string.")
VARIABLE_WITHOUT_VERSION = define(
    "VARIABLE_WITHOUT_VERSION",
    Severity.WARNING,
    "A policy variable appears in a policy without Version 2012-10-17, so it is literal text.",
)

CURRENT_VERSION = "2012-10-17"


def check_variable_version(ctx: LintContext, item: Item) -> None:
    """Report ``${...}`` in a value when the policy version does not replace variables."""
    if ctx.version == CURRENT_VERSION or "${" not in item.value:
        return
    ctx.report(
        VARIABLE_WITHOUT_VERSION,
        item.offset,
        item.path,
        f'"{item.value}" has a policy variable, but only Version "{CURRENT_VERSION}" replaces '
        "variables: set that Version, or the text is matched literally.",
    )


@dataclass(frozen=True, slots=True)
class Item:
    """One string value of an element, with where it sits."""

    value: str
    offset: int
    path: str


def describe(node: JsonNode) -> str:
    """Name the JSON type of ``node`` for messages."""
    if isinstance(node, JsonObject):
        return "an object"
    if isinstance(node, JsonArray):
        return "an array"
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f'the string "{value}"'


def string_items(
    ctx: LintContext, member: JsonMember, path: str, condition_values: bool = False
) -> list[Item]:
    """Return the strings of an element given as a string or an array of strings.

    ``condition_values`` also accepts numbers and booleans, turned into their JSON text,
    and empty strings (a tag can have an empty value). Other shapes are reported and
    skipped.
    """
    node = member.value
    if isinstance(node, JsonArray):
        if not node.items:
            ctx.report(
                EMPTY_ARRAY,
                node.offset,
                path,
                f"{member.key} is an empty array: list at least one value or remove {member.key}.",
            )
            return []
        items = []
        for index, item_node in enumerate(node.items):
            item = _scalar_item(
                ctx, member.key, item_node, child_path(path, index), condition_values
            )
            if item is not None:
                items.append(item)
        return items
    item = _scalar_item(ctx, member.key, node, path, condition_values)
    return [] if item is None else [item]


def _scalar_item(
    ctx: LintContext, element: str, node: JsonNode, path: str, condition_values: bool
) -> Item | None:
    if isinstance(node, JsonScalar):
        value = node.value
        if isinstance(value, str):
            if not value and not condition_values:
                ctx.report(
                    EMPTY_STRING,
                    node.offset,
                    path,
                    f"{element} has an empty string: give a value or remove it.",
                )
                return None
            return Item(value, node.offset, path)
        if condition_values and value is not None:
            text = str(value).lower() if isinstance(value, bool) else str(value)
            return Item(text, node.offset, path)
    expected = "a string" if not condition_values else "a string, number or boolean"
    ctx.report(
        WRONG_TYPE,
        node.offset,
        path,
        f"{element} has {describe(node)} where {expected} is expected.",
    )
    return None


def expect_object(ctx: LintContext, member: JsonMember, path: str) -> JsonObject | None:
    """Return the member's value if it is an object; report WRONG_TYPE otherwise."""
    if isinstance(member.value, JsonObject):
        return member.value
    ctx.report(
        WRONG_TYPE,
        member.value.offset,
        path,
        f"{member.key} has {describe(member.value)} where an object is expected.",
    )
    return None


def expect_string(ctx: LintContext, member: JsonMember, path: str) -> str | None:
    """Return the member's value if it is a string; report WRONG_TYPE otherwise."""
    node = member.value
    if isinstance(node, JsonScalar) and isinstance(node.value, str):
        return node.value
    ctx.report(
        WRONG_TYPE,
        node.offset,
        path,
        f"{member.key} has {describe(node)} where a string is expected.",
    )
    return None
