"""Demo detection services: Security Hub, GuardDuty, Config, CloudTrail and CIS alarms."""

from __future__ import annotations

import json

import boto3

from seawall.demo.names import ACCOUNT_ID, PRIMARY_REGION, SECONDARY_REGION

TRAIL_BUCKET = f"demo-cloudtrail-logs-{ACCOUNT_ID}"
TRAIL_LOG_GROUP = "aws-cloudtrail-logs-demo"
ALARM_NAMESPACE = "CISBenchmark"

# CIS monitoring filters the demo has, each with an alarm. The others
# (console sign-in without MFA, IAM policy changes, ...) are missing on purpose.
METRIC_FILTERS = {
    "unauthorized-api-calls": (
        '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'
    ),
    "root-account-usage": (
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }'
    ),
}


def seed_security_hub(session: boto3.Session) -> None:
    """Enable Security Hub in the primary region only."""
    session.client("securityhub", region_name=PRIMARY_REGION).enable_security_hub(
        EnableDefaultStandards=True
    )


def seed_guardduty(session: boto3.Session) -> None:
    """Create a GuardDuty detector with S3 protection in the primary region only."""
    session.client("guardduty", region_name=PRIMARY_REGION).create_detector(
        Enable=True,
        FindingPublishingFrequency="FIFTEEN_MINUTES",
        DataSources={"S3Logs": {"Enable": True}},
    )


def seed_config(session: boto3.Session) -> None:
    """Record all resources with AWS Config in the primary region only."""
    s3 = session.client("s3", region_name=PRIMARY_REGION)
    bucket = f"demo-config-{ACCOUNT_ID}"
    s3.create_bucket(Bucket=bucket)
    config = session.client("config", region_name=PRIMARY_REGION)
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT_ID}:role/config-recorder",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": bucket})
    config.start_configuration_recorder(ConfigurationRecorderName="default")


def seed_cloudtrail(session: boto3.Session, trail_key_arn: str) -> None:
    """Create a well-configured multi-region trail and a bare single-region one."""
    s3 = session.client("s3", region_name=PRIMARY_REGION)
    s3.create_bucket(Bucket=TRAIL_BUCKET)
    s3.put_bucket_policy(Bucket=TRAIL_BUCKET, Policy=_trail_bucket_policy())
    log_group_arn = _create_trail_log_group(session)

    cloudtrail = session.client("cloudtrail", region_name=PRIMARY_REGION)
    cloudtrail.create_trail(
        Name="organization-trail",
        S3BucketName=TRAIL_BUCKET,
        IsMultiRegionTrail=True,
        IncludeGlobalServiceEvents=True,
        EnableLogFileValidation=True,
        KmsKeyId=trail_key_arn,
        CloudWatchLogsLogGroupArn=log_group_arn,
        CloudWatchLogsRoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/cloudtrail-to-logs",
    )
    # AWS gives a new trail a default selector for all management events;
    # moto returns none, so the demo states it.
    cloudtrail.put_event_selectors(
        TrailName="organization-trail",
        EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}],
    )
    cloudtrail.start_logging(Name="organization-trail")

    secondary = session.client("cloudtrail", region_name=SECONDARY_REGION)
    secondary.create_trail(Name="eu-legacy-trail", S3BucketName=TRAIL_BUCKET)
    secondary.start_logging(Name="eu-legacy-trail")


def _trail_bucket_policy() -> str:
    service = {"Service": "cloudtrail.amazonaws.com"}
    statements = [
        {
            "Sid": "AclCheck",
            "Effect": "Allow",
            "Principal": service,
            "Action": "s3:GetBucketAcl",
            "Resource": f"arn:aws:s3:::{TRAIL_BUCKET}",
        },
        {
            "Sid": "Write",
            "Effect": "Allow",
            "Principal": service,
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{TRAIL_BUCKET}/AWSLogs/{ACCOUNT_ID}/*",
            "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}},
        },
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _create_trail_log_group(session: boto3.Session) -> str:
    logs = session.client("logs", region_name=PRIMARY_REGION)
    logs.create_log_group(logGroupName=TRAIL_LOG_GROUP)
    logs.put_retention_policy(logGroupName=TRAIL_LOG_GROUP, retentionInDays=365)
    return f"arn:aws:logs:{PRIMARY_REGION}:{ACCOUNT_ID}:log-group:{TRAIL_LOG_GROUP}:*"


def seed_monitoring(session: boto3.Session) -> None:
    """Add the CIS metric filters above with alarms to a subscribed SNS topic."""
    sns = session.client("sns", region_name=PRIMARY_REGION)
    topic_arn = sns.create_topic(Name="security-alarms")["TopicArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint="security@example.com")

    logs = session.client("logs", region_name=PRIMARY_REGION)
    cloudwatch = session.client("cloudwatch", region_name=PRIMARY_REGION)
    for name, pattern in METRIC_FILTERS.items():
        logs.put_metric_filter(
            logGroupName=TRAIL_LOG_GROUP,
            filterName=name,
            filterPattern=pattern,
            metricTransformations=[
                {"metricName": name, "metricNamespace": ALARM_NAMESPACE, "metricValue": "1"}
            ],
        )
        cloudwatch.put_metric_alarm(
            AlarmName=f"cis-{name}",
            Namespace=ALARM_NAMESPACE,
            MetricName=name,
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1.0,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            AlarmActions=[topic_arn],
        )


def seed_account(session: boto3.Session) -> None:
    """Set the security alternate contact and a billing alarm; leave budgets unset."""
    session.client("account", region_name=PRIMARY_REGION).put_alternate_contact(
        AlternateContactType="SECURITY",
        Name="Security Team",
        Title="Security Operations",
        EmailAddress="security@example.com",
        PhoneNumber="+1-555-0100",
    )
    # Billing metrics exist only in us-east-1.
    session.client("cloudwatch", region_name="us-east-1").put_metric_alarm(
        AlarmName="billing-over-500-usd",
        Namespace="AWS/Billing",
        MetricName="EstimatedCharges",
        Dimensions=[{"Name": "Currency", "Value": "USD"}],
        Statistic="Maximum",
        Period=21600,
        EvaluationPeriods=1,
        Threshold=500.0,
        ComparisonOperator="GreaterThanThreshold",
    )
