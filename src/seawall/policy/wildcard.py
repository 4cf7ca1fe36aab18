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


def _star_matcher(tokens: tuple[Token, ...]) -> Matcher:
    """Match a pattern whose only wildcard is ``*`` without a regular expression.

    The literal runs must appear in order: the first at the start, the last at
    the end, and each middle run at its leftmost place after the previous one.
    Leftmost placement is always safe because ``*`` absorbs whatever it skips.
    """
    runs: list[str] = [""]
    for token in tokens:
        if token == STAR:
            runs.append("")
        else:
            runs[-1] += token
    head, *middle, tail = runs
    minimum = len(head) + len(tail) + sum(len(run) for run in middle)

    def matches(value: str) -> bool:
        if len(value) < minimum or not value.startswith(head) or not value.endswith(tail):
            return False
        position = len(head)
        end = len(value) - len(tail)
        for run in middle:
            found = value.find(run, position, end)
            if found < 0:
                return False
            position = found + len(run)
        return True

    return matches


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
    if QMARK not in tokens:
        star = _star_matcher(tokens)
        return (lambda value: star(value.lower())) if ignore_case else star

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


def _is_literal(tokens: tuple[Token, ...]) -> bool:
    return STAR not in tokens and QMARK not in tokens


def _is_prefix(tokens: tuple[Token, ...]) -> bool:
    return len(tokens) == 2 and tokens[1] == STAR and tokens[0] not in (STAR, QMARK)


@lru_cache(maxsize=4096)
def compile_any(patterns: tuple[tuple[Token, ...], ...]) -> Matcher:
    """Compile tokenized patterns into one matcher that is true when any of them matches.

    Literal patterns go into a set and ``prefix*`` patterns into one
    ``str.startswith`` call, so only the remaining patterns need a regular
    expression. Compiling one large alternation instead costs milliseconds per
    policy, which dominated parsing of real managed policies.
    """
    patterns = tuple(merge_literals(p) for p in patterns)
    if len(patterns) == 1:
        return compile_tokens(patterns[0])
    if (STAR,) in patterns:
        return _always
    literals = frozenset(p[0] if p else "" for p in patterns if _is_literal(p))
    prefixes = tuple(p[0] for p in patterns if _is_prefix(p))
    others = [p for p in patterns if not _is_literal(p) and not _is_prefix(p)]
    if not prefixes and not others:
        return literals.__contains__
    star_only = tuple(_star_matcher(p) for p in others if QMARK not in p)
    with_qmark = [p for p in others if QMARK in p]
    fullmatch = (
        re.compile("|".join(f"(?:{_regex_source(p)})" for p in with_qmark), re.DOTALL).fullmatch
        if with_qmark
        else None
    )

    def matches(value: str) -> bool:
        if value in literals:
            return True
        if prefixes and value.startswith(prefixes):
            return True
        if any(match(value) for match in star_only):
            return True
        return fullmatch is not None and fullmatch(value) is not None

    return matches
