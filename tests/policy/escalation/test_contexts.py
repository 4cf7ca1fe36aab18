"""Tests for the candidate contexts of condition keys."""

from __future__ import annotations

import pytest

from seawall.policy.escalation.contexts import UNMATCHED, candidate_contexts
from seawall.policy.model import Condition


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        pytest.param((), [{}], id="no-conditions"),
        pytest.param(
            (Condition("Bool", "aws:SecureTransport", ("true",)),),
            [{"aws:securetransport": "true"}, {"aws:securetransport": "false"}],
            id="bool-always-present",
        ),
        pytest.param(
            (Condition("StringEquals", "ec2:InstanceType", ("t3.*",)),),
            [{"ec2:instancetype": "t3.seawall"}, {"ec2:instancetype": UNMATCHED}, {}],
            id="string-wildcard-filled",
        ),
        pytest.param(
            (Condition("IpAddress", "aws:SourceIp", ("192.0.2.0/24",)),),
            [{"aws:sourceip": "192.0.2.0"}, {"aws:sourceip": "198.51.100.1"}],
            id="ip-range-and-outside",
        ),
        pytest.param(
            (Condition("StringEquals", "iam:PassedToService", ("lambda.amazonaws.com",)),),
            [{}],
            id="fixed-key-not-enumerated",
        ),
    ],
)
def test_candidate_contexts(
    conditions: tuple[Condition, ...], expected: list[dict[str, str]]
) -> None:
    assert list(candidate_contexts(conditions, {})) == expected


def test_fixed_values_kept() -> None:
    contexts = list(candidate_contexts((), {"iam:PassedToService": "ec2.amazonaws.com"}))
    assert contexts == [{"iam:passedtoservice": "ec2.amazonaws.com"}]
