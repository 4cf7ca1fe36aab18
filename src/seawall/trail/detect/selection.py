"""Sigma detection selections compiled to predicates.

A selection that is a map requires every field entry (AND). A list of maps
matches when any map does (OR). A list of values under one field matches
when any value does, unless the ``all`` modifier requires every one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from seawall.trail.detect.condition import Predicate
from seawall.trail.detect.errors import RuleError
from seawall.trail.detect.fields import field_getter
from seawall.trail.detect.values import (
    UnresolvedPlaceholder,
    ValueTest,
    compile_values,
    text_of,
)

# The field whose test selects, once per distinct value, the rules a record is tried on.
INDEX_FIELD = "eventName"


def compile_selection(
    name: str, body: Any, placeholders: Mapping[str, Sequence[str]]
) -> tuple[Predicate, ValueTest | None]:
    """Compile one selection; also return the test its eventName must pass, if it has one."""
    if isinstance(body, dict):
        return _compile_map(name, body, placeholders)
    if isinstance(body, list) and body and all(isinstance(item, dict) for item in body):
        compiled = [_compile_map(name, item, placeholders) for item in body]
        tests = [test for test, _ in compiled]
        name_tests = [name_test for _, name_test in compiled]
        required: ValueTest | None = None
        if all(name_test is not None for name_test in name_tests):
            known = [name_test for name_test in name_tests if name_test is not None]
            required = lambda value: any(test(value) for test in known)  # noqa: E731
        if len(tests) == 1:
            return tests[0], name_tests[0]
        return (lambda record: any(test(record) for test in tests)), required
    raise RuleError(
        f"selection '{name}' must be a map of fields or a list of maps; keyword "
        "searches (plain lists of strings) are not supported for CloudTrail records"
    )


def _compile_map(
    name: str, body: dict[Any, Any], placeholders: Mapping[str, Sequence[str]]
) -> tuple[Predicate, ValueTest | None]:
    if not body:
        raise RuleError(f"selection '{name}' is empty; give at least one field")
    pairs: list[tuple[Any, ValueTest]] = []
    required: ValueTest | None = None
    for key, raw in body.items():
        field_name, *modifiers = str(key).split("|")
        if "fieldref" in modifiers:
            pairs.append(_field_reference(name, field_name, modifiers, raw))
            continue
        try:
            test = compile_values(modifiers, raw, placeholders)
        except UnresolvedPlaceholder:
            raise
        except RuleError as error:
            raise RuleError(f"selection '{name}', field '{key}': {error}") from error
        pairs.append((field_getter(field_name), test))
        if field_name == INDEX_FIELD:
            required = test
    return _all_fields(pairs), required


def _field_reference(
    name: str, field_name: str, modifiers: list[str], raw: Any
) -> tuple[Any, ValueTest]:
    # Sigma's fieldref compares two fields of the same record for equality.
    if modifiers != ["fieldref"] or not isinstance(raw, str):
        raise RuleError(
            f"selection '{name}', field '{field_name}': 'fieldref' takes one field name "
            "and no other modifier"
        )
    get_this = field_getter(field_name)
    get_other = field_getter(raw)

    def both(record: dict[str, Any]) -> tuple[Any, Any]:
        return get_this(record), get_other(record)

    def equal(pair: tuple[Any, Any]) -> bool:
        this, other = pair
        return this is not None and text_of(this) == text_of(other)

    return both, equal


def _all_fields(pairs: list[tuple[Any, ValueTest]]) -> Predicate:
    if len(pairs) == 1:
        ((get, test),) = pairs
        return lambda record: test(get(record))
    if len(pairs) == 2:
        (get1, test1), (get2, test2) = pairs
        return lambda record: test1(get1(record)) and test2(get2(record))
    return lambda record: all(test(get(record)) for get, test in pairs)
