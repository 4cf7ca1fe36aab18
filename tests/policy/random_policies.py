"""Random policies and requests drawn with random.Random, for comparisons too large for hypothesis.

The generator draws from the alphabets, sizes and element kinds that the hypothesis
strategies in evaluation_reference use, so any example one can produce the other can
too. The weights differ: lengths and characters here are uniform, while hypothesis
favours short and repeated values. Example ``index`` of seed ``seed`` depends on
those two numbers alone, so a disagreement found by any worker can be rebuilt.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from evaluation_reference import (
    ACTION_NAME_ALPHABET,
    ACTION_NAME_SIZES,
    ACTION_PREFIX,
    CONCRETE_ALPHABET,
    CONCRETE_SIZES,
    EFFECTS,
    PATTERNS_PER_ELEMENT,
    RESOURCE_ALPHABET,
    RESOURCE_SIZES,
    STATEMENTS_PER_POLICY,
    TAG_VALUES,
    engine_decision,
    reference_decision,
    to_document,
)

from seawall.policy import Decision


@dataclass(frozen=True)
class Example:
    """One policy, as reference-model statements, and one request against it."""

    statements: list[dict[str, Any]]
    action: str
    resource: str
    tag: str | None


@dataclass
class Comparison:
    """Counts of a run of examples through the engine and the reference model."""

    examples: int = 0
    disagreements: int = 0
    first_disagreements: list[dict[str, Any]] = field(default_factory=list)
    reference_decisions: dict[str, int] = field(
        default_factory=lambda: {decision.value: 0 for decision in Decision}
    )

    def merge(self, other: Comparison, keep: int) -> None:
        """Add the counts of ``other``, keeping at most ``keep`` disagreements in full."""
        self.examples += other.examples
        self.disagreements += other.disagreements
        room = keep - len(self.first_disagreements)
        self.first_disagreements.extend(other.first_disagreements[: max(room, 0)])
        for decision, count in other.reference_decisions.items():
            self.reference_decisions[decision] += count


def _text(rng: random.Random, alphabet: str, sizes: tuple[int, int]) -> str:
    return "".join(rng.choices(alphabet, k=rng.randint(*sizes)))


def _patterns(rng: random.Random, prefix: str, alphabet: str, sizes: tuple[int, int]) -> list[str]:
    count = rng.randint(*PATTERNS_PER_ELEMENT)
    return [prefix + _text(rng, alphabet, sizes) for _ in range(count)]


def random_statement(rng: random.Random) -> dict[str, Any]:
    """Draw one statement in the shape of evaluation_reference.statement_strategy."""
    return {
        "Effect": rng.choice(EFFECTS),
        "Action": _patterns(rng, ACTION_PREFIX, ACTION_NAME_ALPHABET, ACTION_NAME_SIZES),
        "Resource": _patterns(rng, "", RESOURCE_ALPHABET, RESOURCE_SIZES),
        "negate_action": rng.random() < 0.5,
        "negate_resource": rng.random() < 0.5,
        "tag": rng.choice(TAG_VALUES),
    }


def random_example(seed: int, index: int) -> Example:
    """Draw example number ``index`` of the sequence that ``seed`` selects."""
    # A string seed is hashed with SHA-512, so "1:23" and "12:3" give unrelated streams.
    rng = random.Random(f"{seed}:{index}")
    statements = [random_statement(rng) for _ in range(rng.randint(*STATEMENTS_PER_POLICY))]
    return Example(
        statements=statements,
        action=ACTION_PREFIX + _text(rng, CONCRETE_ALPHABET, CONCRETE_SIZES),
        resource=_text(rng, CONCRETE_ALPHABET, CONCRETE_SIZES),
        tag=rng.choice(TAG_VALUES),
    )


def describe_disagreement(
    seed: int, index: int, example: Example, engine: Decision, reference: Decision
) -> dict[str, Any]:
    """Return a disagreement in full: the policy document, the request and both decisions."""
    return {
        "seed": seed,
        "index": index,
        "policy": {
            "Version": "2012-10-17",
            "Statement": [to_document(statement) for statement in example.statements],
        },
        "request": {
            "action": example.action,
            "resource": example.resource,
            "context": {} if example.tag is None else {"test:tag": example.tag},
        },
        "engine": engine.value,
        "reference": reference.value,
    }


def compare_random_examples(seed: int, start: int, stop: int, keep: int = 10) -> Comparison:
    """Compare the engine with the reference model on examples ``start`` to ``stop - 1``."""
    comparison = Comparison()
    for index in range(start, stop):
        example = random_example(seed, index)
        args = (example.statements, example.action, example.resource, example.tag)
        expected = reference_decision(*args)
        actual = engine_decision(*args)
        comparison.examples += 1
        comparison.reference_decisions[expected.value] += 1
        if actual is expected:
            continue
        comparison.disagreements += 1
        if len(comparison.first_disagreements) < keep:
            comparison.first_disagreements.append(
                describe_disagreement(seed, index, example, actual, expected)
            )
    return comparison
