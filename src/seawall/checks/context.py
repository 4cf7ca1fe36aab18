"""The context of a check function: the Snapshot and helpers that build findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from seawall.aws.outcome import CallStatus
from seawall.findings.model import Finding, Status
from seawall.inventory.snapshot import GLOBAL, CallRecord, Snapshot

if TYPE_CHECKING:
    from seawall.checks.registry import CheckMeta


class DataUnavailable(Exception):
    """The data a check needs was not collected or its call failed.

    The runner turns it into an ``error`` finding carrying ``reason``.
    """

    def __init__(self, reason: str, *, resource: str | None = None, region: str = GLOBAL):
        super().__init__(reason)
        self.reason = reason
        self.resource = resource
        self.region = region


class CheckContext:
    def __init__(self, snapshot: Snapshot, meta: CheckMeta) -> None:
        self.snapshot = snapshot
        self.meta = meta

    @property
    def account_id(self) -> str:
        return self.snapshot.account_id

    @property
    def regions(self) -> list[str]:
        return self.snapshot.regions

    def record(
        self, service: str, operation: str, region: str = GLOBAL, resource: str = ""
    ) -> CallRecord:
        """Return the record of a call, raising DataUnavailable if it was never made."""
        found = self.snapshot.get(service, operation, region, resource)
        if found is None:
            from seawall.aws.actions import iam_action_for

            target = f" for {resource}" if resource else ""
            where = f" in {region}" if region != GLOBAL else ""
            raise DataUnavailable(
                f"could not assess: {iam_action_for(service, operation)}{target}{where} "
                "was not collected",
                region=region,
            )
        return found

    def data(
        self,
        service: str,
        operation: str,
        region: str = GLOBAL,
        resource: str = "",
        *,
        allow_not_found: bool = False,
    ) -> Any:
        """Return a call's data, raising DataUnavailable unless the call succeeded.

        With ``allow_not_found`` a NOT_FOUND response (no such policy, no such
        configuration) returns None, because that is a real answer.
        """
        found = self.record(service, operation, region, resource)
        if found.ok:
            return found.data
        if allow_not_found and found.status is CallStatus.NOT_FOUND:
            return None
        raise DataUnavailable(f"could not assess: {found.describe_failure()}", region=region)

    def finding(self, status: Status, resource: str, reason: str, region: str = GLOBAL) -> Finding:
        meta = self.meta
        return Finding(
            check_id=meta.id,
            title=meta.title,
            practice=meta.practice,
            severity=meta.severity,
            status=status,
            resource=resource,
            account=self.snapshot.account_id,
            region=region,
            reason=reason,
            controls=meta.controls,
            remediation=meta.remediation,
        )

    def passed(self, resource: str, reason: str, region: str = GLOBAL) -> Finding:
        return self.finding(Status.PASS, resource, reason, region)

    def failed(self, resource: str, reason: str, region: str = GLOBAL) -> Finding:
        return self.finding(Status.FAIL, resource, reason, region)

    def error(self, resource: str, reason: str, region: str = GLOBAL) -> Finding:
        return self.finding(Status.ERROR, resource, reason, region)

    def not_applicable(self, resource: str, reason: str, region: str = GLOBAL) -> Finding:
        return self.finding(Status.NOT_APPLICABLE, resource, reason, region)

    def per_region(self, func: Callable[[str], Iterable[Finding]]) -> Iterator[Finding]:
        """Run ``func`` for each scanned region; data missing in one region
        becomes an ``error`` finding for that region and the others go on."""
        for region in self.snapshot.regions:
            try:
                yield from func(region)
            except DataUnavailable as missing:
                resource = missing.resource or self.region_resource(region)
                yield self.error(resource, missing.reason, region)

    def region_resource(self, region: str) -> str:
        """The resource id used for account-level results in one region."""
        return f"arn:{self.snapshot.partition}:::{self.snapshot.account_id}/{region}"
