"""run_collection: identity, regions and every (collector, region) task."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

import seawall
from seawall.aws.errors import AwsSetupError
from seawall.aws.outcome import CallStatus
from seawall.aws.session import SessionOptions
from seawall.inventory.collect import CollectContext, CollectorSpec
from seawall.inventory.run import load_collectors, run_collection

REGIONS = ("us-east-1", "eu-west-1")


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[boto3.Session]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        yield boto3.Session(region_name="us-east-1")


def deny_describe_regions(session: boto3.Session) -> None:
    def raise_denied(**_: object) -> None:
        error = {"Error": {"Code": "UnauthorizedOperation", "Message": "not authorized"}}
        raise ClientError(error, "DescribeRegions")  # type: ignore[arg-type]

    session.events.register("before-call.ec2.DescribeRegions", raise_denied)


def test_runs_each_task_once(session: boto3.Session) -> None:
    calls: list[tuple[str, str]] = []
    lock = threading.Lock()

    def record(ctx: CollectContext, region: str) -> None:
        with lock:
            calls.append((ctx.account_id, region))

    specs = [CollectorSpec("one", "global", record), CollectorSpec("two", "regional", record)]
    progress: list[str] = []

    snapshot = run_collection(
        SessionOptions(regions=REGIONS, max_workers=2),
        session=session,
        progress=progress.append,
        collectors=specs,
    )

    assert sorted(calls) == [
        ("123456789012", "eu-west-1"),
        ("123456789012", "global"),
        ("123456789012", "us-east-1"),
    ]
    assert sorted(progress) == ["one global", "two eu-west-1", "two us-east-1"]
    assert snapshot.regions == list(REGIONS)


def test_snapshot_header_and_setup_records(session: boto3.Session) -> None:
    snapshot = run_collection(SessionOptions(regions=REGIONS), session=session, collectors=[])

    identity = snapshot.get("sts", "GetCallerIdentity")
    regions = snapshot.get("ec2", "DescribeRegions")
    assert (snapshot.account_id, snapshot.partition, snapshot.home_region) == (
        "123456789012",
        "aws",
        "us-east-1",
    )
    assert snapshot.seawall_version == seawall.__version__
    assert snapshot.collected_at.endswith("+00:00")
    assert identity is not None
    assert identity.status is CallStatus.OK
    assert identity.data["Account"] == "123456789012"
    assert regions is not None
    assert regions.status is CallStatus.OK
    assert {"RegionName": "ap-east-1", "OptInStatus": "not-opted-in"}.items() <= next(
        r for r in regions.data["Regions"] if r["RegionName"] == "ap-east-1"
    ).items()


def test_default_regions_are_enabled_ones(session: boto3.Session) -> None:
    snapshot = run_collection(SessionOptions(), session=session, collectors=[])

    assert "us-east-1" in snapshot.regions
    assert "eu-west-1" in snapshot.regions
    assert "ap-east-1" not in snapshot.regions  # not-opted-in in moto
    assert "cn-north-1" not in snapshot.regions  # other partition
    assert snapshot.regions == sorted(snapshot.regions)


def test_denied_regions_without_request(session: boto3.Session) -> None:
    deny_describe_regions(session)

    with pytest.raises(AwsSetupError) as raised:
        run_collection(SessionOptions(), session=session, collectors=[])

    assert str(raised.value) == (
        "could not list the account's regions (UnauthorizedOperation on ec2:DescribeRegions); "
        "allow ec2:DescribeRegions or name the regions with --region"
    )


def test_denied_regions_with_request(session: boto3.Session) -> None:
    deny_describe_regions(session)

    snapshot = run_collection(
        SessionOptions(regions=("eu-west-1",)), session=session, collectors=[]
    )

    record = snapshot.get("ec2", "DescribeRegions")
    assert record is not None
    assert record.status is CallStatus.ACCESS_DENIED
    assert snapshot.regions == ["eu-west-1"]


def test_failing_collector_is_logged(
    session: boto3.Session, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(ctx: CollectContext, region: str) -> None:
        raise KeyError(f"Keys of {ctx.account_id} in {region}")

    def working(ctx: CollectContext, region: str) -> None:
        ctx.call("iam", "GetAccountSummary", region=region)

    specs = [CollectorSpec("broken", "global", broken), CollectorSpec("iam", "global", working)]

    with caplog.at_level(logging.ERROR, logger="seawall.inventory.run"):
        snapshot = run_collection(
            SessionOptions(regions=REGIONS), session=session, collectors=specs
        )

    assert snapshot.get("iam", "GetAccountSummary") is not None
    assert [r.getMessage() for r in caplog.records] == [
        f"collector {__name__}.broken failed in global: KeyError: 'Keys of 123456789012 in global'"
    ]


def test_load_collectors_finds_modules() -> None:
    found = {(spec.service, spec.scope) for spec in load_collectors()}

    assert {
        ("iam", "global"),
        ("organizations", "global"),
        ("account", "global"),
        ("accessanalyzer", "regional"),
    } <= found
