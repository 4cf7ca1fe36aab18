"""CollectContext: every call recorded with its classified outcome."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from seawall.aws.outcome import CallStatus
from seawall.aws.session import ClientFactory
from seawall.inventory import collect
from seawall.inventory.collect import CollectContext, CollectorSpec, collector
from seawall.inventory.snapshot import CallRecord, Snapshot


@pytest.fixture
def ctx(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[CollectContext]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws(), ThreadPoolExecutor(max_workers=2) as pool:
        session = boto3.Session(region_name="us-east-1")
        yield CollectContext(Snapshot(account_id="123456789012"), ClientFactory(session), pool)


def test_call_records_ok_data(ctx: CollectContext) -> None:
    ctx.clients.client("iam", "us-east-1").create_user(UserName="alice")

    record = ctx.call("iam", "ListUsers", paginate=True, transform=lambda d: d["Users"][0])

    assert ctx.snapshot.get("iam", "ListUsers") is record
    assert (record.status, record.error_code) == (CallStatus.OK, None)
    assert record.data["UserName"] == "alice"
    assert record.data["CreateDate"].endswith("+00:00")


def test_call_records_classified_error(ctx: CollectContext) -> None:
    record = ctx.call("iam", "GetUser", resource="bob", params={"UserName": "bob"})

    assert ctx.snapshot.get("iam", "GetUser", resource="bob") is record
    assert (record.status, record.error_code) == (CallStatus.NOT_FOUND, "NoSuchEntity")
    assert record.data is None


def test_call_records_not_implemented(ctx: CollectContext) -> None:
    record = ctx.call("accessanalyzer", "ListAnalyzers", region="eu-west-1", paginate=True)

    assert (record.region, record.status) == ("eu-west-1", CallStatus.NOT_IMPLEMENTED)
    assert record.error_message == "Not yet implemented"


def test_call_records_parameter_error(ctx: CollectContext) -> None:
    record = ctx.call("iam", "GetUser", params={"UserName": 5})

    assert (record.status, record.error_code) == (CallStatus.ERROR, "ParamValidationError")


def test_call_records_unexpected_failure(ctx: CollectContext) -> None:
    def broken_transform(_: object) -> object:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    record = ctx.call("iam", "ListUsers", paginate=True, transform=broken_transform)

    assert ctx.snapshot.get("iam", "ListUsers") is record
    assert (record.status, record.error_code) == (CallStatus.ERROR, "UnicodeDecodeError")
    assert record.data is None


def test_failed_redaction_keeps_value_out(
    ctx: CollectContext, caplog: pytest.LogCaptureFixture
) -> None:
    planted = "hunter2-FAKE-value"

    def leaky_transform(_: object) -> object:
        raise ValueError(f"cannot redact {planted}")

    record = ctx.call("iam", "ListUsers", paginate=True, transform=leaky_transform)

    assert record.error_message == "the response could not be redacted"
    assert planted not in str(record.to_json())
    assert planted not in caplog.text


def test_call_tells_observer(ctx: CollectContext) -> None:
    seen: list[CallRecord] = []
    observed = CollectContext(ctx.snapshot, ctx.clients, ctx._item_pool, on_call=seen.append)

    record = observed.call("iam", "GetAccountSummary")

    assert seen == [record]


def test_map_runs_every_item(ctx: CollectContext) -> None:
    done: list[int] = []

    ctx.map(done.append, range(5))

    assert sorted(done) == [0, 1, 2, 3, 4]


def test_map_reraises_item_error(ctx: CollectContext) -> None:
    def fail(item: int) -> None:
        raise ValueError(f"item {item}")

    with pytest.raises(ValueError, match="item 1"):
        ctx.map(fail, [1])


def test_collector_decorator_registers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collect, "COLLECTORS", [])

    @collector("example", "regional")
    def collect_example(ctx: CollectContext, region: str) -> None:
        del ctx, region

    registered = collect.COLLECTORS

    assert registered == [CollectorSpec("example", "regional", collect_example)]
