"""Choose the regions a scan covers.

Without ``--region`` a scan covers every region enabled for the account:
EC2 DescribeRegions with ``AllRegions=True``, keeping the regions whose
opt-in status is ``opt-in-not-required`` or ``opted-in``. The status is
filtered here and not with a request filter, because some endpoints
(moto among them) ignore that filter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from botocore.loaders import create_loader

from seawall.aws.errors import AwsSetupError

ENABLED_OPT_IN_STATUSES = frozenset({"opt-in-not-required", "opted-in"})


def enabled_regions(describe_regions: dict[str, Any], partition: str) -> list[str]:
    """Return the sorted names of the enabled regions of ``partition`` in a
    DescribeRegions response."""
    return sorted(
        region["RegionName"]
        for region in describe_regions.get("Regions", [])
        if region.get("OptInStatus", "opt-in-not-required") in ENABLED_OPT_IN_STATUSES
        and region_partition(region["RegionName"]) == partition
    )


def known_regions(describe_regions: dict[str, Any], partition: str) -> list[str]:
    """Return the sorted names of all regions of ``partition`` in a DescribeRegions response.

    moto lists the China and GovCloud regions to every account, so regions
    of other partitions are dropped here.
    """
    return sorted(
        region["RegionName"]
        for region in describe_regions.get("Regions", [])
        if region_partition(region["RegionName"]) == partition
    )


def region_partition(region: str) -> str | None:
    """Return the partition of ``region`` per botocore's endpoint data, or None if none matches."""
    for partition in _partitions():
        if region in partition.get("regions", {}):
            return str(partition["partition"])
    for partition in _partitions():
        if re.match(partition["regionRegex"], region):
            return str(partition["partition"])
    return None


@functools.cache
def _partitions() -> list[dict[str, Any]]:
    partitions: list[dict[str, Any]] = create_loader().load_data("endpoints")["partitions"]
    return partitions


def select_regions(
    requested: Sequence[str], enabled: Iterable[str], known: Iterable[str]
) -> list[str]:
    """Return the requested regions in order without repeats, or all enabled ones.

    Raises AwsSetupError naming every requested region that is not in ``known``.
    """
    if not requested:
        return sorted(set(enabled))
    valid = sorted(set(known))
    unknown = [region for region in requested if region not in valid]
    if unknown:
        names = ", ".join(f"'{region}'" for region in unknown)
        raise AwsSetupError(
            f"unknown region {names}; pass --region with one of: {', '.join(valid)}"
        )
    return list(dict.fromkeys(requested))
