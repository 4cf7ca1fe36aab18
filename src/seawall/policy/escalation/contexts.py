"""Candidate request contexts: the values of condition keys an attacker can choose.

A path is open when SOME request AWS would accept makes the policies allow
it. So for every condition key that the policies test and that the caller
controls, seawall tries each value the conditions name (with wildcards
filled in), a value next to each number or date, a value that matches none
of them, and the key left out of the request, then evaluates every
combination. Keys whose value the caller cannot choose (its own ARN, tags,
``iam:PassedToService``) are fixed by the caller of this module and never
enumerated.
"""

from __future__ import annotations

import ipaddress
import itertools
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence

from seawall.policy.model import Condition
from seawall.policy.request import ContextInput

log = logging.getLogger(__name__)

# A value that no condition value names.
UNMATCHED = "seawall-unmatched"
UNMATCHED_ARN = "arn:aws:iam::999999999999:seawall/unmatched"
# Documentation ranges (RFC 5737, RFC 3849): tried in turn as an address outside every range.
SPARE_ADDRESSES = ("192.0.2.1", "198.51.100.1", "203.0.113.1", "2001:db8::1")
EARLIEST = "1970-01-01T00:00:01Z"
LATEST = "2999-12-31T23:59:59Z"
# Keys that AWS puts in every authenticated API request, so they are never missing.
ALWAYS_PRESENT = frozenset(
    {
        "aws:securetransport",
        "aws:sourceip",
        "aws:currenttime",
        "aws:epochtime",
        "aws:requestedregion",
        "aws:viaawsservice",
        "aws:principalarn",
        "aws:principalaccount",
        "aws:principaltype",
        "aws:principalisawsservice",
        "aws:userid",
    }
)
# Keys whose value depends on the principal, the action or the resource. The caller of
# this module sets them, or they are missing.
FIXED_KEYS = frozenset(
    {
        "aws:principalarn",
        "aws:principalaccount",
        "aws:principaltype",
        "aws:principalisawsservice",
        "aws:username",
        "aws:resourceaccount",
        "aws:sourceaccount",
        "iam:passedtoservice",
        "iam:policyarn",
    }
)
FIXED_PREFIXES = ("aws:principaltag/", "aws:resourcetag/", "iam:resourcetag/")
# Above this many combinations the rest are not tried.
MAX_CONTEXTS = 256

_MISSING = object()


def is_fixed(key: str) -> bool:
    lowered = key.lower()
    return lowered in FIXED_KEYS or lowered.startswith(FIXED_PREFIXES)


def candidate_contexts(
    conditions: Iterable[Condition], fixed: Mapping[str, ContextInput]
) -> Iterator[dict[str, ContextInput]]:
    """Yield contexts that hold ``fixed`` plus each combination of candidate values.

    Yields at least one context. Stops after MAX_CONTEXTS combinations.
    """
    by_key: dict[str, list[Condition]] = {}
    for condition in conditions:
        if not is_fixed(condition.key):
            by_key.setdefault(condition.key.lower(), []).append(condition)
    keys = sorted(by_key)
    choices = [_key_choices(key, by_key[key]) for key in keys]
    base = {k.lower(): v for k, v in fixed.items()}
    for count, combination in enumerate(itertools.product(*choices)):
        if count == MAX_CONTEXTS:
            log.debug("stopped after %d candidate contexts for keys %s", MAX_CONTEXTS, keys)
            return
        context = dict(base)
        for key, value in zip(keys, combination, strict=True):
            if value is not _MISSING:
                context[key] = value  # type: ignore[assignment]
        yield context


def _key_choices(key: str, conditions: Sequence[Condition]) -> list[object]:
    values: list[object] = []
    multi = False
    for condition in conditions:
        operator = condition.operator.lower()
        if ":" in operator:
            multi = True
            operator = operator.split(":", 1)[1]
        operator = operator.removesuffix("ifexists")
        values.extend(_operator_values(operator, condition.values))
    if key.lower().startswith("aws:sourceip") or any(
        "ipaddress" in c.operator.lower() for c in conditions
    ):
        spare = _spare_address(conditions)
        if spare is not None:
            values.append(spare)
    elif not all(_base_operator(c) == "bool" for c in conditions):
        values.append(UNMATCHED_ARN if _is_arn_key(conditions) else UNMATCHED)
    unique = list(dict.fromkeys(v for v in values if isinstance(v, str)))
    choices: list[object] = [(v,) for v in unique] + [()] if multi else list(unique)
    if key not in ALWAYS_PRESENT:
        choices.append(_MISSING)
    return choices


def _operator_values(operator: str, values: Sequence[str]) -> list[str]:
    concrete = [v for v in values if "${" not in v]
    if operator == "bool":
        return ["true", "false"]
    if operator == "null":
        return []
    if operator in ("ipaddress", "notipaddress"):
        return [_first_address(v) for v in concrete if _first_address(v)]
    if operator.startswith("numeric"):
        return [n for v in concrete for n in _around_number(v)]
    if operator.startswith("date"):
        return [*concrete, *(n for v in concrete for n in _around_number(v)), EARLIEST, LATEST]
    return [v.replace("*", "seawall").replace("?", "x") for v in concrete]


def _first_address(cidr: str) -> str:
    try:
        return str(ipaddress.ip_network(cidr.strip(), strict=False).network_address)
    except ValueError:
        return ""


def _spare_address(conditions: Sequence[Condition]) -> str | None:
    networks = []
    for condition in conditions:
        for value in condition.values:
            try:
                networks.append(ipaddress.ip_network(value.strip(), strict=False))
            except ValueError:
                continue
    for candidate in SPARE_ADDRESSES:
        address = ipaddress.ip_address(candidate)
        if not any(address.version == n.version and address in n for n in networks):
            return candidate
    return None


def _around_number(value: str) -> list[str]:
    try:
        number = float(value)
    except ValueError:
        return []
    if number.is_integer():
        whole = int(number)
        return [str(whole), str(whole - 1), str(whole + 1)]
    return [value, str(number - 1), str(number + 1)]


def _base_operator(condition: Condition) -> str:
    return condition.operator.lower().split(":")[-1].removesuffix("ifexists")


def _is_arn_key(conditions: Sequence[Condition]) -> bool:
    return any("arn" in c.operator.lower() for c in conditions)
