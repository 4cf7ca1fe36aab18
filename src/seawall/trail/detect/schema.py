"""CloudTrail record facts for lint: the top-level fields and the eventName exceptions.

The top-level fields follow the "CloudTrail record contents for management,
data, and network activity events" page of the AWS CloudTrail User Guide
(eventVersion 1.11). The objects named in FREE_FORM_FIELDS vary per service
and API, so their nested paths are not checked.
"""

from __future__ import annotations

import re

# NOTE: a field that a later eventVersion adds is reported as unknown until it is listed here.
RECORD_FIELDS = frozenset(
    {
        "eventContext",
        "eventVersion",
        "userIdentity",
        "eventTime",
        "eventSource",
        "eventName",
        "awsRegion",
        "sourceIPAddress",
        "userAgent",
        "errorCode",
        "errorMessage",
        "requestParameters",
        "responseElements",
        "additionalEventData",
        "requestID",
        "eventID",
        "eventType",
        "apiVersion",
        "managementEvent",
        "readOnly",
        "resources",
        "recipientAccountId",
        "serviceEventDetails",
        "sharedEventID",
        "vpcEndpointId",
        "vpcEndpointAccountId",
        "eventCategory",
        "addendum",
        "sessionCredentialFromConsole",
        "edgeDeviceDetails",
        "tlsDetails",
        "insightDetails",
    }
)

FREE_FORM_FIELDS = frozenset(
    {
        "eventContext",
        "userIdentity",
        "requestParameters",
        "responseElements",
        "additionalEventData",
        "serviceEventDetails",
        "resources",
        "addendum",
        "edgeDeviceDetails",
        "tlsDetails",
        "insightDetails",
    }
)

# eventSource host prefixes whose IAM service prefix differs.
SERVICE_PREFIXES = {"monitoring": "cloudwatch", "email": "ses"}

# eventName values CloudTrail emits that are not IAM action names, per eventSource.
KNOWN_EVENT_NAMES: dict[str, frozenset[str]] = {
    "signin.amazonaws.com": frozenset(
        {
            "ConsoleLogin",
            "CheckMfa",
            "SwitchRole",
            "ExitRole",
            "RenewRole",
            "UserAuthentication",
            "PasswordRecoveryRequested",
            "PasswordRecoveryCompleted",
            "GetSigninToken",
        }
    ),
    "s3.amazonaws.com": frozenset(
        {
            # Bucket subresource calls that CloudTrail names after the REST API.
            "DeleteBucketPublicAccessBlock",
            "DeleteAccountPublicAccessBlock",
            "PutBucketLifecycle",
            "DeleteBucketLifecycle",
            "GetBucketLifecycle",
            "DeleteBucketCors",
            "PutBucketReplication",
            "DeleteBucketReplication",
            "GetBucketReplication",
            "DeleteBucketEncryption",
            "PutBucketEncryption",
            "DeleteBucketTagging",
        }
    ),
    "ec2.amazonaws.com": frozenset({"SharedSnapshotVolumeCreated", "SharedSnapshotCopyInitiated"}),
}

# Lambda names events after versioned REST operations: CreateFunction20150331.
_API_VERSION_SUFFIX = re.compile(r"\d{8}(v\d+)?$")


def action_name(event_source: str, event_name: str) -> tuple[str, str] | None:
    """Return the (service prefix, action) an eventName stands for, or None if unknown."""
    host = event_source.removesuffix(".amazonaws.com")
    if host == event_source:
        return None
    prefix = SERVICE_PREFIXES.get(host, host)
    return prefix, _API_VERSION_SUFFIX.sub("", event_name)
