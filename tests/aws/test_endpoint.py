"""S3 Control calls stay on a configured endpoint URL."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from seawall.aws.endpoint import configured_endpoint_url, strip_account_host_prefix
from seawall.aws.outcome import CallStatus
from seawall.aws.session import ClientFactory, SessionOptions
from seawall.inventory.collect import CollectContext
from seawall.inventory.snapshot import Snapshot

ACCOUNT_ID = "123456789012"
PATH = "/v20180820/configuration/publicAccessBlock"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            f"http://{ACCOUNT_ID}.127.0.0.1:5000{PATH}",
            f"http://127.0.0.1:5000{PATH}",
            id="prefixed",
        ),
        pytest.param(f"http://127.0.0.1:5000{PATH}", f"http://127.0.0.1:5000{PATH}", id="plain"),
        pytest.param(
            f"http://{ACCOUNT_ID}.example.test:5000{PATH}",
            f"http://{ACCOUNT_ID}.example.test:5000{PATH}",
            id="other-host",
        ),
        pytest.param(
            f"http://bucket.127.0.0.1:5000{PATH}",
            f"http://bucket.127.0.0.1:5000{PATH}",
            id="not-an-account",
        ),
    ],
)
def test_strip_account_host_prefix(url: str, expected: str) -> None:
    assert strip_account_host_prefix(url, "127.0.0.1:5000") == expected


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        pytest.param(None, None, id="aws-default"),
        pytest.param("AWS_ENDPOINT_URL", "http://127.0.0.1:5000", id="global-variable"),
        pytest.param("AWS_ENDPOINT_URL_S3_CONTROL", "http://127.0.0.1:5000", id="service-variable"),
    ],
)
def test_configured_endpoint_url(
    monkeypatch: pytest.MonkeyPatch, variable: str | None, expected: str | None
) -> None:
    if variable is not None:
        monkeypatch.setenv(variable, "http://127.0.0.1:5000")
    session = boto3.Session(region_name="us-east-1")
    config = Config()
    client = session.client("s3control", config=config)

    assert configured_endpoint_url(client, session, "us-east-1", config) == expected


def test_s3control_through_moto_server(endpoint: str) -> None:
    session = boto3.Session(region_name="us-east-1")
    factory = ClientFactory(session, SessionOptions(max_attempts=2))
    ctx = CollectContext(Snapshot(account_id=ACCOUNT_ID), factory, item_pool=None)  # type: ignore[arg-type]
    params = {"AccountId": ACCOUNT_ID}

    missing = ctx.call("s3control", "GetPublicAccessBlock", params=params)
    factory.client("s3control", "us-east-1").put_public_access_block(
        AccountId=ACCOUNT_ID,
        PublicAccessBlockConfiguration={"BlockPublicAcls": True, "BlockPublicPolicy": True},
    )
    found = ctx.call("s3control", "GetPublicAccessBlock", params=params)

    assert endpoint.startswith("http://127.0.0.1:")
    assert (missing.status, missing.error_code) == (
        CallStatus.NOT_FOUND,
        "NoSuchPublicAccessBlockConfiguration",
    )
    assert found.status is CallStatus.OK
    assert found.data["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True


@pytest.mark.parametrize(
    ("service", "operation", "expected_code"),
    [
        pytest.param("accessanalyzer", "ListAnalyzers", "HtmlErrorPage", id="access-analyzer"),
        pytest.param("securityhub", "GetEnabledStandards", "404", id="securityhub-standards"),
    ],
)
def test_moto_server_gaps_are_not_implemented(
    endpoint: str, service: str, operation: str, expected_code: str
) -> None:
    factory = ClientFactory(boto3.Session(region_name="us-east-1"), SessionOptions(max_attempts=1))
    ctx = CollectContext(Snapshot(account_id=ACCOUNT_ID), factory, item_pool=None)  # type: ignore[arg-type]

    record = ctx.call(service, operation, region="us-east-1")

    assert endpoint
    assert (record.status, record.error_code) == (CallStatus.NOT_IMPLEMENTED, expected_code)


def test_html_error_page_not_retried(endpoint: str) -> None:
    factory = ClientFactory(boto3.Session(region_name="us-east-1"), SessionOptions(max_attempts=10))
    ctx = CollectContext(Snapshot(account_id=ACCOUNT_ID), factory, item_pool=None)  # type: ignore[arg-type]
    attempts: list[str] = []
    client = factory.client("accessanalyzer", "us-east-1")
    client.meta.events.register("before-send", lambda **_: attempts.append("sent"))

    record = ctx.call("accessanalyzer", "ListAnalyzers", region="us-east-1")

    assert endpoint
    assert record.status is CallStatus.NOT_IMPLEMENTED
    assert attempts == ["sent"]
