"""The random.Random generator of random_policies, and the engine held against it."""

from __future__ import annotations

from evaluation_reference import (
    ACTION_NAME_ALPHABET,
    ACTION_PREFIX,
    CONCRETE_ALPHABET,
    RESOURCE_ALPHABET,
)
from random_policies import compare_random_examples, random_example

from seawall.policy import Decision


def test_engine_agrees_on_random_examples() -> None:
    comparison = compare_random_examples(seed=2024, start=0, stop=2000)

    assert comparison.examples == 2000
    assert comparison.first_disagreements == []
    assert comparison.disagreements == 0


def test_random_examples_reach_every_decision() -> None:
    comparison = compare_random_examples(seed=2024, start=0, stop=2000)

    for decision in Decision:
        assert comparison.reference_decisions[decision.value] > 0, decision


def test_random_example_depends_on_seed_and_index() -> None:
    assert random_example(7, 41) == random_example(7, 41)
    assert random_example(7, 41) != random_example(7, 42)
    assert random_example(7, 41) != random_example(8, 41)


def test_random_examples_use_reference_alphabets() -> None:
    for index in range(200):
        example = random_example(3, index)
        assert example.action.startswith(ACTION_PREFIX)
        assert set(example.action.removeprefix(ACTION_PREFIX)) <= set(CONCRETE_ALPHABET)
        assert set(example.resource) <= set(CONCRETE_ALPHABET)
        for statement in example.statements:
            for action in statement["Action"]:
                assert set(action.removeprefix(ACTION_PREFIX)) <= set(ACTION_NAME_ALPHABET)
            for resource in statement["Resource"]:
                assert set(resource) <= set(RESOURCE_ALPHABET)
