"""Fetching CloudTrail public keys when the endpoint cannot list them."""

from __future__ import annotations

from datetime import UTC, datetime

import boto3
import pytest
from moto import mock_aws

from seawall.trail.public_keys import fetch_public_keys
from seawall.trail.sources import TrailInputError


def test_fetch_keys_not_implemented_one_line() -> None:
    start = datetime(2024, 3, 1, tzinfo=UTC)
    end = datetime(2024, 3, 2, tzinfo=UTC)

    # moto in-process raises NotImplementedError for cloudtrail:ListPublicKeys.
    with mock_aws(), pytest.raises(TrailInputError) as raised:
        fetch_public_keys(boto3.Session(), {"us-east-1"}, start, end)

    assert str(raised.value) == (
        "could not fetch CloudTrail public keys: ListPublicKeys in us-east-1 failed with "
        "NotImplementedError: The list_public_keys action has not been implemented; pass "
        "--public-keys FILE (the output of aws cloudtrail list-public-keys)"
    )
