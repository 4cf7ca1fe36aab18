"""The Sigma condition language: parse into a tree, then compile to a predicate.

Grammar, loosest binding first: ``or``, ``and``, ``not``, then a selection
name, ``1 of PATTERN``, ``all of PATTERN`` (PATTERN is a name with ``*``
wildcards, or ``them`` for every selection) or a parenthesized expression.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from seawall.trail.detect.errors import RuleError

Predicate = Callable[[dict[str, Any]], bool]
FieldTest = Callable[[Any], bool]

_TOKEN = re.compile(r"\s*(\(|\)|[A-Za-z0-9_*\-.]+)")


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


Node = Name | Not | And | Or


def parse_condition(text: str, selections: Sequence[str]) -> Node:
    """Parse ``text`` over the selection names; quantifiers expand to And or Or of names."""
    tokens = _tokenize(text)
    parser = _Parser(tokens, list(selections), text)
    node = parser.expression()
    if parser.position != len(tokens):
        raise RuleError(f"unexpected '{tokens[parser.position]}' in condition {text!r}")
    return node


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise RuleError(f"invalid character {text[position:].strip()[0]!r} in {text!r}")
        tokens.append(match.group(1))
        position = match.end()
    if not tokens:
        raise RuleError("empty condition; write e.g. 'selection and not filter'")
    return tokens


class _Parser:
    def __init__(self, tokens: list[str], selections: list[str], text: str) -> None:
        self.tokens = tokens
        self.selections = selections
        self.text = text
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise RuleError(f"condition {self.text!r} ends too early")
        self.position += 1
        return token

    def expression(self) -> Node:
        operands = [self.conjunction()]
        while (self.peek() or "").lower() == "or":
            self.take()
            operands.append(self.conjunction())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def conjunction(self) -> Node:
        operands = [self.negation()]
        while (self.peek() or "").lower() == "and":
            self.take()
            operands.append(self.negation())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def negation(self) -> Node:
        if (self.peek() or "").lower() == "not":
            self.take()
            return Not(self.negation())
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token == "(":
            node = self.expression()
            if self.peek() != ")":
                raise RuleError(f"missing ')' in condition {self.text!r}")
            self.take()
            return node
        if token == "1" or token.lower() == "all":
            return self.quantifier(token.lower())
        if token.lower() in {"and", "or", ")"}:
            raise RuleError(f"unexpected '{token}' in condition {self.text!r}")
        if token not in self.selections:
            raise RuleError(
                f"condition {self.text!r} names undefined selection '{token}'; "
                f"defined: {', '.join(self.selections) or 'none'}"
            )
        return Name(token)

    def quantifier(self, kind: str) -> Node:
        if (self.peek() or "").lower() != "of":
            raise RuleError(f"expected 'of' after '{kind}' in condition {self.text!r}")
        self.take()
        pattern = self.take()
        if pattern.lower() == "them":
            names = [name for name in self.selections if not name.startswith("_")]
        else:
            names = [name for name in self.selections if fnmatch.fnmatchcase(name, pattern)]
        if not names:
            raise RuleError(f"'{kind} of {pattern}' matches no selection in {self.text!r}")
        operands = tuple(Name(name) for name in names)
        if len(operands) == 1:
            return operands[0]
        return And(operands) if kind == "all" else Or(operands)


def compile_condition(node: Node, selections: Mapping[str, Predicate]) -> Predicate:
    """Compile a condition tree over compiled selections to one predicate."""
    if isinstance(node, Name):
        return selections[node.name]
    if isinstance(node, Not):
        inner = compile_condition(node.operand, selections)
        return lambda record: not inner(record)
    parts = tuple(compile_condition(operand, selections) for operand in node.operands)
    if isinstance(node, And):
        if len(parts) == 2:
            first, second = parts
            return lambda record: first(record) and second(record)
        return lambda record: all(part(record) for part in parts)
    if len(parts) == 2:
        left, right = parts
        return lambda record: left(record) or right(record)
    return lambda record: any(part(record) for part in parts)


def field_filter(node: Node, filters: Mapping[str, FieldTest | None]) -> FieldTest | None:
    """Combine per-selection tests of one field into the test ``node`` implies, or None.

    ``filters`` gives, per selection, a test that the field's value must pass for the
    selection to match (None: the selection does not constrain the field). A record
    whose field fails the returned test cannot match ``node``.
    """
    if isinstance(node, Name):
        return filters[node.name]
    if isinstance(node, Not):
        return None
    found = [field_filter(operand, filters) for operand in node.operands]
    known = [test for test in found if test is not None]
    if isinstance(node, And):
        if not known:
            return None
        return known[0] if len(known) == 1 else lambda value: all(test(value) for test in known)
    if len(known) != len(found):
        return None
    return lambda value: any(test(value) for test in known)
