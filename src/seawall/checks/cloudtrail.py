"""CloudTrail: an account-wide trail that logs all management events, and its protection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from seawall.checks._trail_bucket import (
    BucketNotInAccount,
    bucket_exposure,
    require_bucket_in_account,
)
from seawall.checks._trails import Trail, all_trails, each_trail, management_coverage
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity

# CIS AWS Foundations v5.0 requires CloudWatch Logs delivery within the last day.
_DELIVERY_WINDOW = timedelta(hours=24)

_TRAIL_READ = ("cloudtrail:DescribeTrails",)


@check(
    id="cloudtrail.multi_region_logging",
    title="A multi-region trail logs all read and write management events",
    severity=Severity.HIGH,
    practice=Practice.CLOUDTRAIL,
    permissions=(*_TRAIL_READ, "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"),
    risk="Without a trail that records every management event in every region, API "
    "activity in the account leaves no durable record for detection or investigation.",
    remediation="aws cloudtrail create-trail --name account-trail --s3-bucket-name BUCKET "
    "--is-multi-region-trail --include-global-service-events "
    "--enable-log-file-validation --kms-key-id KMS_KEY_ARN\n"
    "aws cloudtrail put-event-selectors --trail-name account-trail --event-selectors "
    '\'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'\n'
    "aws cloudtrail start-logging --name account-trail",
    cis=("3.1",),
    fsbp=("CloudTrail.1",),
)
def multi_region_logging(ctx: CheckContext) -> Iterator[Finding]:
    inventory = all_trails(ctx)
    failures: list[str] = []
    unknown: list[str] = list(inventory.missing.values())
    for trail in inventory.trails:
        if not trail.multi_region:
            failures.append(f"trail {trail.name} covers {trail.region} only")
            continue
        try:
            problem = _logging_problem(ctx, trail)
        except DataUnavailable as missing:
            unknown.append(missing.reason)
            continue
        if problem is None:
            yield ctx.passed(
                trail.arn,
                f"trail {trail.name} is multi-region, logging, and records all read and "
                "write management events",
                trail.region,
            )
            return
        failures.append(problem)
    resource = ctx.snapshot.account_arn
    if unknown:
        yield ctx.error(resource, unknown[0])
    elif failures:
        yield ctx.failed(resource, "no qualifying multi-region trail: " + "; ".join(failures))
    else:
        yield ctx.failed(resource, "no CloudTrail trail exists in the scanned regions")


def _logging_problem(ctx: CheckContext, trail: Trail) -> str | None:
    if trail.status(ctx).get("IsLogging") is not True:
        return f"trail {trail.name} is not logging"
    coverage = management_coverage(trail.selectors(ctx))
    if not coverage.complete:
        return f"trail {trail.name}: " + ", ".join(coverage.gaps)
    return None


@check(
    id="cloudtrail.log_file_validation",
    title="CloudTrail log file validation is enabled",
    severity=Severity.MEDIUM,
    practice=Practice.CLOUDTRAIL,
    permissions=_TRAIL_READ,
    risk="Without digest files nobody can prove that a log file was not changed or "
    "deleted after delivery, so an intruder can rewrite the record of their actions.",
    remediation="aws cloudtrail update-trail --name TRAIL_NAME --enable-log-file-validation",
    cis=("3.2",),
    fsbp=("CloudTrail.4",),
)
def log_file_validation(ctx: CheckContext) -> Iterator[Finding]:
    def judge(trail: Trail) -> Iterator[Finding]:
        if trail.data.get("LogFileValidationEnabled") is True:
            yield ctx.passed(trail.arn, "log file validation is enabled", trail.region)
        else:
            yield ctx.failed(trail.arn, "log file validation is disabled", trail.region)

    return each_trail(ctx, judge)


@check(
    id="cloudtrail.kms_encryption",
    title="CloudTrail logs are encrypted with a KMS key",
    severity=Severity.MEDIUM,
    practice=Practice.CLOUDTRAIL,
    permissions=_TRAIL_READ,
    risk="With S3-managed encryption anyone who can read the bucket can read the logs; "
    "a KMS key adds a second, separately audited permission.",
    remediation="aws cloudtrail update-trail --name TRAIL_NAME --kms-key-id KMS_KEY_ARN",
    cis=("3.5",),
    fsbp=("CloudTrail.2",),
)
def kms_encryption(ctx: CheckContext) -> Iterator[Finding]:
    def judge(trail: Trail) -> Iterator[Finding]:
        key = trail.data.get("KmsKeyId")
        if key:
            yield ctx.passed(trail.arn, f"logs are encrypted with KMS key {key}", trail.region)
        else:
            yield ctx.failed(trail.arn, "logs are not encrypted with a KMS key", trail.region)

    return each_trail(ctx, judge)


@check(
    id="cloudtrail.cloudwatch_delivery",
    title="CloudTrail delivers events to CloudWatch Logs",
    severity=Severity.LOW,
    practice=Practice.CLOUDTRAIL,
    permissions=(*_TRAIL_READ, "cloudtrail:GetTrailStatus"),
    risk="Without delivery to CloudWatch Logs there are no metric filters or alarms on "
    "API activity, so an attack is found only by reading the logs later.",
    remediation="aws logs create-log-group --log-group-name CloudTrail/account-trail\n"
    "aws cloudtrail update-trail --name TRAIL_NAME --cloud-watch-logs-log-group-arn "
    "LOG_GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN",
    fsbp=("CloudTrail.5",),
)
def cloudwatch_delivery(ctx: CheckContext) -> Iterator[Finding]:
    def judge(trail: Trail) -> Iterator[Finding]:
        if not trail.log_group_arn:
            yield ctx.failed(trail.arn, "trail does not deliver to CloudWatch Logs", trail.region)
            return
        problem = _delivery_problem(ctx, trail)
        if problem is None:
            yield ctx.passed(
                trail.arn,
                f"trail delivered to {trail.log_group_arn} within the last 24 hours",
                trail.region,
            )
        else:
            yield ctx.failed(trail.arn, problem, trail.region)

    return each_trail(ctx, judge)


def _delivery_problem(ctx: CheckContext, trail: Trail) -> str | None:
    status = trail.status(ctx)
    error = status.get("LatestCloudWatchLogsDeliveryError")
    if error:
        return f"the latest delivery to CloudWatch Logs failed: {error}"
    delivered = _parse_time(status.get("LatestCloudWatchLogsDeliveryTime"))
    if delivered is None:
        return "trail has never delivered to CloudWatch Logs"
    collected = _parse_time(ctx.snapshot.collected_at)
    if collected is None:
        raise DataUnavailable(
            "could not assess: the snapshot has no valid collection time "
            f"({ctx.snapshot.collected_at!r}) to judge delivery age against"
        )
    if collected - delivered > _DELIVERY_WINDOW:
        return f"the latest delivery to CloudWatch Logs was at {delivered.isoformat()}"
    return None


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


@check(
    id="cloudtrail.bucket_not_public",
    title="The S3 bucket of each trail is not public",
    severity=Severity.CRITICAL,
    practice=Practice.CLOUDTRAIL,
    permissions=(
        *_TRAIL_READ,
        "s3:ListAllMyBuckets",
        "s3:GetBucketPolicy",
        "s3:GetBucketAcl",
        "s3:GetBucketPublicAccessBlock",
        "s3:GetAccountPublicAccessBlock",
    ),
    risk="Public CloudTrail logs show an attacker every account, role, resource and "
    "source address in use, and let them watch whether their own activity is noticed.",
    remediation="aws s3api put-public-access-block --bucket BUCKET "
    "--public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
    "BlockPublicPolicy=true,RestrictPublicBuckets=true\n"
    "aws s3api put-bucket-acl --bucket BUCKET --acl private\n"
    'Remove bucket policy statements that allow Principal "*" without a restricting '
    "condition: aws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json",
)
def bucket_not_public(ctx: CheckContext) -> Iterator[Finding]:
    def judge(trail: Trail) -> Iterator[Finding]:
        bucket = trail.bucket
        if bucket is None:
            yield ctx.error(trail.arn, "could not assess: trail names no S3 bucket", trail.region)
            return
        try:
            require_bucket_in_account(ctx, bucket)
        except BucketNotInAccount:
            yield ctx.error(trail.arn, _foreign_bucket(bucket), trail.region)
            return
        exposure = bucket_exposure(ctx, bucket)
        if exposure.grants:
            yield ctx.failed(
                trail.arn, f"bucket {bucket} is public: " + "; ".join(exposure.grants), trail.region
            )
        elif exposure.blocked:
            yield ctx.passed(
                trail.arn,
                f"bucket {bucket} is not public: Block Public Access neutralizes "
                + "; ".join(exposure.blocked),
                trail.region,
            )
        else:
            yield ctx.passed(trail.arn, f"bucket {bucket} grants no public access", trail.region)

    return each_trail(ctx, judge)


@check(
    id="cloudtrail.bucket_access_logging",
    title="S3 server access logging is enabled on the bucket of each trail",
    severity=Severity.LOW,
    practice=Practice.CLOUDTRAIL,
    permissions=(*_TRAIL_READ, "s3:ListAllMyBuckets", "s3:GetBucketLogging"),
    risk="Without access logs on the trail bucket nobody can tell who read, copied or "
    "deleted the CloudTrail logs.",
    remediation="aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status "
    '\'{"LoggingEnabled":{"TargetBucket":"ACCESS_LOG_BUCKET","TargetPrefix":"BUCKET/"}}\'',
    cis=("3.4",),
    fsbp=("CloudTrail.7",),
)
def bucket_access_logging(ctx: CheckContext) -> Iterator[Finding]:
    def judge(trail: Trail) -> Iterator[Finding]:
        bucket = trail.bucket
        if bucket is None:
            yield ctx.error(trail.arn, "could not assess: trail names no S3 bucket", trail.region)
            return
        try:
            require_bucket_in_account(ctx, bucket)
        except BucketNotInAccount:
            yield ctx.error(trail.arn, _foreign_bucket(bucket), trail.region)
            return
        logging = (ctx.data("s3", "GetBucketLogging", resource=bucket) or {}).get("LoggingEnabled")
        if logging and logging.get("TargetBucket"):
            target = logging["TargetBucket"]
            yield ctx.passed(
                trail.arn, f"bucket {bucket} logs access to bucket {target}", trail.region
            )
        else:
            yield ctx.failed(
                trail.arn, f"bucket {bucket} has server access logging disabled", trail.region
            )

    return each_trail(ctx, judge)


def _foreign_bucket(bucket: str) -> str:
    return (
        f"could not assess: trail bucket {bucket} is not in this account; "
        "scan the account that owns it"
    )
