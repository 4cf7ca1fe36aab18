"""Wildcard patterns of the policy language: ``*`` and ``?`` only.

Every other character, including ``+ . [ ( \\``, is literal. Compiled matchers are
cached, so a pattern is turned into a regular expression once per process.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

Matcher = Callable[[str], bool]

# A pattern after variable substitution: literal text, or one of the two wildcards.
STAR = "\x00*"
QMARK = "\x00?"
Token = str  # literal text, or STAR or QMARK


def tokenize_glob(text: str) -> tuple[Token, ...]:
    """Split ``text`` into literal runs and wildcard tokens."""
    tokens: list[Token] = []
    literal: list[str] = []
    for char in text:
        if char in "*?":
            if literal:
                tokens.append("".join(literal))
                literal = []
            tokens.append(STAR if char == "*" else QMARK)
        else:
            literal.append(char)
    if literal:
        tokens.append("".join(literal))
    return tuple(tokens)


def merge_literals(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    merged: list[Token] = []
    for token in tokens:
        if token == "":
            continue
        if merged and token not in (STAR, QMARK) and merged[-1] not in (STAR, QMARK):
            merged[-1] += token
        else:
            merged.append(token)
    return tuple(merged)


def _always(_: str) -> bool:
    return True


@lru_cache(maxsize=8192)
def compile_tokens(tokens: tuple[Token, ...], ignore_case: bool = False) -> Matcher:
    """Return a function that tells whether a whole string matches ``tokens``.

    With ``ignore_case`` the caller must pass lower-cased input to the matcher for
    the fast paths; the regular-expression path ignores case by itself.
    """
    tokens = merge_literals(tokens)
    if ignore_case:
        tokens = tuple(t if t in (STAR, QMARK) else t.lower() for t in tokens)
    if not tokens:
        return "".__eq__
    if tokens == (STAR,):
        return _always
    if STAR not in tokens and QMARK not in tokens:
        return tokens[0].__eq__
    if len(tokens) == 2 and tokens[1] == STAR and tokens[0] not in (STAR, QMARK):
        prefix = tokens[0]
        return lambda value: value.startswith(prefix)

    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    fullmatch = re.compile(_regex_source(tokens), flags).fullmatch
    return lambda value: fullmatch(value) is not None


def compile_glob(pattern: str, ignore_case: bool = False) -> Matcher:
    """Compile a pattern where ``*`` and ``?`` are wildcards and all else is literal."""
    return compile_tokens(tokenize_glob(pattern), ignore_case)


def _regex_source(tokens: tuple[Token, ...]) -> str:
    parts = []
    for token in merge_literals(tokens):
        if token == STAR:
            parts.append(".*")
        elif token == QMARK:
            parts.append(".")
        else:
            parts.append(re.escape(token))
    return "".join(parts)


@lru_cache(maxsize=4096)
def compile_any(patterns: tuple[tuple[Token, ...], ...]) -> Matcher:
    """Compile tokenized patterns into one matcher that is true when any of them matches.

    One regular expression runs faster than a Python loop over many matchers.
    """
    patterns = tuple(merge_literals(p) for p in patterns)
    if len(patterns) == 1:
        return compile_tokens(patterns[0])
    if (STAR,) in patterns:
        return _always
    if all(len(p) <= 1 and STAR not in p and QMARK not in p for p in patterns):
        return frozenset(p[0] if p else "" for p in patterns).__contains__
    alternation = "|".join(f"(?:{_regex_source(p)})" for p in patterns)
    fullmatch = re.compile(alternation, re.DOTALL).fullmatch
    return lambda value: fullmatch(value) is not None
