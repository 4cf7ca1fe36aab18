"""Checks on Condition blocks: operators, keys, value types and set operators."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from seawall.policy.catalog import Action, ConditionKeyType
from seawall.policy.conditions import OPERATORS, OperatorSpec
from seawall.policy.lint.actions import is_valid_action
from seawall.policy.lint.catalog_index import catalog_index
from seawall.policy.lint.context import LintContext, child_path
from seawall.policy.lint.elements import (
    Item,
    check_variable_version,
    expect_object,
    string_items,
)
from seawall.policy.lint.jsontree import JsonMember
from seawall.policy.lint.model import Rule, Severity
from seawall.policy.lint.registry import define
from seawall.policy.lint.statement import StatementView

UNKNOWN_OPERATOR = define(
    "UNKNOWN_OPERATOR", Severity.ERROR, "A condition operator is not an IAM operator."
)
INVALID_SET_OPERATOR = define(
    "INVALID_SET_OPERATOR",
    Severity.ERROR,
    "An operator prefix is neither ForAllValues: nor ForAnyValue:.",
)
IF_EXISTS_ON_NULL = define(
    "IF_EXISTS_ON_NULL", Severity.ERROR, "The Null operator has an IfExists suffix."
)
SET_OPERATOR_ON_NULL = define(
    "SET_OPERATOR_ON_NULL",
    Severity.ERROR,
    "The Null operator has a ForAllValues: or ForAnyValue: prefix.",
)
EMPTY_CONDITION = define(
    "EMPTY_CONDITION", Severity.WARNING, "A Condition or operator block is an empty object."
)
INVALID_CONDITION_KEY = define(
    "INVALID_CONDITION_KEY",
    Severity.ERROR,
    "A condition key has no service prefix (such as aws: or s3:).",
)
UNKNOWN_GLOBAL_KEY = define(
    "UNKNOWN_GLOBAL_KEY", Severity.WARNING, "An aws: condition key is not a global condition key."
)
UNKNOWN_CONDITION_KEY = define(
    "UNKNOWN_CONDITION_KEY",
    Severity.WARNING,
    "A service condition key is not in the catalog.",
)
KEY_NOT_FOR_ACTIONS = define(
    "KEY_NOT_FOR_ACTIONS",
    Severity.WARNING,
    "No action of the statement supports a service condition key.",
)
CONDITION_KEY_CASE_DUPLICATE = define(
    "CONDITION_KEY_CASE_DUPLICATE",
    Severity.ERROR,
    "One operator block has two keys that differ only in letter case.",
)
OPERATOR_TYPE_MISMATCH = define(
    "OPERATOR_TYPE_MISMATCH",
    Severity.ERROR,
    "A condition operator does not fit the data type of its key (a Date operator on a string).",
)
FOR_ALL_VALUES_SINGLE_VALUED = define(
    "FOR_ALL_VALUES_SINGLE_VALUED",
    Severity.SECURITY_WARNING,
    "ForAllValues on a single-valued key is also true when the key is missing.",
)
FOR_ANY_VALUE_SINGLE_VALUED = define(
    "FOR_ANY_VALUE_SINGLE_VALUED",
    Severity.WARNING,
    "ForAnyValue on a single-valued key works like the plain operator and misleads readers.",
)
MULTIVALUED_WITHOUT_SET_OPERATOR = define(
    "MULTIVALUED_WITHOUT_SET_OPERATOR",
    Severity.WARNING,
    "A multivalued key is used without ForAllValues: or ForAnyValue:.",
)
INVALID_DATE_VALUE = define(
    "INVALID_DATE_VALUE", Severity.ERROR, "A Date operator has a value that is not a date."
)
INVALID_NUMERIC_VALUE = define(
    "INVALID_NUMERIC_VALUE", Severity.ERROR, "A Numeric operator has a value that is not a number."
)
INVALID_BOOL_VALUE = define(
    "INVALID_BOOL_VALUE", Severity.ERROR, "A Bool operator has a value other than true or false."
)
INVALID_NULL_VALUE = define(
    "INVALID_NULL_VALUE", Severity.ERROR, "A Null operator has a value other than true or false."
)
INVALID_IP_VALUE = define(
    "INVALID_IP_VALUE",
    Severity.ERROR,
    "An IpAddress operator has a value that is not an IP address or CIDR block.",
)
INVALID_ARN_VALUE = define(
    "INVALID_ARN_VALUE", Severity.ERROR, "An Arn operator has a value that is not an ARN."
)
INVALID_BINARY_VALUE = define(
    "INVALID_BINARY_VALUE",
    Severity.ERROR,
    "A BinaryEquals operator has a value that is not base64.",
)
BOOL_BOTH_VALUES = define(
    "BOOL_BOTH_VALUES",
    Severity.WARNING,
    "A Bool or Null condition lists both true and false, so it always matches a present key.",
)
WILDCARD_WITHOUT_LIKE = define(
    "WILDCARD_WITHOUT_LIKE",
    Severity.WARNING,
    "An Equals operator has a value with * or ?, which it compares literally.",
)
LIKE_WITHOUT_WILDCARD = define(
    "LIKE_WITHOUT_WILDCARD",
    Severity.SUGGESTION,
    "A Like operator has no wildcard in any value; the Equals operator says the same.",
)
VARIABLE_WITH_NON_STRING_OPERATOR = define(
    "VARIABLE_WITH_NON_STRING_OPERATOR",
    Severity.ERROR,
    "A policy variable is used with an operator that does not replace variables.",
)
DUPLICATE_CONDITION_VALUE = define(
    "DUPLICATE_CONDITION_VALUE",
    Severity.SUGGESTION,
    "The same value is listed twice for one condition key.",
)

# The pattern-matching operator to suggest for an Equals operator, by (ARN family, negated).
_LIKE_OPERATORS = {
    (False, False): "StringLike",
    (False, True): "StringNotLike",
    (True, False): "ArnLike",
    (True, True): "ArnNotLike",
}
_SET_PREFIXES = {"forallvalues": "ForAllValues", "foranyvalue": "ForAnyValue"}
_IF_EXISTS = "ifexists"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_VARIABLE = re.compile(r"\$\{[^}]*\}")
_MULTIVALUED = frozenset(
    {
        ConditionKeyType.ARRAY_OF_ARN,
        ConditionKeyType.ARRAY_OF_BOOL,
        ConditionKeyType.ARRAY_OF_STRING,
    }
)
# The key types each operator family can compare; families not listed take any key.
_FAMILY_KEY_TYPES = {
    "date": frozenset({ConditionKeyType.DATE}),
    "numeric": frozenset({ConditionKeyType.NUMERIC}),
    "bool": frozenset({ConditionKeyType.BOOL, ConditionKeyType.ARRAY_OF_BOOL}),
    "ip": frozenset({ConditionKeyType.IP_ADDRESS}),
    "arn": frozenset(
        {
            ConditionKeyType.ARN,
            ConditionKeyType.ARRAY_OF_ARN,
            ConditionKeyType.STRING,
            ConditionKeyType.ARRAY_OF_STRING,
        }
    ),
}
# Variables are replaced only in string and ARN operators.
_VARIABLE_FAMILIES = frozenset({"string", "string_ignore_case", "string_like", "arn"})


@dataclass(frozen=True, slots=True)
class Operator:
    spec: OperatorSpec
    set_prefix: str | None
    if_exists: bool


def check_conditions(ctx: LintContext, view: StatementView) -> None:
    member = view.condition_member
    if member is None:
        return
    path = child_path(view.path, "Condition")
    block = expect_object(ctx, member, path)
    if block is None:
        return
    if not block.members:
        ctx.report(
            EMPTY_CONDITION,
            block.offset,
            path,
            "Condition is an empty object: add conditions or remove Condition.",
        )
        return
    actions = _LazyActions(ctx, view)
    for operator_member in block.members:
        _check_operator_block(ctx, operator_member, child_path(path, operator_member.key), actions)


class _LazyActions:
    """The statement's actions, expanded only when a service key needs them."""

    def __init__(self, ctx: LintContext, view: StatementView) -> None:
        self._ctx = ctx
        self._view = view
        self._done = False
        self._actions: list[Action] | None = None

    def get(self) -> list[Action] | None:
        """Return every action the statement names, or None when one cannot be resolved."""
        if not self._done:
            self._actions = None if self._view.not_action else self._expand()
            self._done = True
        return self._actions

    def _expand(self) -> list[Action] | None:
        index = catalog_index(self._ctx.catalog)
        actions: list[Action] = []
        for item in self._view.actions:
            if item.value == "*" or not is_valid_action(item.value):
                return None
            expanded = index.expand(item.value)
            if not expanded:
                return None
            actions.extend(expanded)
        return actions or None


def _check_operator_block(
    ctx: LintContext, member: JsonMember, path: str, actions: _LazyActions
) -> None:
    operator = _parse_operator(ctx, member, path)
    block = expect_object(ctx, member, path)
    if block is None:
        return
    if not block.members:
        ctx.report(
            EMPTY_CONDITION,
            block.offset,
            path,
            f"Operator {member.key} has no keys: add a key and values or remove it.",
        )
        return
    seen: dict[str, str] = {}
    for key_member in block.members:
        key_path = child_path(path, key_member.key)
        lowered = key_member.key.lower()
        if lowered in seen and seen[lowered] != key_member.key:
            ctx.report(
                CONDITION_KEY_CASE_DUPLICATE,
                key_member.key_offset,
                key_path,
                f'Keys "{seen[lowered]}" and "{key_member.key}" differ only in case, and '
                "condition keys ignore case: merge their values under one key.",
            )
        seen.setdefault(lowered, key_member.key)
        values = string_items(ctx, key_member, key_path, condition_values=True)
        key_type = _check_key(ctx, key_member, key_path, actions)
        if operator is None:
            continue
        if key_type is not None:
            _check_key_type(ctx, operator, member.key, key_member, key_path, key_type)
        _check_values(ctx, operator, member.key, values)


def _parse_operator(ctx: LintContext, member: JsonMember, path: str) -> Operator | None:
    text = member.key
    set_prefix = None
    base = text
    if ":" in text:
        prefix, base = text.split(":", 1)
        set_prefix = _SET_PREFIXES.get(prefix.lower())
        if set_prefix is None:
            ctx.report(
                INVALID_SET_OPERATOR,
                member.key_offset,
                path,
                f'Operator prefix "{prefix}:" in "{text}" is invalid: use ForAllValues: or '
                "ForAnyValue:.",
            )
            return None

    lowered = base.lower()
    if_exists = lowered.endswith(_IF_EXISTS) and lowered not in OPERATORS
    if if_exists:
        lowered = lowered[: -len(_IF_EXISTS)]
    spec = OPERATORS.get(lowered)
    if spec is None:
        ctx.report(
            UNKNOWN_OPERATOR,
            member.key_offset,
            path,
            f'Condition operator "{text}" does not exist: use one such as StringEquals, '
            "StringLike, ArnLike, NumericLessThan, DateGreaterThan, Bool, IpAddress or Null.",
        )
        return None

    if spec.family == "null" and if_exists:
        ctx.report(
            IF_EXISTS_ON_NULL,
            member.key_offset,
            path,
            f'"{text}" is invalid: Null already tests whether the key exists, write "Null".',
        )
        return None
    if spec.family == "null" and set_prefix:
        ctx.report(
            SET_OPERATOR_ON_NULL,
            member.key_offset,
            path,
            f'"{text}" is invalid: Null takes no set operator, write "Null".',
        )
        return None
    return Operator(spec, set_prefix, if_exists)


def _check_key(
    ctx: LintContext, member: JsonMember, path: str, lazy_actions: _LazyActions
) -> ConditionKeyType | None:
    key = member.key
    prefix, separator, name = key.partition(":")
    if not separator or not prefix or not name:
        ctx.report(
            INVALID_CONDITION_KEY,
            member.key_offset,
            path,
            f'Condition key "{key}" has no service prefix: write it as service:key, for '
            "example aws:SourceIp.",
        )
        return None
    index = catalog_index(ctx.catalog)
    key_type = index.key_type(key)
    if key_type is None:
        if prefix.lower() == "aws":
            ctx.report(
                UNKNOWN_GLOBAL_KEY,
                member.key_offset,
                path,
                f'"{key}" is not a global condition key in the bundled catalog of '
                f"{index.data_date}: check its spelling in the list of AWS global condition "
                "context keys.",
            )
        else:
            ctx.report(
                UNKNOWN_CONDITION_KEY,
                member.key_offset,
                path,
                f'Condition key "{key}" is unknown to the bundled catalog of '
                f"{index.data_date}: check its spelling in the condition keys of service "
                f'"{prefix}".',
            )
        return None
    actions = None if index.is_global_key(key) else lazy_actions.get()
    if actions is not None and not any(index.action_takes_key(a, key) for a in actions):
        ctx.report(
            KEY_NOT_FOR_ACTIONS,
            member.key_offset,
            path,
            f'No action in this statement supports condition key "{key}", so requests '
            "never carry it: use a key that the actions list, or move the condition.",
        )
    return key_type


def _check_key_type(
    ctx: LintContext,
    operator: Operator,
    operator_text: str,
    member: JsonMember,
    path: str,
    key_type: ConditionKeyType,
) -> None:
    accepted = _FAMILY_KEY_TYPES.get(operator.spec.family)
    if accepted is not None and key_type not in accepted:
        ctx.report(
            OPERATOR_TYPE_MISMATCH,
            member.key_offset,
            path,
            f'Operator {operator_text} does not fit key "{member.key}" of type {key_type}: use '
            "an operator of the key's type.",
        )
        return
    multivalued = key_type in _MULTIVALUED
    if operator.set_prefix == "ForAllValues" and not multivalued:
        ctx.report(
            FOR_ALL_VALUES_SINGLE_VALUED,
            member.key_offset,
            path,
            f'"{member.key}" is single-valued, and ForAllValues is also true when the key is '
            f"missing: remove ForAllValues: from {operator_text}.",
        )
    elif operator.set_prefix == "ForAnyValue" and not multivalued:
        ctx.report(
            FOR_ANY_VALUE_SINGLE_VALUED,
            member.key_offset,
            path,
            f'"{member.key}" is single-valued: remove ForAnyValue: from {operator_text}.',
        )
    elif operator.set_prefix is None and multivalued and operator.spec.family != "null":
        ctx.report(
            MULTIVALUED_WITHOUT_SET_OPERATOR,
            member.key_offset,
            path,
            f'"{member.key}" can have several values: write ForAnyValue:{operator_text} or '
            f"ForAllValues:{operator_text} to say how they are compared.",
        )


def _check_values(
    ctx: LintContext, operator: Operator, operator_text: str, values: list[Item]
) -> None:
    family = operator.spec.family
    seen: set[str] = set()
    for item in values:
        if item.value in seen:
            ctx.report(
                DUPLICATE_CONDITION_VALUE,
                item.offset,
                item.path,
                f'Value "{item.value}" is listed twice for this key: remove one.',
            )
        seen.add(item.value)
        if "${" in item.value:
            check_variable_version(ctx, item)
            if family not in _VARIABLE_FAMILIES:
                ctx.report(
                    VARIABLE_WITH_NON_STRING_OPERATOR,
                    item.offset,
                    item.path,
                    f'Value "{item.value}" has a policy variable, which {operator_text} does '
                    "not replace: use a String or Arn operator, or a literal value.",
                )
            continue
        _check_value(ctx, operator, operator_text, item)
    if family in ("bool", "null") and {v.lower() for v in seen} >= {"true", "false"}:
        ctx.report(
            BOOL_BOTH_VALUES,
            values[0].offset,
            values[0].path,
            f"{operator_text} lists both true and false, so it matches any value: keep one.",
        )
    like = family == "string_like" or operator.spec.name in ("ArnLike", "ArnNotLike")
    if like and values and not any(_has_wildcard(item.value) for item in values):
        equals = operator_text.replace("Like", "Equals")
        ctx.report(
            LIKE_WITHOUT_WILDCARD,
            values[0].offset,
            values[0].path,
            f"{operator_text} has no wildcard in its values: {equals} says the same more plainly.",
        )


def _check_value(ctx: LintContext, operator: Operator, operator_text: str, item: Item) -> None:
    value = item.value
    family = operator.spec.family
    literal = family in ("string", "string_ignore_case") or operator.spec.name in (
        "ArnEquals",
        "ArnNotEquals",
    )
    if literal:
        if _has_wildcard(value):
            like = _LIKE_OPERATORS[(family == "arn", operator.spec.negated)]
            ctx.report(
                WILDCARD_WITHOUT_LIKE,
                item.offset,
                item.path,
                f'{operator_text} compares "{value}" literally, so * and ? are not wildcards: '
                f"use {like} to match a pattern.",
            )
        if family != "arn":
            return
    checker = _VALUE_CHECKS.get(family)
    if checker is None:
        return
    rule, valid, hint = checker
    if not valid(value):
        ctx.report(
            rule,
            item.offset,
            item.path,
            f'{operator_text} needs {hint}, not "{value}".',
        )


def _has_wildcard(value: str) -> bool:
    stripped = _VARIABLE.sub("", value)
    return "*" in stripped or "?" in stripped


def _is_date(value: str) -> bool:
    if _NUMBER.fullmatch(value):
        return True
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return True


def _is_base64(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _is_arn(value: str) -> bool:
    return value.startswith("arn:") or value == "*" or value.startswith(("*", "?"))


_VALUE_CHECKS: dict[str, tuple[Rule, Callable[[str], object], str]] = {
    "date": (INVALID_DATE_VALUE, _is_date, "a date such as 2024-01-31T00:00:00Z or epoch seconds"),
    "numeric": (INVALID_NUMERIC_VALUE, _NUMBER.fullmatch, "a number such as 10 or 2.5"),
    "bool": (INVALID_BOOL_VALUE, lambda v: v.lower() in ("true", "false"), '"true" or "false"'),
    "null": (INVALID_NULL_VALUE, lambda v: v.lower() in ("true", "false"), '"true" or "false"'),
    "ip": (INVALID_IP_VALUE, _is_ip, "an IP address or CIDR block such as 203.0.113.0/24"),
    "arn": (INVALID_ARN_VALUE, _is_arn, "an ARN such as arn:aws:s3:::my-bucket"),
    "binary": (INVALID_BINARY_VALUE, _is_base64, "a base64 value"),
}
