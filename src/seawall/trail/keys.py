"""Names and S3 key layout of CloudTrail log and digest files.

CloudTrail delivers log files to
``[prefix/]AWSLogs/[o-id/]<account>/CloudTrail/<region>/YYYY/MM/DD/
<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`` and digest files to
``[prefix/]AWSLogs/[o-id/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
<account>_CloudTrail-Digest_<region>_<trail>_<home region>_<YYYYMMDDTHHmmssZ>.json.gz``,
where the digest time stamp is the digest end time. Backfill digests add ``_backfill``
before ``.json.gz``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d+"

LOG_NAME = re.compile(
    r"^(?P<account>\d{12})_CloudTrail_(?P<region>[a-z0-9-]+)_"
    r"(?P<stamp>\d{8}T\d{4}Z)_(?P<unique>[A-Za-z0-9]+)\.json(?:\.gz)?$"
)
# The trail name may contain underscores, so the greedy trail group backtracks
# to the last "_<region>_<stamp>" in the name.
DIGEST_NAME = re.compile(
    rf"^(?P<account>\d{{12}})_CloudTrail-Digest_(?P<region>{_REGION})_(?P<trail>.+)_"
    rf"(?P<home>{_REGION})_(?P<stamp>\d{{8}}T\d{{6}}Z)(?P<backfill>_backfill)?\.json\.gz$"
)
# The account folder of a key: everything up to and including "AWSLogs/[o-id/]<account>/".
ACCOUNT_ROOT = re.compile(r"^(?P<root>(?:.*/)?AWSLogs/(?:o-[a-z0-9]+/)?(?P<account>\d{12})/)")
ORGANIZATION_FOLDER = re.compile(r"^o-[a-z0-9]+$")

LOG_FOLDER = "CloudTrail"
DIGEST_FOLDER = "CloudTrail-Digest"
SIGNATURE_SUFFIX = ".sig.json"


@dataclass(frozen=True)
class LogName:
    account: str
    region: str
    time: datetime


@dataclass(frozen=True)
class DigestName:
    account: str
    region: str
    trail: str
    home_region: str
    end_time: datetime
    backfill: bool


def basename(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def parse_log_name(key: str) -> LogName | None:
    """Return the account, region and delivery time in a log file's name, or None."""
    match = LOG_NAME.match(basename(key))
    if match is None:
        return None
    time = _parse_stamp(match["stamp"], "%Y%m%dT%H%MZ")
    if time is None:
        return None
    return LogName(match["account"], match["region"], time)


def parse_digest_name(key: str) -> DigestName | None:
    """Return the fields in a digest file's name, or None when it is not a digest name."""
    match = DIGEST_NAME.match(basename(key))
    if match is None:
        return None
    end_time = _parse_stamp(match["stamp"], "%Y%m%dT%H%M%SZ")
    if end_time is None:
        return None
    return DigestName(
        account=match["account"],
        region=match["region"],
        trail=match["trail"],
        home_region=match["home"],
        end_time=end_time,
        backfill=match["backfill"] is not None,
    )


def account_root(key: str) -> str:
    """Return the ``.../AWSLogs/[o-id/]<account>/`` part of ``key``, or "" outside that layout."""
    match = ACCOUNT_ROOT.match(key)
    return match["root"] if match else ""


def digest_key(root: str, region: str, trail: str, home_region: str, end_time: datetime) -> str:
    """Build the key CloudTrail gives a digest that ends at ``end_time``."""
    account = ACCOUNT_ROOT.match(root)
    account_id = account["account"] if account else ""
    stamp = end_time.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    day = end_time.astimezone(UTC).strftime("%Y/%m/%d")
    name = f"{account_id}_CloudTrail-Digest_{region}_{trail}_{home_region}_{stamp}.json.gz"
    return f"{root}{DIGEST_FOLDER}/{region}/{day}/{name}"


def log_key(root: str, account: str, region: str, time: datetime, unique: str) -> str:
    """Build the key CloudTrail gives a log file delivered at ``time``."""
    utc = time.astimezone(UTC)
    name = f"{account}_CloudTrail_{region}_{utc.strftime('%Y%m%dT%H%MZ')}_{unique}.json.gz"
    return f"{root}{LOG_FOLDER}/{region}/{utc.strftime('%Y/%m/%d')}/{name}"


def day_folders(start: datetime, end: datetime) -> list[str]:
    """Return the ``YYYY/MM/DD/`` folders from the day of ``start`` to the day of ``end``."""
    day = start.astimezone(UTC).date()
    last = end.astimezone(UTC).date()
    folders = []
    while day <= last:
        folders.append(day.strftime("%Y/%m/%d/"))
        day += timedelta(days=1)
    return folders


def _parse_stamp(text: str, pattern: str) -> datetime | None:
    try:
        return datetime.strptime(text, pattern).replace(tzinfo=UTC)
    except ValueError:
        return None
