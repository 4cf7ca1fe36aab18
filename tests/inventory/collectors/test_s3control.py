from __future__ import annotations

from collections.abc import Callable

import boto3
import pytest

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.s3control import collect_s3control

Statuses = Callable[[], dict[tuple[str, str, str, str], str]]


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        pytest.param(True, "ok", id="set"),
        pytest.param(False, "not_found", id="unset"),
    ],
)
def test_s3control_public_access_block(
    session: boto3.Session,
    ctx: CollectContext,
    statuses: Statuses,
    configured: bool,
    expected: str,
) -> None:
    if configured:
        session.client("s3control", region_name="us-east-1").put_public_access_block(
            AccountId=ctx.account_id,
            PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True},
        )

    collect_s3control(ctx, "global")

    assert statuses() == {("s3control", "global", "GetPublicAccessBlock", ""): expected}
    if configured:
        record = ctx.snapshot.get("s3control", "GetPublicAccessBlock")
        assert record is not None
        assert record.data["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True


def test_s3control_denied(
    ctx: CollectContext, deny: Callable[[str, str], None], statuses: Statuses
) -> None:
    deny("s3control", "GetPublicAccessBlock")

    collect_s3control(ctx, "global")

    assert statuses() == {("s3control", "global", "GetPublicAccessBlock", ""): "access_denied"}
