from __future__ import annotations

from collections.abc import Callable

import boto3
import pytest

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.kms import collect_kms

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]


def _create_keys(session: boto3.Session) -> dict[str, str]:
    kms = session.client("kms", region_name=REGION)
    keys = {
        "symmetric": kms.create_key()["KeyMetadata"]["KeyId"],
        "asymmetric": kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"][
            "KeyId"
        ],
        "pending": kms.create_key()["KeyMetadata"]["KeyId"],
        "disabled": kms.create_key()["KeyMetadata"]["KeyId"],
    }
    kms.enable_key_rotation(KeyId=keys["symmetric"])
    kms.schedule_key_deletion(KeyId=keys["pending"], PendingWindowInDays=7)
    kms.disable_key(KeyId=keys["disabled"])
    return keys


def test_kms_records_per_key_calls(
    session: boto3.Session, ctx: CollectContext, statuses: Statuses
) -> None:
    keys = _create_keys(session)

    collect_kms(ctx, REGION)

    expected = {
        ("kms", REGION, "ListKeys", ""): "ok",
        ("kms", REGION, "ListAliases", ""): "ok",
        **{("kms", REGION, "DescribeKey", key_id): "ok" for key_id in keys.values()},
        **{("kms", REGION, "GetKeyPolicy", key_id): "ok" for key_id in keys.values()},
        ("kms", REGION, "GetKeyRotationStatus", keys["symmetric"]): "ok",
    }
    assert statuses() == expected


def test_kms_rotation_status_data(session: boto3.Session, ctx: CollectContext) -> None:
    keys = _create_keys(session)

    collect_kms(ctx, REGION)

    rotation = ctx.snapshot.get("kms", "GetKeyRotationStatus", REGION, keys["symmetric"])
    assert rotation is not None
    assert rotation.data["KeyRotationEnabled"] is True
    policy = ctx.snapshot.get("kms", "GetKeyPolicy", REGION, keys["asymmetric"])
    assert policy is not None
    assert '"Version": "2012-10-17"' in policy.data["Policy"]


@pytest.mark.parametrize(
    ("denied", "expected"),
    [
        pytest.param(
            "ListKeys",
            {
                ("kms", REGION, "ListKeys", ""): "access_denied",
                ("kms", REGION, "ListAliases", ""): "ok",
            },
            id="list-keys-denied",
        ),
        pytest.param(
            "DescribeKey",
            {
                ("kms", REGION, "ListKeys", ""): "ok",
                ("kms", REGION, "ListAliases", ""): "ok",
                ("kms", REGION, "DescribeKey", "KEY"): "access_denied",
            },
            id="describe-key-denied",
        ),
    ],
)
def test_kms_denied_call_is_recorded(
    session: boto3.Session,
    ctx: CollectContext,
    deny: Callable[[str, str], None],
    statuses: Statuses,
    denied: str,
    expected: dict[tuple[str, str, str, str], str],
) -> None:
    key_id = session.client("kms", region_name=REGION).create_key()["KeyMetadata"]["KeyId"]
    deny("kms", denied)

    collect_kms(ctx, REGION)

    resolved = {
        (s, r, o, key_id if res == "KEY" else res): v for (s, r, o, res), v in expected.items()
    }
    assert statuses() == resolved
