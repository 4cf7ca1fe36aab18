"""GuardDuty detectors, their settings and counts of current findings, per region."""

from __future__ import annotations

from typing import Any

from seawall.inventory.collect import CollectContext, collector

SERVICE = "guardduty"

# Current findings are the ones not archived; archived findings were
# reviewed or suppressed on purpose.
_CURRENT_FINDINGS: dict[str, Any] = {"Criterion": {"service.archived": {"Eq": ["false"]}}}


@collector(SERVICE, "regional")
def collect_guardduty(ctx: CollectContext, region: str) -> None:
    detectors = ctx.call(SERVICE, "ListDetectors", region=region, paginate=True)
    if not detectors.ok:
        return
    detector_ids = [str(detector_id) for detector_id in detectors.data.get("DetectorIds", [])]
    ctx.map(lambda detector_id: _collect_detector(ctx, region, detector_id), detector_ids)


def _collect_detector(ctx: CollectContext, region: str, detector_id: str) -> None:
    ctx.call(
        SERVICE,
        "GetDetector",
        region=region,
        resource=detector_id,
        params={"DetectorId": detector_id},
    )
    ctx.call(
        SERVICE,
        "GetFindingsStatistics",
        region=region,
        resource=detector_id,
        params={
            "DetectorId": detector_id,
            "FindingStatisticTypes": ["COUNT_BY_SEVERITY"],
            "FindingCriteria": _CURRENT_FINDINGS,
        },
    )
