"""Policy variables: ``${aws:username}``, defaults and the ``${*}`` escapes.

AWS substitutes variables only in policies whose Version is ``2012-10-17``, in
the Resource element and in the values of string and ARN condition operators
(IAM User Guide, "IAM policy elements: Variables and tags"). The substituted text
is literal: a ``*`` inside a user name is not a wildcard.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from seawall.policy.wildcard import QMARK, STAR, Token, tokenize_glob

# A context value as stored by Request: one string, or a tuple for a multi-valued key.
ContextValue = str | tuple[str, ...]

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_KEY_AND_DEFAULT = re.compile(r"^\s*([^\s,']+)\s*(?:,\s*'([^']*)'\s*)?$")
_ESCAPES = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True, slots=True)
class Variable:
    """A ``${key}`` or ``${key, 'default'}`` reference; ``key`` is lower-cased."""

    key: str
    default: str | None


TemplatePart = Token | Variable


def parse_template(text: str, *, substitute: bool) -> tuple[TemplatePart, ...]:
    """Split ``text`` into literals, wildcards and (when ``substitute``) variables."""
    if not substitute or "${" not in text:
        return tokenize_glob(text)
    parts: list[TemplatePart] = []
    position = 0
    for found in _VARIABLE.finditer(text):
        parts.extend(tokenize_glob(text[position : found.start()]))
        inner = found.group(1)
        escaped = _ESCAPES.get(inner)
        key_and_default = _KEY_AND_DEFAULT.match(inner)
        if escaped is not None:
            parts.append(escaped)
        elif key_and_default is not None:
            parts.append(Variable(key_and_default.group(1).lower(), key_and_default.group(2)))
        else:
            # Not a variable AWS would recognize, so it stays literal text.
            parts.extend(tokenize_glob(found.group(0)))
        position = found.end()
    parts.extend(tokenize_glob(text[position:]))
    return tuple(parts)


def has_variables(parts: tuple[TemplatePart, ...]) -> bool:
    return any(isinstance(part, Variable) for part in parts)


def resolve(
    parts: tuple[TemplatePart, ...], context: Mapping[str, ContextValue]
) -> tuple[Token, ...] | None:
    """Replace variables by their literal values; None when one cannot be resolved.

    A variable resolves to the request's value for its key, else to its default.
    A multi-valued key does not resolve, because AWS substitutes single values only.
    """
    resolved: list[Token] = []
    for part in parts:
        if not isinstance(part, Variable):
            resolved.append(part)
            continue
        value = context.get(part.key)
        if isinstance(value, str):
            resolved.append(value)
        elif part.default is not None:
            resolved.append(part.default)
        else:
            return None
    return tuple(resolved)


def literal_text(tokens: tuple[Token, ...]) -> str:
    """Join resolved tokens back to text, wildcards included, for exact comparisons."""
    return "".join("*" if t == STAR else "?" if t == QMARK else t for t in tokens)
