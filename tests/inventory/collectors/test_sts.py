"""Caller identity against moto in-process."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from seawall.aws.errors import AwsSetupError
from seawall.aws.session import SessionOptions
from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.sts import collect_caller_identity, partition_of

Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
DenyFunc = Callable[[str, str], None]


def test_identity_recorded(ctx: CollectContext, statuses: Statuses) -> None:
    ctx.snapshot.account_id = ""
    ctx.snapshot.partition = ""

    record = collect_caller_identity(ctx, SessionOptions())

    assert statuses() == {("sts", "global", "GetCallerIdentity", ""): "ok"}
    assert record.data["Arn"] == "arn:aws:sts::123456789012:user/moto"
    assert (ctx.snapshot.account_id, ctx.snapshot.partition) == ("123456789012", "aws")


def test_denied_identity_raises(ctx: CollectContext, deny: DenyFunc, statuses: Statuses) -> None:
    deny("sts", "GetCallerIdentity")

    with pytest.raises(AwsSetupError) as raised:
        collect_caller_identity(ctx, SessionOptions())

    assert str(raised.value) == (
        "could not verify the AWS credentials (AccessDenied: User is not authorized)"
    )
    assert statuses() == {}


@pytest.mark.parametrize(
    ("arn", "partition"),
    [
        pytest.param("arn:aws:iam::123456789012:user/alice", "aws", id="commercial"),
        pytest.param("arn:aws-cn:sts::123456789012:assumed-role/a/b", "aws-cn", id="china"),
        pytest.param("arn:aws-us-gov:iam::123456789012:root", "aws-us-gov", id="govcloud"),
    ],
)
def test_partition_of(arn: str, partition: str) -> None:
    assert partition_of(arn) == partition


def test_partition_of_invalid_arn() -> None:
    with pytest.raises(AwsSetupError, match="STS returned the caller ARN 'user/alice'"):
        partition_of("user/alice")
