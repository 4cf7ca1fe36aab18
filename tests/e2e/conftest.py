"""moto_server processes on 127.0.0.1 for end-to-end tests.

Each pytest-xdist worker starts its own servers on free ports, so tests on
different workers never share state.

- ``moto_server``: an empty server. ``aws_endpoint`` empties it through
  ``POST /moto-api/reset`` before each test that seeds it.
- ``demo_server``: a second server seeded with the demo account once per
  worker, because seeding it over HTTP takes about 10 s. Tests only read
  from it (``demo_endpoint``), so it is never reset.
"""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Callable

import boto3
import pytest

from seawall.aws.endpoint import S3_CONTROL_EVENT, strip_account_host_prefix
from seawall.demo.seed import seed_demo_account

from .fixture_account import seed_fixture_account


def point_boto3_at(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every boto3 call to ``url`` with fake credentials and no user configuration."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_MAX_ATTEMPTS", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


def seeding_session(url: str) -> boto3.Session:
    """Return a session for seeding a server at ``url``, with S3 Control kept on its host.

    botocore puts the account id in front of the S3 Control host, which does
    not resolve for 127.0.0.1. seawall's own clients move it back, but the
    seed code creates plain clients, so the session-wide handler does it here.
    """
    session = boto3.Session()
    host = url.removeprefix("http://")

    def keep_host(request: object, **_: object) -> None:
        request.url = strip_account_host_prefix(request.url, host)  # type: ignore[attr-defined]

    session.events.register(S3_CONTROL_EVENT, keep_host)
    return session


@pytest.fixture(scope="session")
def moto_server(start_moto_server: Callable[..., str]) -> str:
    """An empty ``moto_server`` on 127.0.0.1, without AWS managed policies."""
    return start_moto_server()


def reset_moto_server(url: str) -> None:
    """Empty the moto_server at ``url`` of every account's resources."""
    request = urllib.request.Request(f"{url}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass


@pytest.fixture
def aws_endpoint(moto_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point boto3 at an emptied moto_server with fake credentials."""
    reset_moto_server(moto_server)
    point_boto3_at(moto_server, monkeypatch)
    return moto_server


@pytest.fixture(scope="module")
def fixture_account(moto_server: str) -> str:
    """Empty the moto_server, seed the small fixture account once per module, return the URL.

    Tests of the module point boto3 at it with ``point_boto3_at`` and must not
    change it. pytest tears a module fixture down before another module's
    tests run on the worker, so an ``aws_endpoint`` reset never happens
    between the seeding and the tests that read the account.
    """
    reset_moto_server(moto_server)
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_boto3_at(moto_server, monkeypatch)
        seed_fixture_account(seeding_session(moto_server))
    return moto_server


@pytest.fixture(scope="session")
def demo_server(start_moto_server: Callable[..., str]) -> str:
    """Start a ``moto_server`` seeded with the demo account and return its URL."""
    url = start_moto_server(load_managed_policies=True)
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_boto3_at(url, monkeypatch)
        seed_demo_account(seeding_session(url))
    return url


@pytest.fixture
def demo_endpoint(demo_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point boto3 at the demo account's moto_server with fake credentials.

    Tests must not change the account: every test on the worker shares it.
    """
    point_boto3_at(demo_server, monkeypatch)
    return demo_server
