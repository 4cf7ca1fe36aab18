"""The CIS monitoring families: which CloudTrail events each metric filter must catch.

Each family of CIS AWS Foundations Benchmark v5.0 section 4 (4.1 to 4.15)
requires a metric filter and alarm on one kind of activity. A user's
filter is judged by the events it matches, not by its text: it must match
every event in ``must_match`` and none in ``must_not_match``. The sample
events are trimmed CloudTrail records with the fields the CIS patterns read.

``pattern`` is the filter pattern CIS v5.0 gives in its remediation, and
``security_hub`` the Security Hub control of the CIS standard, where one exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seawall.findings.model import Severity


@dataclass(frozen=True)
class SampleEvent:
    label: str
    event: dict[str, Any]


@dataclass(frozen=True)
class AlarmFamily:
    key: str
    cis: str
    security_hub: str | None
    title: str
    severity: Severity
    risk: str
    pattern: str
    must_match: tuple[SampleEvent, ...]
    must_not_match: tuple[SampleEvent, ...]

    @property
    def check_id(self) -> str:
        return f"cloudwatch.alarm_{self.key}"

    @property
    def metric_name(self) -> str:
        return f"{self.key}_metric"


_IAM_USER = {
    "type": "IAMUser",
    "principalId": "AIDAEXAMPLEUSER00001",
    "arn": "arn:aws:iam::111122223333:user/alice",
    "accountId": "111122223333",
    "userName": "alice",
}
_ROOT = {
    "type": "Root",
    "principalId": "111122223333",
    "arn": "arn:aws:iam::111122223333:root",
    "accountId": "111122223333",
}


def _event(name: str, source: str, **fields: Any) -> dict[str, Any]:
    """Build a CloudTrail record of an API call by an IAM user; ``fields`` override."""
    event: dict[str, Any] = {
        "eventVersion": "1.09",
        "userIdentity": _IAM_USER,
        "eventTime": "2026-12-01T10:00:00Z",
        "eventSource": source,
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "aws-cli/2.15.0",
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": "111122223333",
    }
    event.update(fields)
    return event


def _calls(source: str, *names: str) -> tuple[SampleEvent, ...]:
    return tuple(SampleEvent(name, _event(name, source)) for name in names)


def _console_login(label: str, *, mfa: str, success: bool, **fields: Any) -> SampleEvent:
    extra: dict[str, Any] = {
        "eventType": "AwsConsoleSignIn",
        "responseElements": {"ConsoleLogin": "Success" if success else "Failure"},
        "additionalEventData": {"MFAUsed": mfa, "MobileVersion": "No"},
    }
    if not success:
        extra["errorMessage"] = "Failed authentication"
    extra.update(fields)
    return SampleEvent(label, _event("ConsoleLogin", "signin.amazonaws.com", **extra))


def _or_names(*names: str) -> str:
    return " || ".join(f"($.eventName = {name})" for name in names)


_IAM_POLICY_EVENTS = (
    "DeleteGroupPolicy",
    "DeleteRolePolicy",
    "DeleteUserPolicy",
    "PutGroupPolicy",
    "PutRolePolicy",
    "PutUserPolicy",
    "CreatePolicy",
    "DeletePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "AttachGroupPolicy",
    "DetachGroupPolicy",
)
_TRAIL_EVENTS = ("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")
_BUCKET_POLICY_EVENTS = (
    "PutBucketAcl",
    "PutBucketPolicy",
    "PutBucketCors",
    "PutBucketLifecycle",
    "PutBucketReplication",
    "DeleteBucketPolicy",
    "DeleteBucketCors",
    "DeleteBucketLifecycle",
    "DeleteBucketReplication",
)
_CONFIG_EVENTS = (
    "StopConfigurationRecorder",
    "DeleteDeliveryChannel",
    "PutDeliveryChannel",
    "PutConfigurationRecorder",
)
_SECURITY_GROUP_EVENTS = (
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
    "CreateSecurityGroup",
    "DeleteSecurityGroup",
    "ModifySecurityGroupRules",
)
_NACL_EVENTS = (
    "CreateNetworkAcl",
    "CreateNetworkAclEntry",
    "DeleteNetworkAcl",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
)
_GATEWAY_EVENTS = (
    "CreateCustomerGateway",
    "DeleteCustomerGateway",
    "AttachInternetGateway",
    "CreateInternetGateway",
    "DeleteInternetGateway",
    "DetachInternetGateway",
)
_ROUTE_TABLE_EVENTS = (
    "CreateRoute",
    "CreateRouteTable",
    "ReplaceRoute",
    "ReplaceRouteTableAssociation",
    "DeleteRouteTable",
    "DeleteRoute",
    "DisassociateRouteTable",
)
_VPC_EVENTS = (
    "CreateVpc",
    "DeleteVpc",
    "ModifyVpcAttribute",
    "AcceptVpcPeeringConnection",
    "CreateVpcPeeringConnection",
    "DeleteVpcPeeringConnection",
    "RejectVpcPeeringConnection",
)
# ClassicLink was retired together with EC2-Classic in 2022, so these events
# stay in the CIS pattern but a filter that omits them is not judged incomplete.
_CLASSICLINK_EVENTS = (
    "AttachClassicLinkVpc",
    "DetachClassicLinkVpc",
    "DisableVpcClassicLink",
    "EnableVpcClassicLink",
)
_ORGANIZATIONS_EVENTS = (
    "AcceptHandshake",
    "AttachPolicy",
    "CreateAccount",
    "CreateOrganizationalUnit",
    "CreatePolicy",
    "DeclineHandshake",
    "DeleteOrganization",
    "DeleteOrganizationalUnit",
    "DeletePolicy",
    "DetachPolicy",
    "DisablePolicyType",
    "EnablePolicyType",
    "InviteAccountToOrganization",
    "LeaveOrganization",
    "MoveAccount",
    "RemoveAccountFromOrganization",
    "UpdatePolicy",
    "UpdateOrganizationalUnit",
)

_EC2 = "ec2.amazonaws.com"

FAMILIES: tuple[AlarmFamily, ...] = (
    AlarmFamily(
        key="unauthorized_api_calls",
        cis="4.1",
        security_hub="CloudWatch.2",
        title="Unauthorized API calls raise an alarm",
        severity=Severity.LOW,
        risk="Repeated AccessDenied and UnauthorizedOperation errors are an early sign of "
        "stolen credentials probing for permissions; without an alarm nobody sees them.",
        pattern='{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") '
        '&& ($.sourceIPAddress != "delivery.logs.amazonaws.com") '
        '&& ($.eventName != "HeadBucket") }',
        must_match=(
            SampleEvent(
                "RunInstances denied",
                _event("RunInstances", _EC2, errorCode="Client.UnauthorizedOperation"),
            ),
            SampleEvent(
                "CreateUser denied",
                _event("CreateUser", "iam.amazonaws.com", errorCode="AccessDenied"),
            ),
            SampleEvent(
                "ListBuckets denied",
                _event("ListBuckets", "s3.amazonaws.com", errorCode="AccessDenied"),
            ),
        ),
        must_not_match=(
            SampleEvent("RunInstances allowed", _event("RunInstances", _EC2)),
            SampleEvent(
                "DescribeInstances throttled",
                _event("DescribeInstances", _EC2, errorCode="Client.RequestLimitExceeded"),
            ),
        ),
    ),
    AlarmFamily(
        key="console_login_without_mfa",
        cis="4.2",
        security_hub="CloudWatch.3",
        title="Console sign-in without MFA raises an alarm",
        severity=Severity.LOW,
        risk="A console sign-in without MFA is protected by a password alone; an alarm "
        "shows when such sign-ins happen so that they can be stopped.",
        pattern='{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
        must_match=(_console_login("ConsoleLogin without MFA", mfa="No", success=True),),
        must_not_match=(
            _console_login("ConsoleLogin with MFA", mfa="Yes", success=True),
            SampleEvent("GetSessionToken", _event("GetSessionToken", "sts.amazonaws.com")),
        ),
    ),
    AlarmFamily(
        key="root_usage",
        cis="4.3",
        security_hub="CloudWatch.1",
        title="Use of the root user raises an alarm",
        severity=Severity.LOW,
        risk="The root user can do anything in the account and bypasses IAM policies; "
        "any use of it should be seen at once.",
        pattern='{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }',
        must_match=(
            _console_login("root ConsoleLogin", mfa="Yes", success=True, userIdentity=_ROOT),
            SampleEvent(
                "root CreateAccessKey",
                _event("CreateAccessKey", "iam.amazonaws.com", userIdentity=_ROOT),
            ),
        ),
        must_not_match=(
            SampleEvent("IAM user CreateAccessKey", _event("CreateAccessKey", "iam.amazonaws.com")),
            SampleEvent(
                "service call on behalf of root",
                _event(
                    "GetBucketAcl",
                    "s3.amazonaws.com",
                    userIdentity={**_ROOT, "invokedBy": "cloudtrail.amazonaws.com"},
                ),
            ),
            SampleEvent(
                "AWS service event",
                _event(
                    "ConsoleLogin",
                    "signin.amazonaws.com",
                    userIdentity=_ROOT,
                    eventType="AwsServiceEvent",
                ),
            ),
        ),
    ),
    AlarmFamily(
        key="iam_policy_changes",
        cis="4.4",
        security_hub="CloudWatch.4",
        title="IAM policy changes raise an alarm",
        severity=Severity.LOW,
        risk="A changed IAM policy can grant an attacker lasting access; an alarm shows "
        "every change to who may do what.",
        pattern="{" + _or_names(*_IAM_POLICY_EVENTS).replace(" ", "") + "}",
        must_match=_calls("iam.amazonaws.com", *_IAM_POLICY_EVENTS),
        must_not_match=_calls("iam.amazonaws.com", "GetPolicy", "ListPolicies", "CreateUser"),
    ),
    AlarmFamily(
        key="cloudtrail_changes",
        cis="4.5",
        security_hub="CloudWatch.5",
        title="CloudTrail configuration changes raise an alarm",
        severity=Severity.LOW,
        risk="Stopping or changing a trail is how an intruder hides their activity; "
        "an alarm shows when logging is tampered with.",
        pattern="{ " + _or_names(*_TRAIL_EVENTS) + " }",
        must_match=_calls("cloudtrail.amazonaws.com", *_TRAIL_EVENTS),
        must_not_match=_calls(
            "cloudtrail.amazonaws.com", "DescribeTrails", "GetTrailStatus", "LookupEvents"
        ),
    ),
    AlarmFamily(
        key="console_auth_failures",
        cis="4.6",
        security_hub="CloudWatch.6",
        title="Console authentication failures raise an alarm",
        severity=Severity.LOW,
        risk="Failed console sign-ins can be a password-guessing attack; an alarm gives "
        "the source address to act on.",
        pattern='{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
        must_match=(_console_login("ConsoleLogin failed", mfa="No", success=False),),
        must_not_match=(
            _console_login("ConsoleLogin with MFA", mfa="Yes", success=True),
            _console_login("ConsoleLogin without MFA", mfa="No", success=True),
        ),
    ),
    AlarmFamily(
        key="kms_key_disable_or_deletion",
        cis="4.7",
        security_hub="CloudWatch.7",
        title="Disabling or scheduled deletion of KMS keys raises an alarm",
        severity=Severity.LOW,
        risk="Data encrypted under a disabled or deleted KMS key can no longer be read; "
        "an alarm leaves time to cancel an unintended deletion.",
        pattern="{ ($.eventSource = kms.amazonaws.com) && "
        "(($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
        must_match=_calls("kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion"),
        must_not_match=_calls("kms.amazonaws.com", "EnableKey", "CancelKeyDeletion", "Decrypt"),
    ),
    AlarmFamily(
        key="s3_bucket_policy_changes",
        cis="4.8",
        security_hub="CloudWatch.8",
        title="S3 bucket policy changes raise an alarm",
        severity=Severity.LOW,
        risk="A changed bucket policy or ACL can expose data to the internet; an alarm "
        "shows such changes as they happen.",
        pattern="{ ($.eventSource = s3.amazonaws.com) && ("
        + _or_names(*_BUCKET_POLICY_EVENTS)
        + ") }",
        must_match=_calls("s3.amazonaws.com", *_BUCKET_POLICY_EVENTS),
        must_not_match=_calls("s3.amazonaws.com", "GetBucketPolicy", "ListBuckets", "CreateBucket"),
    ),
    AlarmFamily(
        key="config_changes",
        cis="4.9",
        security_hub="CloudWatch.9",
        title="AWS Config configuration changes raise an alarm",
        severity=Severity.LOW,
        risk="Stopping the Config recorder or removing its delivery channel blinds "
        "configuration history and compliance rules.",
        pattern="{ ($.eventSource = config.amazonaws.com) && ("
        + _or_names(*_CONFIG_EVENTS)
        + ") }",
        must_match=_calls("config.amazonaws.com", *_CONFIG_EVENTS),
        must_not_match=_calls(
            "config.amazonaws.com", "DescribeConfigurationRecorders", "StartConfigurationRecorder"
        ),
    ),
    AlarmFamily(
        key="security_group_changes",
        cis="4.10",
        security_hub="CloudWatch.10",
        title="Security group changes raise an alarm",
        severity=Severity.LOW,
        risk="An opened security group rule can expose instances to the internet; an "
        "alarm shows every rule change.",
        pattern="{ " + _or_names(*_SECURITY_GROUP_EVENTS) + " }",
        must_match=_calls(_EC2, *_SECURITY_GROUP_EVENTS),
        must_not_match=_calls(_EC2, "DescribeSecurityGroups", "DescribeSecurityGroupRules"),
    ),
    AlarmFamily(
        key="nacl_changes",
        cis="4.11",
        security_hub="CloudWatch.11",
        title="Network ACL changes raise an alarm",
        severity=Severity.LOW,
        risk="A changed network ACL can open whole subnets to unwanted traffic; an "
        "alarm shows every change.",
        pattern="{ " + _or_names(*_NACL_EVENTS) + " }",
        must_match=_calls(_EC2, *_NACL_EVENTS),
        must_not_match=_calls(_EC2, "DescribeNetworkAcls"),
    ),
    AlarmFamily(
        key="network_gateway_changes",
        cis="4.12",
        security_hub="CloudWatch.12",
        title="Network gateway changes raise an alarm",
        severity=Severity.LOW,
        risk="A new or moved gateway creates a path for traffic in or out of a VPC that "
        "bypasses the expected controls.",
        pattern="{ " + _or_names(*_GATEWAY_EVENTS) + " }",
        must_match=_calls(_EC2, *_GATEWAY_EVENTS),
        must_not_match=_calls(_EC2, "DescribeInternetGateways", "DescribeCustomerGateways"),
    ),
    AlarmFamily(
        key="route_table_changes",
        cis="4.13",
        security_hub="CloudWatch.13",
        title="Route table changes raise an alarm",
        severity=Severity.LOW,
        risk="A changed route can send VPC traffic through an unexpected path, around "
        "inspection or out of the network.",
        pattern="{ " + _or_names(*_ROUTE_TABLE_EVENTS) + " }",
        must_match=_calls(_EC2, *_ROUTE_TABLE_EVENTS),
        must_not_match=_calls(_EC2, "DescribeRouteTables"),
    ),
    AlarmFamily(
        key="vpc_changes",
        cis="4.14",
        security_hub="CloudWatch.14",
        title="VPC changes raise an alarm",
        severity=Severity.LOW,
        risk="New VPCs and peering connections change which networks can reach each "
        "other; an alarm shows every such change.",
        pattern="{ " + _or_names(*_VPC_EVENTS, *_CLASSICLINK_EVENTS) + " }",
        must_match=_calls(_EC2, *_VPC_EVENTS),
        must_not_match=_calls(_EC2, "DescribeVpcs", "DescribeVpcPeeringConnections"),
    ),
    AlarmFamily(
        key="organizations_changes",
        cis="4.15",
        security_hub=None,
        title="AWS Organizations changes raise an alarm",
        severity=Severity.LOW,
        risk="Changes to the organization move accounts, policies and guardrails; an "
        "unnoticed change can remove SCP protection from an account.",
        pattern="{ ($.eventSource = organizations.amazonaws.com) && ("
        + " || ".join(f'($.eventName = "{name}")' for name in _ORGANIZATIONS_EVENTS)
        + ") }",
        must_match=_calls("organizations.amazonaws.com", *_ORGANIZATIONS_EVENTS),
        must_not_match=_calls(
            "organizations.amazonaws.com", "DescribeOrganization", "ListAccounts"
        ),
    ),
)


def remediation(family: AlarmFamily) -> str:
    """Return the CLI commands that create the family's filter, topic and alarm."""
    metric = family.metric_name
    return "\n".join(
        (
            f"aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name {metric} "
            f"--metric-transformations metricName={metric},metricNamespace=CISBenchmark,"
            f"metricValue=1 --filter-pattern '{family.pattern}'",
            "aws sns create-topic --name cis-monitoring-alarms",
            "aws sns subscribe --topic-arn TOPIC_ARN --protocol email "
            "--notification-endpoint SECURITY_TEAM_EMAIL",
            f"aws cloudwatch put-metric-alarm --alarm-name {family.key}_alarm "
            f"--metric-name {metric} --namespace CISBenchmark --statistic Sum --period 300 "
            "--threshold 1 --comparison-operator GreaterThanOrEqualToThreshold "
            "--evaluation-periods 1 --alarm-actions TOPIC_ARN",
        )
    )
