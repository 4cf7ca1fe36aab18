"""Run the collectors and fill a Snapshot.

A collector is a function registered with ``@collector(service, scope)``.
Regional collectors run once per scanned region, global ones once. Each
API call goes through ``CollectContext.call``, which records its outcome,
classified, in the Snapshot whatever happens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from botocore import xform_name

from seawall.aws.errors import CALL_ERRORS, classify_exception
from seawall.aws.outcome import CallStatus
from seawall.aws.session import ClientFactory
from seawall.inventory.jsonable import to_jsonable
from seawall.inventory.snapshot import GLOBAL, CallRecord, Snapshot

log = logging.getLogger(__name__)

Scope = Literal["global", "regional"]
CollectorFunc = Callable[["CollectContext", str], None]
T = TypeVar("T")


@dataclass(frozen=True)
class CollectorSpec:
    service: str
    scope: Scope
    func: CollectorFunc


COLLECTORS: list[CollectorSpec] = []


def collector(service: str, scope: Scope) -> Callable[[CollectorFunc], CollectorFunc]:
    """Register a collector. Its function receives the context and a region
    (``"global"`` for global collectors)."""

    def register(func: CollectorFunc) -> CollectorFunc:
        COLLECTORS.append(CollectorSpec(service, scope, func))
        return func

    return register


class CollectContext:
    """The collector's access to AWS: recorded API calls and a worker pool for per-item calls."""

    def __init__(
        self,
        snapshot: Snapshot,
        clients: ClientFactory,
        item_pool: ThreadPoolExecutor,
        on_call: Callable[[CallRecord], None] | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.clients = clients
        self._item_pool = item_pool
        self._on_call = on_call

    @property
    def account_id(self) -> str:
        return self.snapshot.account_id

    @property
    def partition(self) -> str:
        return self.snapshot.partition

    def call(
        self,
        service: str,
        operation: str,
        *,
        region: str = GLOBAL,
        resource: str = "",
        paginate: bool = False,
        params: dict[str, Any] | None = None,
        transform: Callable[[Any], Any] | None = None,
    ) -> CallRecord:
        """Call one API operation (CamelCase name), record and return its outcome.

        ``transform`` rewrites the JSON-ready data before it is stored; the
        redaction of secret values happens there.
        """
        client_region = self.snapshot.home_region if region == GLOBAL else region
        record = CallRecord(service, operation, region, resource, CallStatus.OK)
        try:
            client = self.clients.client(service, client_region)
            method = xform_name(operation)
            if paginate:
                paginator = client.get_paginator(method)
                raw = paginator.paginate(**(params or {})).build_full_result()
            else:
                raw = getattr(client, method)(**(params or {}))
            data = to_jsonable(raw)
            record.data = transform(data) if transform is not None else data
        except CALL_ERRORS as error:
            record.status, record.error_code, record.error_message = classify_exception(error)
        except Exception as error:
            # An undecodable response or a bug in a transform must cost one
            # record, not the collector's remaining calls. The exception text
            # is kept out of the record and the log when a transform ran,
            # because redaction failing means it may quote an unredacted value.
            detail = "the response could not be redacted" if transform else str(error)
            log.warning(
                "%s.%s in %s failed unexpectedly: %s: %s",
                service,
                operation,
                region,
                type(error).__name__,
                detail,
            )
            record.status = CallStatus.ERROR
            record.error_code = type(error).__name__
            record.error_message = detail
            record.data = None
        if not record.ok:
            log.debug(
                "%s.%s in %s for %r: %s (%s)",
                service,
                operation,
                region,
                resource,
                record.status.value,
                record.error_code,
            )
        self.snapshot.add(record)
        if self._on_call is not None:
            self._on_call(record)
        return record

    def map(self, func: Callable[[T], object], items: Iterable[T]) -> None:
        """Run ``func`` on every item in the shared per-item pool and wait for all.

        ``func`` must not call ``map`` itself: the per-item pool is bounded,
        so nested waits on it could deadlock.
        """
        futures = [self._item_pool.submit(func, item) for item in items]
        for future in futures:
            future.result()
