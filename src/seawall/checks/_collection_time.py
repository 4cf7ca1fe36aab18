"""Ages of resources, measured from the time the Snapshot was collected.

Measuring from the collection time, not from now, gives the same result
for a saved snapshot on any later day.
"""

from __future__ import annotations

import datetime as dt

from seawall.inventory.snapshot import Snapshot


def parse_timestamp(value: str) -> dt.datetime:
    """Parse an ISO 8601 timestamp; a value without a zone is taken as UTC."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"invalid ISO 8601 timestamp {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def collection_time(snapshot: Snapshot) -> dt.datetime:
    """Return when the snapshot was collected, raising ValueError if it is not recorded."""
    if not snapshot.collected_at:
        raise ValueError("the snapshot has no collected_at time; collect it again")
    return parse_timestamp(snapshot.collected_at)


def age_in_days(snapshot: Snapshot, timestamp: str) -> int:
    """Return the whole days between ``timestamp`` and the collection time."""
    return (collection_time(snapshot) - parse_timestamp(timestamp)).days
