"""The result of a validation: a status per file and the gaps in each digest chain."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class FileStatus(StrEnum):
    VALID = "valid"
    MODIFIED = "modified"
    DELETED = "deleted"
    UNLISTED = "unlisted"
    TRAILING_DATA = "trailing_data"
    MOVED = "moved"
    SIGNATURE_INVALID = "signature_invalid"
    PUBLIC_KEY_NOT_FOUND = "public_key_not_found"


class FileKind(StrEnum):
    LOG = "log"
    DIGEST = "digest"


class GapReason(StrEnum):
    # Digest files that the chain or the hourly cadence expects are not there.
    DIGESTS_MISSING = "digests_missing"
    # A digest starts a new chain after older digests: logging or validation was
    # off in between. CloudTrail does this itself, so it is reported but not invalid.
    CHAIN_RESTARTED = "chain_restarted"


@dataclass(frozen=True)
class FileResult:
    path: str
    kind: FileKind
    status: FileStatus
    detail: str = ""


@dataclass(frozen=True)
class Gap:
    """A time range of a trail that no digest file present covers."""

    trail: str
    start: datetime
    end: datetime
    missing_digests: int
    reason: GapReason


@dataclass(frozen=True)
class ValidationReport:
    source: str
    files: tuple[FileResult, ...]
    gaps: tuple[Gap, ...]
    # Log files delivered after the last digest that is due by the end time.
    pending_logs: int = 0
    # Reasons the source as a whole fails, such as finding no digest file at all.
    problems: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        if self.problems:
            return False
        files_valid = all(result.status is FileStatus.VALID for result in self.files)
        return files_valid and not any(gap.reason is GapReason.DIGESTS_MISSING for gap in self.gaps)

    @property
    def missing_digests(self) -> int:
        """Return the number of digests missing in all gaps, named or not."""
        return sum(
            gap.missing_digests for gap in self.gaps if gap.reason is GapReason.DIGESTS_MISSING
        )

    def counts(self, kind: FileKind) -> dict[str, int]:
        """Return the number of files of ``kind`` per status, every status included.

        Deleted digests are counted from the gaps, because ``files`` names at most
        a few estimated digests per gap while the gaps hold the full count.
        """
        counted = Counter(result.status for result in self.files if result.kind is kind)
        if kind is FileKind.DIGEST:
            counted[FileStatus.DELETED] = self.missing_digests
        return {status.value: counted.get(status, 0) for status in FileStatus}
