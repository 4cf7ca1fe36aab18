"""Parse a policy document into a Policy, collecting every problem with its position.

The grammar is the one of the IAM User Guide page "IAM JSON policy element
reference". Every element that takes a string or a list of strings is normalized
to a tuple; condition values that are JSON booleans or numbers become strings as
AWS stores them (``true`` becomes ``"true"``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, cast

from seawall.policy.conditions import CompiledCondition, ConditionValueError, parse_operator
from seawall.policy.errors import PolicyError, Problem
from seawall.policy.jsonpos import JsonPath, SourceMap
from seawall.policy.model import VERSION_2008, VERSION_2012, Condition, Effect, Policy, Statement
from seawall.policy.principal import PrincipalElement

_POLICY_KEYS = ("Version", "Id", "Statement")
_STATEMENT_KEYS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
_PRINCIPAL_TYPES = {
    "AWS": "aws",
    "Service": "service",
    "Federated": "federated",
    "CanonicalUser": "canonical_user",
}
_ACTION = re.compile(r"\*|[A-Za-z0-9*?_-]+:[^:\s]+")


def parse_policy(document: str | bytes | Mapping[str, Any], name: str = "policy") -> Policy:
    """Parse JSON text or bytes, or an already-decoded mapping, into a Policy.

    Raises PolicyError listing every problem; for text input each problem carries
    the 1-based line and column of the offending value.
    """
    source: SourceMap | None = None
    if isinstance(document, bytes):
        try:
            document = document.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PolicyError.single(
                f"policy bytes are not valid UTF-8 ({error.reason} at byte {error.start}); "
                "save the document as UTF-8"
            ) from error
    if isinstance(document, str):
        try:
            data: object = json.loads(document)
        except json.JSONDecodeError as error:
            raise PolicyError.single(
                f"invalid JSON: {error.msg}; fix the syntax at this position",
                line=error.lineno,
                column=error.colno,
            ) from error
        source = SourceMap(document)
    elif isinstance(document, Mapping):
        data = document
    else:
        raise PolicyError.single(
            f"cannot parse a policy from {type(document).__name__}; pass JSON text, bytes or a dict"
        )
    return _Parser(source).policy(data, name)


def _render(path: JsonPath) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += f".{part}"
        else:
            text = part
    return text


def _describe(value: object) -> str:
    return "null" if value is None else type(value).__name__


class _Parser:
    def __init__(self, source: SourceMap | None) -> None:
        self._source = source
        self._problems: list[Problem] = []

    def _fail(self, path: JsonPath, message: str) -> None:
        line, column = self._source.position(path) if self._source else (None, None)
        self._problems.append(Problem(_render(path), message, line, column))

    def _check_keys(
        self, mapping: Mapping[str, Any], allowed: tuple[str, ...], path: JsonPath
    ) -> None:
        for key in mapping:
            if key in allowed:
                continue
            hint = next((a for a in allowed if a.lower() == str(key).lower()), None)
            fix = (
                f"write {hint!r} (element names are case-sensitive)"
                if hint
                else (f"valid elements: {', '.join(allowed)}")
            )
            self._fail((*path, key), f"unknown element {key!r}; {fix}")

    def policy(self, data: object, name: str) -> Policy:
        if not isinstance(data, Mapping):
            self._fail((), f"a policy must be a JSON object, not {_describe(data)}")
            raise PolicyError(self._problems)
        self._check_keys(data, _POLICY_KEYS, ())
        version = self._version(data)
        policy_id = data.get("Id")
        if policy_id is not None and not isinstance(policy_id, str):
            self._fail(("Id",), f"Id must be a string, not {_describe(policy_id)}")
        statements = self._statements(data, version == VERSION_2012)
        if self._problems:
            raise PolicyError(self._problems)
        return Policy(
            statements=tuple(statements),
            version=version,
            id=policy_id if isinstance(policy_id, str) else None,
            name=name,
        )

    def _version(self, data: Mapping[str, Any]) -> str:
        version = data.get("Version", VERSION_2008)
        if version not in (VERSION_2012, VERSION_2008):
            self._fail(
                ("Version",),
                f"invalid Version {version!r}; use '{VERSION_2012}' (or the older "
                f"'{VERSION_2008}', which disables policy variables)",
            )
            return VERSION_2012
        return cast(str, version)

    def _statements(self, data: Mapping[str, Any], substitute: bool) -> list[Statement]:
        if "Statement" not in data:
            self._fail((), "missing Statement; add a Statement object or list of objects")
            return []
        raw = data["Statement"]
        path: JsonPath = ("Statement",)
        if isinstance(raw, Mapping):
            items: list[tuple[JsonPath, object]] = [(path, raw)]
        elif isinstance(raw, list):
            items = [((*path, i), item) for i, item in enumerate(raw)]
        else:
            self._fail(
                path, f"Statement must be an object or a list of objects, not {_describe(raw)}"
            )
            return []
        statements = []
        for index, (item_path, item) in enumerate(items):
            built = self._statement(item, index, item_path, substitute)
            if built is not None:
                statements.append(built)
        return statements

    def _statement(
        self, raw: object, index: int, path: JsonPath, substitute: bool
    ) -> Statement | None:
        if not isinstance(raw, Mapping):
            self._fail(path, f"each statement must be an object, not {_describe(raw)}")
            return None
        before = len(self._problems)
        self._check_keys(raw, _STATEMENT_KEYS, path)

        effect = raw.get("Effect")
        if effect not in ("Allow", "Deny"):
            shown = "missing" if effect is None else repr(effect)
            self._fail((*path, "Effect"), f"Effect is {shown}; use 'Allow' or 'Deny'")
        sid = raw.get("Sid")
        if sid is not None and not isinstance(sid, str):
            self._fail((*path, "Sid"), f"Sid must be a string, not {_describe(sid)}")

        actions, not_actions = self._pair(raw, path, "Action", "NotAction", required=True)
        for element, values in (("Action", actions), ("NotAction", not_actions)):
            for position, action in enumerate(values or ()):
                if not _ACTION.fullmatch(action):
                    self._fail(
                        (*path, element, position) if len(values or ()) > 1 else (*path, element),
                        f"invalid action {action!r}; write 'service:Action' such as "
                        "'s3:GetObject', with * or ? as wildcards, or '*'",
                    )
        resources, not_resources = self._pair(raw, path, "Resource", "NotResource", required=False)
        principal = self._principal(raw, path, "Principal")
        not_principal = self._principal(raw, path, "NotPrincipal")
        if principal is not None and not_principal is not None:
            self._fail(path, "a statement cannot have both Principal and NotPrincipal; keep one")
        conditions = self._conditions(raw.get("Condition"), (*path, "Condition"), substitute)

        if len(self._problems) > before:
            return None
        line, column = self._source.position(path) if self._source else (None, None)
        return Statement(
            index=index,
            effect=cast(Effect, effect),
            sid=sid,
            actions=actions,
            not_actions=not_actions,
            resources=resources,
            not_resources=not_resources,
            principal=principal,
            not_principal=not_principal,
            conditions=conditions,
            line=line,
            column=column,
            substitute_variables=substitute,
        )

    def _pair(
        self,
        raw: Mapping[str, Any],
        path: JsonPath,
        positive: str,
        negative: str,
        *,
        required: bool,
    ) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
        has_positive, has_negative = positive in raw, negative in raw
        if has_positive and has_negative:
            self._fail(path, f"a statement cannot have both {positive} and {negative}; keep one")
            return None, None
        if required and not (has_positive or has_negative):
            self._fail(path, f"missing {positive}; add {positive} or {negative}")
            return None, None
        if has_positive:
            return self._strings(raw[positive], (*path, positive), positive), None
        if has_negative:
            return None, self._strings(raw[negative], (*path, negative), negative)
        return None, None

    def _strings(self, value: object, path: JsonPath, element: str) -> tuple[str, ...]:
        items = value if isinstance(value, list) else [value]
        if not items:
            self._fail(path, f"{element} is an empty list; list at least one value")
            return ()
        result = []
        for position, item in enumerate(items):
            if not isinstance(item, str) or not item:
                where = (*path, position) if isinstance(value, list) else path
                self._fail(
                    where,
                    f"{element} values must be non-empty strings, not {_describe(item)} "
                    f"{item!r}; give a string or a list of strings",
                )
                continue
            result.append(item)
        return tuple(result)

    def _principal(
        self, raw: Mapping[str, Any], path: JsonPath, element: str
    ) -> PrincipalElement | None:
        if element not in raw:
            return None
        value = raw[element]
        element_path = (*path, element)
        if value == "*":
            return PrincipalElement(wildcard=True)
        if not isinstance(value, Mapping) or not value:
            self._fail(
                element_path,
                f'{element} must be "*" or an object mapping AWS, Service, Federated or '
                f"CanonicalUser to names, not {value!r}",
            )
            return None
        fields: dict[str, tuple[str, ...]] = {}
        for principal_type, names in value.items():
            attribute = _PRINCIPAL_TYPES.get(principal_type)
            if attribute is None:
                self._fail(
                    (*element_path, principal_type),
                    f"unknown principal type {principal_type!r}; "
                    f"valid types: {', '.join(_PRINCIPAL_TYPES)}",
                )
                continue
            fields[attribute] = self._strings(names, (*element_path, principal_type), element)
        return PrincipalElement(
            aws=fields.get("aws", ()),
            service=fields.get("service", ()),
            federated=fields.get("federated", ()),
            canonical_user=fields.get("canonical_user", ()),
        )

    def _conditions(self, raw: object, path: JsonPath, substitute: bool) -> tuple[Condition, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, Mapping):
            self._fail(
                path, f"Condition must be an object of operator to key/values, not {_describe(raw)}"
            )
            return ()
        conditions = []
        for operator_name, block in raw.items():
            operator_path = (*path, operator_name)
            try:
                parsed = parse_operator(operator_name)
            except ConditionValueError as error:
                self._fail(operator_path, str(error))
                continue
            if not isinstance(block, Mapping) or not block:
                self._fail(
                    operator_path,
                    f"{operator_name} must map condition keys to values, not {block!r}",
                )
                continue
            for key, values in block.items():
                normalized = self._condition_values(values, (*operator_path, key))
                if normalized is None:
                    continue
                try:
                    CompiledCondition(parsed, key, normalized, substitute)
                except ConditionValueError as error:
                    self._fail((*operator_path, key), str(error))
                    continue
                conditions.append(Condition(operator_name, key, normalized))
        return tuple(conditions)

    def _condition_values(self, values: object, path: JsonPath) -> tuple[str, ...] | None:
        items = values if isinstance(values, list) else [values]
        if not items:
            self._fail(path, "condition values are an empty list; list at least one value")
            return None
        normalized = []
        for item in items:
            text = _condition_text(item)
            if text is None:
                self._fail(
                    path,
                    f"condition value {item!r} is a {_describe(item)}; "
                    "use a string, number or boolean, or a list of them",
                )
                return None
            normalized.append(text)
        return tuple(normalized)


def _condition_text(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    return None
