"""Compiled matchers for policy strings that may hold wildcards and variables."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from seawall.policy.variables import (
    ContextValue,
    TemplatePart,
    has_variables,
    parse_template,
    resolve,
)
from seawall.policy.wildcard import QMARK, STAR, Matcher, Token, compile_tokens

ARN_SEGMENTS = 6


class GlobPattern:
    """A whole-string wildcard pattern, such as a Resource ARN or a StringLike value."""

    __slots__ = ("_parts", "_static", "ignore_case", "source")

    def __init__(self, source: str, *, substitute: bool, ignore_case: bool = False) -> None:
        self.source = source
        self.ignore_case = ignore_case
        self._parts = parse_template(source, substitute=substitute)
        self._static: Matcher | None = None
        if not has_variables(self._parts):
            self._static = compile_tokens(self._parts, ignore_case)

    @property
    def is_static(self) -> bool:
        """True when the pattern has no variable, so it matches the same for every request."""
        return self._static is not None

    @property
    def tokens(self) -> tuple[Token, ...]:
        """The literal and wildcard tokens of a static pattern."""
        if not self.is_static:
            raise ValueError(f"pattern {self.source!r} has variables, so it has no fixed tokens")
        return self._parts  # type: ignore[return-value]

    def matches(self, value: str, context: Mapping[str, ContextValue]) -> bool:
        """Tell whether ``value`` matches; an unresolvable variable matches nothing.

        With ``ignore_case`` the caller passes ``value`` lower-cased.
        """
        if self._static is not None:
            return self._static(value)
        tokens = resolve(self._parts, context)
        if tokens is None:
            return False
        return compile_tokens(tokens, self.ignore_case)(value)


def _split_arn_tokens(tokens: tuple[Token, ...]) -> tuple[tuple[Token, ...], ...]:
    """Split resolved tokens at the first five colons of their literal text."""
    segments: list[list[Token]] = [[]]
    for token in tokens:
        if token in (STAR, QMARK) or ":" not in token:
            segments[-1].append(token)
            continue
        pieces = token.split(":")
        for index, piece in enumerate(pieces):
            if index > 0:
                if len(segments) < ARN_SEGMENTS:
                    segments.append([])
                else:
                    segments[-1].append(":")
            segments[-1].append(piece)
    return tuple(tuple(segment) for segment in segments)


@lru_cache(maxsize=4096)
def _compile_arn(tokens: tuple[Token, ...]) -> tuple[Matcher, ...] | None:
    segments = _split_arn_tokens(tokens)
    if len(segments) != ARN_SEGMENTS:
        return None
    return tuple(compile_tokens(segment) for segment in segments)


class ArnPattern:
    """An ARN pattern for the Arn* condition operators.

    AWS checks each of the six colon-delimited ARN components separately, and each
    may use ``*`` and ``?`` (IAM JSON policy elements: Condition operators, "Amazon
    Resource Name (ARN) condition operators"). Matching is case-sensitive.
    """

    __slots__ = ("_dynamic", "_parts", "_static", "source")

    def __init__(self, source: str, *, substitute: bool) -> None:
        self.source = source
        self._parts: tuple[TemplatePart, ...] = parse_template(source, substitute=substitute)
        self._dynamic = has_variables(self._parts)
        self._static: tuple[Matcher, ...] | None = None
        if not self._dynamic:
            self._static = _compile_arn(self._parts)

    def matches(self, value: str, context: Mapping[str, ContextValue]) -> bool:
        if not self._dynamic:
            if self._static is None:
                return False  # not a six-part ARN, so nothing matches it
            segments = self._static
        else:
            tokens = resolve(self._parts, context)
            if tokens is None:
                return False
            compiled = _compile_arn(tokens)
            if compiled is None:
                return False
            segments = compiled
        values = value.split(":", ARN_SEGMENTS - 1)
        if len(values) != ARN_SEGMENTS:
            return False
        return all(match(part) for match, part in zip(segments, values, strict=True))
