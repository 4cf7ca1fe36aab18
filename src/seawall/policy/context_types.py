"""Check request context values against the condition key types of the catalog.

The engine compares values as the condition operator reads them, whatever the
key's declared type: ``StringEquals`` on the Numeric key ``s3:max-keys`` compares
text, so ``"10"`` matches 10 but ``"010"`` does not, while ``NumericEquals``
matches both. A context value that cannot be of its key's type (``yes`` for the
Bool key ``aws:SecureTransport``) never occurs in a real AWS request, so a
simulation with one is rejected here instead of silently failing every
condition on that key.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping

from seawall.policy.catalog import Catalog, ConditionKeyType
from seawall.policy.conditions import parse_date, parse_number
from seawall.policy.request import ContextInput, normalize_context


def _is_bool(text: str) -> bool:
    return text.lower() in ("true", "false")


def _parses(read: Callable[[str], object]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        try:
            read(text)
        except ValueError:
            return False
        return True

    return check


_CHECKS: dict[ConditionKeyType, tuple[Callable[[str], bool], str]] = {
    ConditionKeyType.BOOL: (_is_bool, "true or false"),
    ConditionKeyType.ARRAY_OF_BOOL: (_is_bool, "true or false"),
    ConditionKeyType.NUMERIC: (_parses(parse_number), "a number such as 10"),
    ConditionKeyType.DATE: (
        _parses(parse_date),
        "an ISO 8601 date such as 2024-01-31T00:00:00Z or epoch seconds",
    ),
    ConditionKeyType.IP_ADDRESS: (
        _parses(ipaddress.ip_address),
        "an IPv4 or IPv6 address such as 203.0.113.7",
    ),
}
_MULTI_VALUED = frozenset(
    {
        ConditionKeyType.ARRAY_OF_ARN,
        ConditionKeyType.ARRAY_OF_BOOL,
        ConditionKeyType.ARRAY_OF_STRING,
    }
)


def context_type_problems(context: Mapping[str, ContextInput], catalog: Catalog) -> list[str]:
    """Return one message per context value that its key's catalog type rules out.

    Keys the catalog does not know (tag keys under a prefix it lacks, made-up
    keys) are not checked.
    """
    problems = []
    for key, value in normalize_context(context).items():
        key_type = catalog.condition_key(key)
        if key_type is None:
            continue
        values = (value,) if isinstance(value, str) else value
        if not isinstance(value, str) and key_type not in _MULTI_VALUED:
            problems.append(
                f"context key {key!r} is single-valued ({key_type.value}) but has "
                f"{len(values)} values; give one value"
            )
            continue
        check = _CHECKS.get(key_type)
        if check is None:
            continue
        test, expected = check
        for item in values:
            if not test(item):
                problems.append(
                    f"context key {key!r} is {key_type.value} but has the value {item!r}; "
                    f"give {expected}"
                )
    return problems
