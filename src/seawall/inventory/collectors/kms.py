"""KMS keys, aliases, key policies and rotation status, per region."""

from __future__ import annotations

from typing import Any

from seawall.inventory.collect import CollectContext, collector

SERVICE = "kms"


@collector(SERVICE, "regional")
def collect_kms(ctx: CollectContext, region: str) -> None:
    keys = ctx.call(SERVICE, "ListKeys", region=region, paginate=True)
    ctx.call(SERVICE, "ListAliases", region=region, paginate=True)
    if not keys.ok:
        return
    key_ids = [str(key["KeyId"]) for key in keys.data.get("Keys", [])]
    ctx.map(lambda key_id: _collect_key(ctx, region, key_id), key_ids)


def _collect_key(ctx: CollectContext, region: str, key_id: str) -> None:
    described = ctx.call(
        SERVICE, "DescribeKey", region=region, resource=key_id, params={"KeyId": key_id}
    )
    if not described.ok:
        return
    metadata: dict[str, Any] = described.data.get("KeyMetadata", {})
    # AWS managed keys rotate yearly by design and their policies are fixed by
    # AWS, so only customer-managed keys are worth the extra calls.
    if metadata.get("KeyManager") != "CUSTOMER":
        return
    ctx.call(
        SERVICE,
        "GetKeyPolicy",
        region=region,
        resource=key_id,
        params={"KeyId": key_id, "PolicyName": "default"},
    )
    if _supports_rotation(metadata):
        ctx.call(
            SERVICE,
            "GetKeyRotationStatus",
            region=region,
            resource=key_id,
            params={"KeyId": key_id},
        )


def _supports_rotation(metadata: dict[str, Any]) -> bool:
    """Return whether automatic rotation applies: enabled symmetric keys with KMS key material.

    Asymmetric, HMAC, imported (EXTERNAL) and custom key store keys cannot
    rotate automatically, and the API rejects the call for disabled keys.
    """
    return (
        metadata.get("KeySpec", metadata.get("CustomerMasterKeySpec")) == "SYMMETRIC_DEFAULT"
        and metadata.get("Origin") == "AWS_KMS"
        and metadata.get("KeyState") == "Enabled"
    )
