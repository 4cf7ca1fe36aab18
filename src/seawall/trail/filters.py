"""The account, region, trail and time filters shared by reading, download and validation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from seawall.trail.keys import DigestName, LogName

# A digest covers the log files delivered in the hour before its end time, so the
# digests that list the logs up to ``end`` can end up to an hour later.
DIGEST_SPILL = timedelta(hours=1)


@dataclass(frozen=True)
class TrailFilter:
    """The file selection: every field left as None accepts everything."""

    account: str | None = None
    region: str | None = None
    trail: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    def accepts_log(self, name: LogName) -> bool:
        if self.account is not None and name.account != self.account:
            return False
        if self.region is not None and name.region != self.region:
            return False
        return self.in_time_range(name.time)

    def accepts_digest(self, name: DigestName) -> bool:
        if self.account is not None and name.account != self.account:
            return False
        if self.region is not None and name.region != self.region:
            return False
        if self.trail is not None and name.trail != self.trail:
            return False
        if self.start is not None and name.end_time < self.start:
            return False
        return self.end is None or name.end_time <= self.end + DIGEST_SPILL

    def in_time_range(self, time: datetime) -> bool:
        if self.start is not None and time < self.start:
            return False
        return self.end is None or time <= self.end
