"""The Snapshot: every API call a collection made, with its raw outcome.

Collectors add records; checks read them. A record is keyed by
(service, region, operation, resource): ``region`` is ``"global"`` for
account-wide APIs (IAM, Organizations, S3 bucket calls, S3 Control,
Budgets, Account, STS), and ``resource`` names the item a per-resource
call was made for (a key id, a bucket name), or ``""``.

``data`` is the JSON-ready response: paginated responses merged as
botocore's ``build_full_result`` does, ``ResponseMetadata`` removed,
datetimes as ISO 8601 strings, and secret values already replaced by
their redacted shape (see ``seawall.inventory.redact``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from seawall.aws.outcome import CallStatus

GLOBAL = "global"


@dataclass(slots=True)
class CallRecord:
    service: str
    operation: str
    region: str
    resource: str
    status: CallStatus
    data: Any = None
    error_code: str | None = None
    error_message: str | None = None

    @property
    def key(self) -> str:
        return record_key(self.service, self.region, self.operation, self.resource)

    @property
    def ok(self) -> bool:
        return self.status is CallStatus.OK

    @property
    def iam_action(self) -> str:
        """The IAM action that authorizes this call, for error reasons."""
        from seawall.aws.actions import iam_action_for

        return iam_action_for(self.service, self.operation)

    def describe_failure(self) -> str:
        """Return a plain reason such as ``AccessDenied on kms:GetKeyRotationStatus``."""
        code = self.error_code or self.status.value
        where = f" in {self.region}" if self.region != GLOBAL else ""
        target = f" for {self.resource}" if self.resource else ""
        call = f"{self.iam_action}{target}{where}"
        if self.status is CallStatus.NOT_IMPLEMENTED:
            return f"{call} is not implemented by the endpoint ({code})"
        if self.status is CallStatus.THROTTLED:
            return f"{code} on {call}, still throttled after retries"
        return f"{code} on {call}"

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "operation": self.operation,
            "region": self.region,
            "resource": self.resource,
            "status": self.status.value,
            "data": self.data,
            "error_code": self.error_code,
            "error_message": self.error_message,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> CallRecord:
        return cls(
            service=str(raw["service"]),
            operation=str(raw["operation"]),
            region=str(raw["region"]),
            resource=str(raw.get("resource", "")),
            status=CallStatus(raw["status"]),
            data=raw.get("data"),
            error_code=raw.get("error_code"),
            error_message=raw.get("error_message"),
        )


def record_key(service: str, region: str, operation: str, resource: str = "") -> str:
    return f"{service}|{region}|{operation}|{resource}"


@dataclass
class Snapshot:
    """All collected records of one account, plus where and when."""

    account_id: str
    partition: str = "aws"
    home_region: str = "us-east-1"
    regions: list[str] = field(default_factory=list)
    collected_at: str = ""
    seawall_version: str = ""
    records: dict[str, CallRecord] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, record: CallRecord) -> None:
        with self._lock:
            self.records[record.key] = record

    def get(
        self, service: str, operation: str, region: str = GLOBAL, resource: str = ""
    ) -> CallRecord | None:
        return self.records.get(record_key(service, region, operation, resource))

    def find(self, service: str, operation: str, region: str | None = None) -> Iterator[CallRecord]:
        """Yield every record of one operation, in any region unless ``region`` is given."""
        for record in self.records.values():
            if record.service != service or record.operation != operation:
                continue
            if region is not None and record.region != region:
                continue
            yield record

    @property
    def account_arn(self) -> str:
        return f"arn:{self.partition}:iam::{self.account_id}:root"
