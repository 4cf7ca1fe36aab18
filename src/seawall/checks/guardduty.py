"""GuardDuty: a detector in every region, its protection plans, and open high findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from seawall.aws.outcome import CallStatus
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity

# GuardDuty severities run from 1.0 to 8.9; 7.0 and above is "High".
HIGH_SEVERITY = 7.0


@dataclass(frozen=True)
class Detector:
    detector_id: str
    arn: str
    data: dict[str, Any]

    @property
    def enabled(self) -> bool:
        return self.data.get("Status") == "ENABLED"


DetectorJudge = Callable[[str, Detector], Finding]


def _detector_ids(ctx: CheckContext, region: str) -> list[str] | None:
    """Return the region's detector ids, None when GuardDuty is not available there."""
    record = ctx.record("guardduty", "ListDetectors", region)
    if record.status is CallStatus.NOT_ENABLED:
        return None
    listed = ctx.data("guardduty", "ListDetectors", region)
    return [str(detector_id) for detector_id in listed.get("DetectorIds", [])]


def _detector(ctx: CheckContext, region: str, detector_id: str) -> Detector:
    arn = f"arn:{ctx.snapshot.partition}:guardduty:{region}:{ctx.account_id}:detector/{detector_id}"
    try:
        data = ctx.data("guardduty", "GetDetector", region, detector_id)
    except DataUnavailable as missing:
        raise DataUnavailable(missing.reason, resource=arn, region=region) from missing
    return Detector(detector_id, arn, dict(data))


@check(
    id="guardduty.enabled",
    title="GuardDuty is enabled in every region",
    severity=Severity.HIGH,
    practice=Practice.GUARDDUTY,
    permissions=("guardduty:ListDetectors", "guardduty:GetDetector"),
    risk=(
        "Without GuardDuty nobody is told about credential theft, crypto mining, or calls "
        "from known malicious addresses in that region, including regions you do not use."
    ),
    remediation="aws guardduty create-detector --enable --region REGION",
    fsbp=("GuardDuty.1",),
)
def enabled(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        ids = _detector_ids(ctx, region)
        resource = ctx.region_resource(region)
        if ids is None:
            yield ctx.failed(
                resource, "GuardDuty is not enabled for the account in this region", region
            )
            return
        if not ids:
            yield ctx.failed(resource, "no GuardDuty detector", region)
            return
        detectors = [_detector(ctx, region, detector_id) for detector_id in ids]
        active = [d for d in detectors if d.enabled]
        if active:
            yield ctx.passed(active[0].arn, "detector is ENABLED", region)
        else:
            status = detectors[0].data.get("Status", "unknown")
            yield ctx.failed(detectors[0].arn, f"detector is {status}", region)

    return ctx.per_region(in_region)


def _per_enabled_detector(ctx: CheckContext, judge: DetectorJudge) -> Iterator[Finding]:
    """Run ``judge`` on each enabled detector; regions without one are not applicable."""

    def in_region(region: str) -> Iterator[Finding]:
        ids = _detector_ids(ctx, region)
        if not ids:
            yield ctx.not_applicable(ctx.region_resource(region), "no GuardDuty detector", region)
            return
        for detector_id in ids:
            try:
                detector = _detector(ctx, region, detector_id)
            except DataUnavailable as missing:
                yield ctx.error(missing.resource or "", missing.reason, region)
                continue
            if not detector.enabled:
                status = detector.data.get("Status", "unknown")
                yield ctx.not_applicable(detector.arn, f"detector is {status}", region)
                continue
            yield judge(region, detector)

    return ctx.per_region(in_region)


@dataclass(frozen=True)
class _Feature:
    name: str
    label: str
    # Keys into the legacy DataSources structure, for detectors that
    # predate the Features list.
    legacy_path: tuple[str, ...]


def _feature_status(detector: Detector, feature: _Feature) -> str | None:
    for entry in detector.data.get("Features") or []:
        if entry.get("Name") == feature.name:
            return str(entry.get("Status"))
    node: Any = detector.data.get("DataSources")
    for key in feature.legacy_path:
        node = node.get(key) if isinstance(node, dict) else None
    return str(node) if node is not None else None


def _feature_check(ctx: CheckContext, feature: _Feature) -> Iterator[Finding]:
    def judge(region: str, detector: Detector) -> Finding:
        status = _feature_status(detector, feature)
        if status is None:
            return ctx.error(
                detector.arn,
                f"could not assess: the detector reports no {feature.name} feature",
                region,
            )
        if status == "ENABLED":
            return ctx.passed(detector.arn, f"{feature.label} is ENABLED", region)
        return ctx.failed(detector.arn, f"{feature.label} is {status}", region)

    return _per_enabled_detector(ctx, judge)


_S3 = _Feature("S3_DATA_EVENTS", "S3 Protection", ("S3Logs", "Status"))
_EKS = _Feature("EKS_AUDIT_LOGS", "EKS Audit Log Monitoring", ("Kubernetes", "AuditLogs", "Status"))
_MALWARE = _Feature(
    "EBS_MALWARE_PROTECTION",
    "Malware Protection for EC2",
    ("MalwareProtection", "ScanEc2InstanceWithFindings", "EbsVolumes", "Status"),
)


def _enable_feature(name: str) -> str:
    return (
        "aws guardduty update-detector --detector-id DETECTOR_ID "
        f"--features Name={name},Status=ENABLED --region REGION"
    )


@check(
    id="guardduty.s3_protection",
    title="GuardDuty S3 Protection is enabled",
    severity=Severity.MEDIUM,
    practice=Practice.GUARDDUTY,
    permissions=("guardduty:ListDetectors", "guardduty:GetDetector"),
    risk=(
        "Without S3 data events GuardDuty cannot see unusual object reads and deletions, "
        "the usual signs of data theft or ransomware in buckets."
    ),
    remediation=_enable_feature("S3_DATA_EVENTS"),
    fsbp=("GuardDuty.10",),
)
def s3_protection(ctx: CheckContext) -> Iterator[Finding]:
    return _feature_check(ctx, _S3)


@check(
    id="guardduty.eks_audit_logs",
    title="GuardDuty EKS Audit Log Monitoring is enabled",
    severity=Severity.MEDIUM,
    practice=Practice.GUARDDUTY,
    permissions=("guardduty:ListDetectors", "guardduty:GetDetector"),
    risk=(
        "Without EKS audit logs GuardDuty cannot detect anonymous access, privilege "
        "escalation or credential use inside Kubernetes clusters."
    ),
    remediation=_enable_feature("EKS_AUDIT_LOGS"),
    fsbp=("GuardDuty.5",),
)
def eks_audit_logs(ctx: CheckContext) -> Iterator[Finding]:
    return _feature_check(ctx, _EKS)


@check(
    id="guardduty.malware_protection",
    title="GuardDuty Malware Protection for EC2 is enabled",
    severity=Severity.MEDIUM,
    practice=Practice.GUARDDUTY,
    permissions=("guardduty:ListDetectors", "guardduty:GetDetector"),
    risk=(
        "Without Malware Protection a finding on an instance is not followed by a scan of its "
        "EBS volumes, so the malware behind it stays unidentified."
    ),
    remediation=_enable_feature("EBS_MALWARE_PROTECTION"),
    fsbp=("GuardDuty.8",),
)
def malware_protection(ctx: CheckContext) -> Iterator[Finding]:
    return _feature_check(ctx, _MALWARE)


@check(
    id="guardduty.high_severity_findings",
    title="GuardDuty has no open high-severity findings",
    severity=Severity.HIGH,
    practice=Practice.GUARDDUTY,
    permissions=(
        "guardduty:ListDetectors",
        "guardduty:GetDetector",
        "guardduty:GetFindingsStatistics",
    ),
    risk=(
        "A high-severity finding means a resource is probably compromised right now; left "
        "open, the attacker keeps the access it reports."
    ),
    remediation=(
        "Investigate each finding: aws guardduty list-findings --detector-id DETECTOR_ID "
        '--finding-criteria \'{"Criterion": {"severity": {"Gte": 7}, '
        '"service.archived": {"Eq": ["false"]}}}\', then contain the resource and archive '
        "the finding"
    ),
)
def high_severity_findings(ctx: CheckContext) -> Iterator[Finding]:
    def judge(region: str, detector: Detector) -> Finding:
        try:
            data = ctx.data("guardduty", "GetFindingsStatistics", region, detector.detector_id)
        except DataUnavailable as missing:
            return ctx.error(detector.arn, missing.reason, region)
        try:
            count = _high_count(data.get("FindingStatistics") or {})
        except ValueError as exc:
            return ctx.error(detector.arn, f"could not assess: {exc}", region)
        if count:
            return ctx.failed(
                detector.arn, f"{count} open findings with severity 7.0 or higher", region
            )
        return ctx.passed(detector.arn, "no open findings with severity 7.0 or higher", region)

    return _per_enabled_detector(ctx, judge)


def _high_count(statistics: dict[str, Any]) -> int:
    """Count findings at or above HIGH_SEVERITY in either response shape."""
    by_severity = statistics.get("CountBySeverity")
    if isinstance(by_severity, dict):
        return sum(int(n) for sev, n in by_severity.items() if _severity(sev) >= HIGH_SEVERITY)
    grouped = statistics.get("GroupedBySeverity")
    if isinstance(grouped, list):
        return sum(
            int(g.get("Count", 0)) for g in grouped if _severity(g.get("Severity")) >= HIGH_SEVERITY
        )
    raise ValueError("GetFindingsStatistics returned no counts by severity")


def _severity(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"invalid GuardDuty severity {value!r}") from exc
