"""The KMS keys of one region, as the KMS checks read them from the Snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seawall.checks.context import CheckContext, DataUnavailable


@dataclass(frozen=True)
class Key:
    key_id: str
    arn: str
    metadata: dict[str, Any]

    @property
    def customer_managed(self) -> bool:
        return self.metadata.get("KeyManager") == "CUSTOMER"

    @property
    def state(self) -> str:
        return str(self.metadata.get("KeyState", "unknown"))


def region_keys(ctx: CheckContext, region: str) -> Iterator[Key | DataUnavailable]:
    """Yield each key of ``region`` with its DescribeKey metadata.

    A key whose DescribeKey call failed comes back as the DataUnavailable
    that explains why, so a check can report an error for that key alone.
    """
    listed = ctx.data("kms", "ListKeys", region)
    for entry in listed.get("Keys", []):
        key_id = str(entry["KeyId"])
        arn = str(entry.get("KeyArn") or key_id)
        try:
            described = ctx.data("kms", "DescribeKey", region, key_id)
        except DataUnavailable as missing:
            yield DataUnavailable(missing.reason, resource=arn, region=region)
            continue
        metadata = dict(described.get("KeyMetadata", {}))
        yield Key(key_id, str(metadata.get("Arn") or arn), metadata)
