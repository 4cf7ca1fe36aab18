"""Context values checked against the catalog's condition key types."""

from __future__ import annotations

from typing import Any

import pytest

from seawall.policy.catalog import load_catalog
from seawall.policy.context_types import context_type_problems


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        pytest.param({"aws:SecureTransport": True}, [], id="bool-ok"),
        pytest.param(
            {"aws:SecureTransport": "yes"},
            [
                "context key 'aws:securetransport' is Bool but has the value 'yes'; "
                "give true or false"
            ],
            id="bool-bad",
        ),
        pytest.param({"s3:max-keys": 10}, [], id="numeric-ok"),
        pytest.param(
            {"s3:max-keys": "ten"},
            [
                "context key 's3:max-keys' is Numeric but has the value 'ten'; "
                "give a number such as 10"
            ],
            id="numeric-bad",
        ),
        pytest.param({"aws:CurrentTime": "2024-01-31T00:00:00Z"}, [], id="date-ok"),
        pytest.param({"aws:SourceIp": "203.0.113.7"}, [], id="ip-ok"),
        pytest.param(
            {"aws:SourceIp": ["203.0.113.7", "203.0.113.8"]},
            [
                "context key 'aws:sourceip' is single-valued (IPAddress) but has 2 values; "
                "give one value"
            ],
            id="single-valued-list",
        ),
        pytest.param({"aws:TagKeys": ["team", "env"]}, [], id="array-of-string"),
        pytest.param({"example:Unknown": "x"}, [], id="unknown-key-skipped"),
    ],
)
def test_context_type_problems(context: dict[str, Any], expected: list[str]) -> None:
    assert context_type_problems(context, load_catalog()) == expected
