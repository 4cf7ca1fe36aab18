"""CloudTrail checks over Snapshot fixtures built in code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _snapshots_cloudtrail import (
    ACCOUNT,
    HOME,
    OTHER,
    AccountBuilder,
    log_group_arn,
    run,
    trail_arn,
)

import seawall.checks.cloudtrail  # noqa: F401  (registers the checks)
from seawall.aws.outcome import CallStatus

MAIN = trail_arn("main")
ACCOUNT_ARN = f"arn:aws:iam::{ACCOUNT}:root"
Setup = Callable[[AccountBuilder], None]


def _trail(**fields: Any) -> Setup:
    def add(builder: AccountBuilder) -> None:
        builder.trail("main", **fields)

    return add


def _advanced(*fields: dict[str, Any]) -> dict[str, Any]:
    category = {"Field": "eventCategory", "Equals": ["Management"]}
    return {"AdvancedEventSelectors": [{"Name": "mgmt", "FieldSelectors": [category, *fields]}]}


def _steps(*steps: Setup) -> Setup:
    def apply(builder: AccountBuilder) -> None:
        for step in steps:
            step(builder)

    return apply


NOTHING: Setup = _steps()


def _deny(service: str, operation: str, region: str = "global", resource: str = "") -> Setup:
    return lambda b: b.fail(service, operation, region, resource)


def _findings(check_id: str, setup: Setup, **builder: Any) -> list[tuple[str, str, str]]:
    account = AccountBuilder(**builder)
    setup(account)
    return run(check_id, account.build())


MULTI_REGION_CASES = [
    pytest.param(
        _trail(),
        [
            (
                "pass",
                MAIN,
                "trail main is multi-region, logging, and records all read and write "
                "management events",
            )
        ],
        id="pass-basic-selector",
    ),
    pytest.param(
        _trail(selectors=_advanced()),
        [
            (
                "pass",
                MAIN,
                "trail main is multi-region, logging, and records all read and write "
                "management events",
            )
        ],
        id="pass-advanced-selector",
    ),
    pytest.param(
        _trail(
            selectors={
                "EventSelectors": [
                    {"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True},
                    {"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True},
                ]
            }
        ),
        [
            (
                "pass",
                MAIN,
                "trail main is multi-region, logging, and records all read and write "
                "management events",
            )
        ],
        id="pass-read-and-write-selectors",
    ),
    pytest.param(
        _steps(_trail(), _deny("cloudtrail", "DescribeTrails", OTHER)),
        [
            (
                "pass",
                MAIN,
                "trail main is multi-region, logging, and records all read and write "
                "management events",
            )
        ],
        id="pass-despite-other-region-denied",
    ),
    pytest.param(
        NOTHING,
        [("fail", ACCOUNT_ARN, "no CloudTrail trail exists in the scanned regions")],
        id="fail-no-trail",
    ),
    pytest.param(
        _trail(multi_region=False),
        [
            (
                "fail",
                ACCOUNT_ARN,
                "no qualifying multi-region trail: trail main covers us-east-1 only",
            )
        ],
        id="fail-single-region",
    ),
    pytest.param(
        _trail(logging=False),
        [("fail", ACCOUNT_ARN, "no qualifying multi-region trail: trail main is not logging")],
        id="fail-not-logging",
    ),
    pytest.param(
        _trail(selectors={"EventSelectors": [{"ReadWriteType": "WriteOnly"}]}),
        [
            (
                "fail",
                ACCOUNT_ARN,
                "no qualifying multi-region trail: trail main: an event "
                "selector records WriteOnly events only",
            )
        ],
        id="fail-write-only",
    ),
    pytest.param(
        _trail(
            selectors={
                "EventSelectors": [
                    {
                        "ReadWriteType": "All",
                        "IncludeManagementEvents": True,
                        "ExcludeManagementEventSources": ["kms.amazonaws.com"],
                    }
                ]
            }
        ),
        [
            (
                "fail",
                ACCOUNT_ARN,
                "no qualifying multi-region trail: trail main: management "
                "events from kms.amazonaws.com are excluded",
            )
        ],
        id="fail-excluded-sources",
    ),
    pytest.param(
        _trail(selectors={"EventSelectors": [{"IncludeManagementEvents": False}]}),
        [
            (
                "fail",
                ACCOUNT_ARN,
                "no qualifying multi-region trail: trail main: no event "
                "selector records management events",
            )
        ],
        id="fail-no-management-events",
    ),
    pytest.param(
        _trail(selectors=_advanced({"Field": "readOnly", "Equals": ["false"]})),
        [
            (
                "fail",
                ACCOUNT_ARN,
                "no qualifying multi-region trail: trail main: mgmt records "
                "write-only management events only",
            )
        ],
        id="fail-advanced-write-only",
    ),
    pytest.param(
        _trail(selectors=_advanced({"Field": "eventSource", "NotEquals": ["kms.amazonaws.com"]})),
        [
            (
                "fail",
                ACCOUNT_ARN,
                "no qualifying multi-region trail: trail main: mgmt filters "
                "management events on eventSource",
            )
        ],
        id="fail-advanced-source-filter",
    ),
    pytest.param(
        _steps(_trail(), _deny("cloudtrail", "GetTrailStatus", HOME, MAIN)),
        [
            (
                "error",
                ACCOUNT_ARN,
                f"could not assess: AccessDenied on cloudtrail:GetTrailStatus "
                f"for {MAIN} in us-east-1",
            )
        ],
        id="error-status-denied",
    ),
    pytest.param(
        _deny("cloudtrail", "DescribeTrails", OTHER),
        [
            (
                "error",
                ACCOUNT_ARN,
                "could not assess: AccessDenied on cloudtrail:DescribeTrails in eu-west-1",
            )
        ],
        id="error-region-denied",
    ),
]


@pytest.mark.parametrize(("setup", "expected"), MULTI_REGION_CASES)
def test_multi_region_logging(setup: Setup, expected: list[tuple[str, str, str]]) -> None:
    assert _findings("cloudtrail.multi_region_logging", setup) == expected


NO_TRAIL = ("not_applicable", ACCOUNT_ARN, "no CloudTrail trail exists in the scanned regions")
REGION_DENIED = (
    "error",
    f"arn:aws:::{ACCOUNT}/{OTHER}",
    "could not assess: AccessDenied on cloudtrail:DescribeTrails in eu-west-1",
)


@pytest.mark.parametrize(
    ("check_id", "setup", "expected"),
    [
        pytest.param(
            "cloudtrail.log_file_validation",
            _trail(),
            [("pass", MAIN, "log file validation is enabled")],
            id="validation-pass",
        ),
        pytest.param(
            "cloudtrail.log_file_validation",
            _trail(LogFileValidationEnabled=False),
            [("fail", MAIN, "log file validation is disabled")],
            id="validation-fail",
        ),
        pytest.param("cloudtrail.log_file_validation", NOTHING, [NO_TRAIL], id="validation-na"),
        pytest.param(
            "cloudtrail.log_file_validation",
            _steps(_trail(), _deny("cloudtrail", "DescribeTrails", OTHER)),
            [REGION_DENIED, ("pass", MAIN, "log file validation is enabled")],
            id="validation-error-region",
        ),
        pytest.param(
            "cloudtrail.kms_encryption",
            _trail(KmsKeyId="arn:aws:kms:us-east-1:111122223333:key/k1"),
            [
                (
                    "pass",
                    MAIN,
                    "logs are encrypted with KMS key arn:aws:kms:us-east-1:111122223333:key/k1",
                )
            ],
            id="kms-pass",
        ),
        pytest.param(
            "cloudtrail.kms_encryption",
            _trail(),
            [("fail", MAIN, "logs are not encrypted with a KMS key")],
            id="kms-fail",
        ),
        pytest.param("cloudtrail.kms_encryption", NOTHING, [NO_TRAIL], id="kms-na"),
        pytest.param(
            "cloudtrail.kms_encryption",
            _deny("cloudtrail", "DescribeTrails", OTHER),
            [REGION_DENIED],
            id="kms-error-region",
        ),
    ],
)
def test_trail_setting(check_id: str, setup: Setup, expected: list[tuple[str, str, str]]) -> None:
    assert _findings(check_id, setup) == expected


GROUP = log_group_arn()


def _delivering(**status: Any) -> Setup:
    return _trail(CloudWatchLogsLogGroupArn=GROUP, status=status)


@pytest.mark.parametrize(
    ("setup", "collected_at", "expected"),
    [
        pytest.param(
            _delivering(LatestCloudWatchLogsDeliveryTime="2026-12-04T08:00:00+00:00"),
            "2026-12-04T20:00:00+00:00",
            [("pass", MAIN, f"trail delivered to {GROUP} within the last 24 hours")],
            id="pass-recent",
        ),
        pytest.param(
            _trail(),
            "2026-12-04T20:00:00+00:00",
            [("fail", MAIN, "trail does not deliver to CloudWatch Logs")],
            id="fail-no-log-group",
        ),
        pytest.param(
            _delivering(LatestCloudWatchLogsDeliveryTime="2026-12-03T19:00:00+00:00"),
            "2026-12-04T20:00:00+00:00",
            [
                (
                    "fail",
                    MAIN,
                    "the latest delivery to CloudWatch Logs was at 2026-12-03T19:00:00+00:00",
                )
            ],
            id="fail-stale",
        ),
        pytest.param(
            _delivering(
                LatestCloudWatchLogsDeliveryTime="2026-12-04T19:00:00+00:00",
                LatestCloudWatchLogsDeliveryError="AccessDeniedException",
            ),
            "2026-12-04T20:00:00+00:00",
            [
                (
                    "fail",
                    MAIN,
                    "the latest delivery to CloudWatch Logs failed: AccessDeniedException",
                )
            ],
            id="fail-delivery-error",
        ),
        pytest.param(
            _delivering(),
            "2026-12-04T20:00:00+00:00",
            [("fail", MAIN, "trail has never delivered to CloudWatch Logs")],
            id="fail-never-delivered",
        ),
        pytest.param(
            _delivering(LatestCloudWatchLogsDeliveryTime="2026-12-04T19:00:00+00:00"),
            "",
            [
                (
                    "error",
                    MAIN,
                    "could not assess: the snapshot has no valid collection time ('') "
                    "to judge delivery age against",
                )
            ],
            id="error-no-collection-time",
        ),
        pytest.param(
            _steps(_delivering(), _deny("cloudtrail", "GetTrailStatus", HOME, MAIN)),
            "2026-12-04T20:00:00+00:00",
            [
                (
                    "error",
                    MAIN,
                    f"could not assess: AccessDenied on cloudtrail:GetTrailStatus for "
                    f"{MAIN} in us-east-1",
                )
            ],
            id="error-status-denied",
        ),
        pytest.param(NOTHING, "2026-12-04T20:00:00+00:00", [NO_TRAIL], id="not-applicable"),
    ],
)
def test_cloudwatch_delivery(
    setup: Setup, collected_at: str, expected: list[tuple[str, str, str]]
) -> None:
    found = _findings("cloudtrail.cloudwatch_delivery", setup, collected_at=collected_at)
    assert found == expected


BUCKET = "trail-logs"
OBJECTS = f"arn:aws:s3:::{BUCKET}/*"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
FULL_BLOCK = dict.fromkeys(
    ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True
)
CLOUDTRAIL_WRITE = {
    "Sid": "AWSCloudTrailWrite",
    "Effect": "Allow",
    "Principal": {"Service": "cloudtrail.amazonaws.com"},
    "Action": "s3:PutObject",
    "Resource": f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*",
    "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}},
}
DENY_HTTP = {
    "Sid": "DenyPlainHttp",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": [f"arn:aws:s3:::{BUCKET}", OBJECTS],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}


def _policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _read(principal: Any, sid: str = "Read", **condition: Any) -> dict[str, Any]:
    statement = {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": principal,
        "Action": ["s3:GetObject", "s3:ListBucket"],
        "Resource": [f"arn:aws:s3:::{BUCKET}", OBJECTS],
    }
    if condition:
        statement["Condition"] = condition
    return statement


def _bucket(**options: Any) -> Setup:
    return _steps(_trail(), lambda b: b.bucket(BUCKET, **options))


PUBLIC_POLICY = _policy(CLOUDTRAIL_WRITE, _read("*"))


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        pytest.param(
            _bucket(policy=_policy(CLOUDTRAIL_WRITE, DENY_HTTP)),
            [("pass", MAIN, "bucket trail-logs grants no public access")],
            id="pass-deny-http-is-not-public",
        ),
        pytest.param(
            _bucket(),
            [("pass", MAIN, "bucket trail-logs grants no public access")],
            id="pass-no-policy",
        ),
        pytest.param(
            _bucket(policy=_policy(_read({"AWS": "arn:aws:iam::444455556666:root"}))),
            [("pass", MAIN, "bucket trail-logs grants no public access")],
            id="pass-named-account",
        ),
        pytest.param(
            _bucket(policy=_policy(_read("*", StringEquals={"aws:SourceVpce": "vpce-1a2b3c4d"}))),
            [("pass", MAIN, "bucket trail-logs grants no public access")],
            id="pass-vpc-endpoint-condition",
        ),
        pytest.param(
            _bucket(policy=PUBLIC_POLICY),
            [
                (
                    "fail",
                    MAIN,
                    "bucket trail-logs is public: bucket policy allows anyone "
                    "s3:GetObject (statement 'Read'); bucket policy allows anyone s3:ListBucket "
                    "(statement 'Read')",
                )
            ],
            id="fail-public-policy",
        ),
        pytest.param(
            _bucket(policy=_policy(DENY_HTTP, _read({"AWS": "*"}))),
            [
                (
                    "fail",
                    MAIN,
                    "bucket trail-logs is public: bucket policy allows anyone "
                    "s3:GetObject (statement 'Read'); bucket policy allows anyone s3:ListBucket "
                    "(statement 'Read')",
                )
            ],
            id="fail-aws-star-despite-deny-http",
        ),
        pytest.param(
            _bucket(
                policy=_policy(_read("*", IpAddress={"aws:SourceIp": "0.0.0.0/0"})),
            ),
            [
                (
                    "fail",
                    MAIN,
                    "bucket trail-logs is public: bucket policy allows anyone "
                    "s3:GetObject (statement 'Read'); bucket policy allows anyone s3:ListBucket "
                    "(statement 'Read')",
                )
            ],
            id="fail-any-source-ip",
        ),
        pytest.param(
            _bucket(grants=((ALL_USERS, "READ"),)),
            [
                (
                    "fail",
                    MAIN,
                    "bucket trail-logs is public: bucket ACL grants READ to everyone (AllUsers)",
                )
            ],
            id="fail-acl-all-users",
        ),
        pytest.param(
            _bucket(grants=((AUTHENTICATED, "READ_ACP"),)),
            [
                (
                    "fail",
                    MAIN,
                    "bucket trail-logs is public: bucket ACL grants READ_ACP to every "
                    "AWS account (AuthenticatedUsers)",
                )
            ],
            id="fail-acl-authenticated-users",
        ),
        pytest.param(
            _bucket(policy=PUBLIC_POLICY, grants=((ALL_USERS, "READ"),), block=FULL_BLOCK),
            [
                (
                    "pass",
                    MAIN,
                    "bucket trail-logs is not public: Block Public Access neutralizes "
                    "bucket policy allows anyone s3:GetObject (statement 'Read'); bucket policy "
                    "allows anyone s3:ListBucket (statement 'Read'); bucket ACL grants READ to "
                    "everyone (AllUsers)",
                )
            ],
            id="pass-bucket-block",
        ),
        pytest.param(
            _steps(
                _bucket(grants=((ALL_USERS, "READ"),)),
                lambda b: b.account_block({"IgnorePublicAcls": True}),
            ),
            [
                (
                    "pass",
                    MAIN,
                    "bucket trail-logs is not public: Block Public Access neutralizes "
                    "bucket ACL grants READ to everyone (AllUsers)",
                )
            ],
            id="pass-account-block",
        ),
        pytest.param(
            _bucket(
                policy=PUBLIC_POLICY,
                block={"BlockPublicPolicy": True, "IgnorePublicAcls": True},
            ),
            [
                (
                    "fail",
                    MAIN,
                    "bucket trail-logs is public: bucket policy allows anyone "
                    "s3:GetObject (statement 'Read'); bucket policy allows anyone s3:ListBucket "
                    "(statement 'Read')",
                )
            ],
            id="fail-block-policy-does-not-restrict",
        ),
        pytest.param(
            _trail(),
            [
                (
                    "error",
                    MAIN,
                    "could not assess: trail bucket trail-logs is not in this "
                    "account; scan the account that owns it",
                )
            ],
            id="error-bucket-elsewhere",
        ),
        pytest.param(
            _steps(_bucket(), _deny("s3", "GetBucketAcl", resource=BUCKET)),
            [("error", MAIN, "could not assess: AccessDenied on s3:GetBucketAcl for trail-logs")],
            id="error-acl-denied",
        ),
        pytest.param(
            _steps(_bucket(), _deny("s3control", "GetPublicAccessBlock")),
            [("error", MAIN, "could not assess: AccessDenied on s3:GetAccountPublicAccessBlock")],
            id="error-account-block-denied",
        ),
        pytest.param(NOTHING, [NO_TRAIL], id="not-applicable"),
    ],
)
def test_bucket_not_public(setup: Setup, expected: list[tuple[str, str, str]]) -> None:
    assert _findings("cloudtrail.bucket_not_public", setup) == expected


def test_bucket_policy_invalid_is_error() -> None:
    account = AccountBuilder()
    account.trail("main")
    account.bucket(BUCKET)
    account.records.append(
        _policy_record('{"Statement": [{"Effect": "Maybe"}]}')  # not a valid effect
    )
    [(status, resource, reason)] = run("cloudtrail.bucket_not_public", account.build())
    assert (status, resource) == ("error", MAIN)
    assert reason.startswith("could not assess: the bucket policy of trail-logs is invalid: ")


def _policy_record(text: str) -> Any:
    from seawall.inventory.snapshot import CallRecord

    return CallRecord("s3", "GetBucketPolicy", "global", BUCKET, CallStatus.OK, {"Policy": text})


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        pytest.param(
            _bucket(logging_target="access-logs"),
            [("pass", MAIN, "bucket trail-logs logs access to bucket access-logs")],
            id="pass",
        ),
        pytest.param(
            _bucket(),
            [("fail", MAIN, "bucket trail-logs has server access logging disabled")],
            id="fail",
        ),
        pytest.param(
            _trail(),
            [
                (
                    "error",
                    MAIN,
                    "could not assess: trail bucket trail-logs is not in this "
                    "account; scan the account that owns it",
                )
            ],
            id="error-bucket-elsewhere",
        ),
        pytest.param(
            _steps(_bucket(), _deny("s3", "GetBucketLogging", resource=BUCKET)),
            [
                (
                    "error",
                    MAIN,
                    "could not assess: AccessDenied on s3:GetBucketLogging for trail-logs",
                )
            ],
            id="error-logging-denied",
        ),
        pytest.param(
            _steps(_bucket(), _deny("s3", "ListBuckets")),
            [("error", MAIN, "could not assess: AccessDenied on s3:ListAllMyBuckets")],
            id="error-list-denied",
        ),
        pytest.param(NOTHING, [NO_TRAIL], id="not-applicable"),
    ],
)
def test_bucket_access_logging(setup: Setup, expected: list[tuple[str, str, str]]) -> None:
    assert _findings("cloudtrail.bucket_access_logging", setup) == expected
