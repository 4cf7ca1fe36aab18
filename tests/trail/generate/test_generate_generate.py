"""Tests for generating a policy and its notes from a principal's events."""

from __future__ import annotations

from datetime import UTC, datetime

from generate_samples import ACCOUNT, ROLE_ARN, SESSION_ARN, USER_ARN, event

from seawall.policy.catalog import load_catalog
from seawall.trail.generate import Counted, generate_policy, parse_principal
from seawall.trail.generate.render import report_to_dict

CATALOG = load_catalog()
LAMBDA_ROLE = f"arn:aws:iam::{ACCOUNT}:role/lambda-exec"

RECORDS = [
    event("s3.amazonaws.com", "ListBuckets", time="2024-03-01T09:00:00Z"),
    event("s3.amazonaws.com", "GetObject", parameters={"bucketName": "b", "key": "k"}),
    event(
        "s3.amazonaws.com",
        "GetBucketPolicy",
        parameters={"bucketName": "b"},
        error_code="NoSuchBucketPolicy",
    ),
    event(
        "s3.amazonaws.com",
        "PutObject",
        parameters={"bucketName": "b", "key": "k"},
        error_code="AccessDenied",
    ),
    event("ec2.amazonaws.com", "GetPasswordData", error_code="Client.UnauthorizedOperation"),
    event("ec2.amazonaws.com", "NoSuchCall"),
    event("ec2.amazonaws.com", "NoSuchCall"),
    event("sts.amazonaws.com", "GetCallerIdentity", time="2024-03-01T11:30:00Z"),
    event(
        "lambda.amazonaws.com",
        "CreateFunction20150331",
        parameters={"functionName": "f", "role": LAMBDA_ROLE},
    ),
    event("signin.amazonaws.com", "ConsoleLogin", eventType="AwsConsoleSignIn"),
    event("s3.amazonaws.com", "DeleteBucket", arn=f"arn:aws:iam::{ACCOUNT}:user/bob"),
]


def test_generated_policy() -> None:
    report, _ = generate_policy(CATALOG, parse_principal(USER_ARN), RECORDS)

    assert report.statements == [
        {
            "Sid": "Lambda",
            "Effect": "Allow",
            "Action": ["lambda:CreateFunction"],
            "Resource": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f",
        },
        {
            "Sid": "S3Statement1",
            "Effect": "Allow",
            "Action": ["s3:ListAllMyBuckets"],
            "Resource": "*",
        },
        {
            "Sid": "S3Statement2",
            "Effect": "Allow",
            "Action": ["s3:GetBucketPolicy"],
            "Resource": "arn:aws:s3:::b",
        },
        {
            "Sid": "S3Statement3",
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": "arn:aws:s3:::b/k",
        },
    ]


def test_denied_attempts_listed_apart() -> None:
    report, _ = generate_policy(CATALOG, parse_principal(USER_ARN), RECORDS)

    assert report.denied == [
        Counted("ec2:GetPasswordData", 1, "Client.UnauthorizedOperation"),
        Counted("s3:PutObject", 1, "AccessDenied"),
    ]
    assert "s3:PutObject" not in report.used_actions


def test_unmapped_events_counted() -> None:
    report, _ = generate_policy(CATALOG, parse_principal(USER_ARN), RECORDS)

    assert report.unmapped == [Counted("ec2.amazonaws.com NoSuchCall", 2)]


def test_notes_name_passrole_and_omissions() -> None:
    report, _ = generate_policy(CATALOG, parse_principal(USER_ARN), RECORDS)

    assert report.notes[-3:] == [
        "sts:GetCallerIdentity omitted: sts:GetCallerIdentity needs no permission",
        "iam:PassRole is never logged, but lambda:CreateFunction20150331 passed "
        f'{LAMBDA_ROLE}: add iam:PassRole with Resource "{LAMBDA_ROLE}"',
        "signin.amazonaws.com ConsoleLogin (1) is recorded by AWS, not called, "
        "and needs no permission",
    ]


def test_event_count_and_time_range() -> None:
    report, _ = generate_policy(CATALOG, parse_principal(USER_ARN), RECORDS)

    assert report.event_count == 10
    assert report.start == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert report.end == datetime(2024, 3, 1, 11, 30, tzinfo=UTC)


def test_instance_profile_note() -> None:
    records = [
        event(
            "ec2.amazonaws.com",
            "RunInstances",
            parameters={"iamInstanceProfile": {"name": "web-profile"}},
        )
    ]

    report, _ = generate_policy(CATALOG, parse_principal(USER_ARN), records)

    assert report.notes[-1] == (
        "instances were launched with instance profile web-profile: add iam:PassRole on "
        "the role in that profile"
    )


def test_assume_role_is_not_passrole() -> None:
    records = [event("sts.amazonaws.com", "AssumeRole", parameters={"roleArn": LAMBDA_ROLE})]

    report, _ = generate_policy(CATALOG, parse_principal(USER_ARN), records)

    assert report.statements[0]["Resource"] == LAMBDA_ROLE
    assert not any("PassRole" in note for note in report.notes)


def test_role_collects_all_sessions() -> None:
    records = [
        event("s3.amazonaws.com", "ListBuckets", arn=SESSION_ARN),
        event(
            "s3.amazonaws.com",
            "HeadBucket",
            arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/deployer/other",
            parameters={"bucketName": "b"},
        ),
    ]

    report, _ = generate_policy(CATALOG, parse_principal(ROLE_ARN), records)

    assert report.used_actions == ["s3:ListAllMyBuckets", "s3:ListBucket"]


def test_report_json_keys() -> None:
    report, _ = generate_policy(CATALOG, parse_principal(USER_ARN), RECORDS)

    result = report_to_dict(report)

    assert sorted(result) == [
        "denied",
        "event_count",
        "notes",
        "policy",
        "policy_size",
        "principal",
        "skipped_files",
        "time_range",
        "unmapped",
    ]
    assert result["time_range"] == {"start": "2024-03-01T09:00:00Z", "end": "2024-03-01T11:30:00Z"}
    assert result["denied"][1] == {"name": "s3:PutObject", "count": 1, "error_code": "AccessDenied"}
