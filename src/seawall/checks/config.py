"""AWS Config: a recorder in every region that records every resource type."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seawall.aws.outcome import CallStatus
from seawall.checks.context import CheckContext
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity


@check(
    id="config.recorder_all_resources",
    title="AWS Config records all resource types in every region",
    severity=Severity.MEDIUM,
    practice=Practice.CONFIG,
    permissions=(
        "config:DescribeConfigurationRecorders",
        "config:DescribeConfigurationRecorderStatus",
        "config:DescribeDeliveryChannels",
    ),
    risk=(
        "Without a complete configuration history you cannot tell what changed before an "
        "incident, and Security Hub controls that rely on Config stop evaluating."
    ),
    remediation=(
        "aws configservice put-configuration-recorder --configuration-recorder "
        "name=default,roleARN=arn:aws:iam::ACCOUNT_ID:role/aws-service-role/"
        "config.amazonaws.com/AWSServiceRoleForConfig --recording-group "
        "allSupported=true,includeGlobalResourceTypes=true; "
        "aws configservice put-delivery-channel --delivery-channel "
        "name=default,s3BucketName=BUCKET; "
        "aws configservice start-configuration-recorder --configuration-recorder-name default"
    ),
    cis=("3.3",),
    fsbp=("Config.1",),
)
def recorder_all_resources(ctx: CheckContext) -> Iterator[Finding]:
    return ctx.per_region(lambda region: _in_region(ctx, region))


def _in_region(ctx: CheckContext, region: str) -> Iterator[Finding]:
    resource = ctx.region_resource(region)
    recorders = _records(ctx, region, "DescribeConfigurationRecorders", "ConfigurationRecorders")
    if not recorders:
        yield ctx.failed(resource, "no configuration recorder", region)
        return
    statuses = _records(
        ctx, region, "DescribeConfigurationRecorderStatus", "ConfigurationRecordersStatus"
    )
    channels = _records(ctx, region, "DescribeDeliveryChannels", "DeliveryChannels")
    recording = {str(s.get("name")): s.get("recording") is True for s in statuses}
    results = [_gaps(recorder, recording, channels) for recorder in recorders]
    for recorder, gaps in zip(recorders, results, strict=True):
        if not gaps:
            name = recorder.get("name")
            yield ctx.passed(
                _recorder_arn(recorder, resource),
                f"recorder '{name}' records all resource types, including global ones, "
                "and delivers them",
                region,
            )
            return
    recorder, gaps = recorders[0], results[0]
    yield ctx.failed(
        _recorder_arn(recorder, resource),
        f"recorder '{recorder.get('name')}': {'; '.join(gaps)}",
        region,
    )


def _records(ctx: CheckContext, region: str, operation: str, key: str) -> list[dict[str, Any]]:
    """Return the items of a Describe call; a region where Config is not available has none."""
    if ctx.record("config", operation, region).status is CallStatus.NOT_ENABLED:
        return []
    return list(ctx.data("config", operation, region).get(key) or [])


def _gaps(
    recorder: dict[str, Any], recording: dict[str, bool], channels: list[dict[str, Any]]
) -> list[str]:
    """Return what keeps the recorder from recording everything, in plain words."""
    group = recorder.get("recordingGroup") or {}
    strategy = (group.get("recordingStrategy") or {}).get("useOnly")
    gaps = []
    if not (group.get("allSupported") is True or strategy == "ALL_SUPPORTED_RESOURCE_TYPES"):
        gaps.append("does not record all supported resource types")
    if group.get("includeGlobalResourceTypes") is not True:
        gaps.append("does not include global resource types")
    if not recording.get(str(recorder.get("name"))):
        gaps.append("recording is stopped")
    if not channels:
        gaps.append("no delivery channel")
    return gaps


def _recorder_arn(recorder: dict[str, Any], fallback: str) -> str:
    return str(recorder.get("arn") or fallback)
