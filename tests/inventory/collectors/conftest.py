"""Fixtures for collector tests: an in-process moto account and a CollectContext on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from seawall.aws.session import ClientFactory
from seawall.inventory.collect import CollectContext
from seawall.inventory.snapshot import Snapshot

ACCOUNT_ID = "123456789012"  # moto's default account
REGION = "us-east-1"


def _use_fake_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Set fake credentials and hide shared config, so nothing can reach a real account."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[boto3.Session]:
    _use_fake_credentials(monkeypatch, tmp_path)
    with mock_aws():
        yield boto3.Session(region_name=REGION)


@pytest.fixture
def ctx(session: boto3.Session) -> Iterator[CollectContext]:
    snapshot = Snapshot(account_id=ACCOUNT_ID, home_region=REGION, regions=[REGION, "eu-west-1"])
    with ThreadPoolExecutor(max_workers=4) as pool:
        yield CollectContext(snapshot, ClientFactory(session), pool)


DenyFunc = Callable[[str, str], None]


@pytest.fixture
def deny(ctx: CollectContext) -> DenyFunc:
    """Make one operation of one service fail with AccessDenied, in every region.

    The error is raised from botocore's before-call event, so it travels the
    same path as a denial returned by AWS.
    """
    denied: set[tuple[str, str]] = set()
    factory = ctx.clients
    original_client = factory.client

    def raise_denied(model: Any, **_: Any) -> None:
        service = model.service_model.service_name
        if (service, model.name) in denied:
            error = {"Error": {"Code": "AccessDenied", "Message": "User is not authorized"}}
            raise ClientError(error, model.name)

    def client(service: str, region: str) -> Any:
        created = original_client(service, region)
        created.meta.events.register("before-call", raise_denied, unique_id="seawall-deny")
        return created

    factory.client = client  # type: ignore[method-assign]

    def add(service: str, operation: str) -> None:
        denied.add((service, operation))

    return add


RecordKey = tuple[str, str, str, str]


@pytest.fixture
def statuses(ctx: CollectContext) -> Callable[[], dict[RecordKey, str]]:
    """Return a function that maps each record's key parts to its status."""

    def collected() -> dict[RecordKey, str]:
        return {
            (r.service, r.region, r.operation, r.resource): r.status.value
            for r in ctx.snapshot.records.values()
        }

    return collected
