"""Tests for `seawall trail generate-policy`, on records built in code and on a real trail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from seawall.aws.outcome import CallStatus
from seawall.cli.main import cli
from seawall.inventory.snapshot import CallRecord, Snapshot
from seawall.inventory.snapshot_file import save_snapshot

ACCOUNT = "111122223333"
USER = f"arn:aws:iam::{ACCOUNT}:user/alice"
# A public CloudTrail dataset (MIT licence) kept next to the repository, never copied into it.
DATASET = (
    Path(__file__).resolve().parents[2].parent / "shared/data/cloudtrail/invictus-stratus-2023"
)


def record(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "eventTime": "2024-03-01T10:00:00Z",
        "eventSource": "s3.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "recipientAccountId": ACCOUNT,
        "userIdentity": {"type": "IAMUser", "arn": USER},
        "requestParameters": {"bucketName": "b"},
        **extra,
    }


@pytest.fixture
def trail_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    records = [
        record("ListBuckets"),
        record("HeadBucket"),
        record("PutObject", errorCode="AccessDenied"),
    ]
    (folder / "events.json").write_text(json.dumps({"Records": records}), encoding="utf-8")
    (folder / "broken.json.gz").write_bytes(b"\x1f\x8bnot gzip")
    return folder


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["trail", "generate-policy", *args])


def test_prints_policy(trail_folder: Path) -> None:
    result = run(str(trail_folder), "--principal", USER)

    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "S3Statement1",
                "Effect": "Allow",
                "Action": ["s3:ListAllMyBuckets"],
                "Resource": "*",
            },
            {
                "Sid": "S3Statement2",
                "Effect": "Allow",
                "Action": ["s3:ListBucket"],
                "Resource": "arn:aws:s3:::b",
            },
        ],
    }
    assert "denied attempt (not granted): s3:PutObject AccessDenied x1" in result.stderr
    assert "skipped file:" in result.stderr


def test_json_report(trail_folder: Path) -> None:
    result = run(str(trail_folder), "--principal", USER, "--format", "json")

    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["event_count"] == 3
    assert report["denied"] == [{"name": "s3:PutObject", "count": 1, "error_code": "AccessDenied"}]
    assert report["unmapped"] == []
    assert len(report["skipped_files"]) == 1


def test_snapshot_unused(trail_folder: Path, tmp_path: Path) -> None:
    snapshot = Snapshot(
        account_id=ACCOUNT, regions=["us-east-1"], collected_at="2024-03-02T00:00:00+00:00"
    )
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:List*", "Resource": "*"}],
    }
    details = {
        "UserDetailList": [
            {
                "Arn": USER,
                "UserName": "alice",
                "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": document}],
            }
        ]
    }
    snapshot.add(
        CallRecord("iam", "GetAccountAuthorizationDetails", "global", "", CallStatus.OK, details)
    )
    path = tmp_path / "snap.json.gz"
    save_snapshot(snapshot, path)

    result = run(
        str(trail_folder), "--principal", USER, "--format", "json", "--snapshot", str(path)
    )

    unused = json.loads(result.stdout)["unused"]
    assert result.exit_code == 0
    assert "s3:ListBucketVersions" in unused["services"]["s3"]["actions"]
    assert "s3:ListBucket" not in unused["services"]["s3"]["actions"]
    assert unused["services"]["s3"]["access_levels"] == {"List": unused["services"]["s3"]["count"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--principal", "alice"], "error: invalid principal ARN 'alice'", id="bad-principal"
        ),
        pytest.param(
            ["--principal", USER, "--account", "12"],
            "error: invalid --account '12'",
            id="bad-account",
        ),
        pytest.param(
            ["--principal", USER, "--snapshot", "missing.json.gz"],
            "error: snapshot missing.json.gz not found",
            id="no-snapshot",
        ),
    ],
)
def test_invalid_input_exit_2(trail_folder: Path, args: list[str], message: str) -> None:
    result = run(str(trail_folder), *args)

    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_folder_exit_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "absent"), "--principal", USER)

    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_no_events_exit_1(trail_folder: Path) -> None:
    result = run(str(trail_folder), "--principal", f"arn:aws:iam::{ACCOUNT}:user/bob")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no granted events of" in result.stderr
    assert "from ? to ?" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("no events")] == [
        f"no events matched arn:aws:iam::{ACCOUNT}:user/bob: 0 action(s) in 0 statement(s), "
        "39 of 6144 characters"
    ]


BENJAMIN_ACTIONS = [
    "account:GetRegionOptStatus",
    "health:DescribeEventAggregates",
    "iam:GetAccountAuthorizationDetails",
    "iam:GetAccountSummary",
    "iam:ListMFADevices",
    "iam:ListSSHPublicKeys",
    "iam:ListUsers",
    "notifications:ListNotificationHubs",
    "route53:ListHostedZones",
    "s3:GetAccountPublicAccessBlock",
    "s3:GetStorageLensConfiguration",
    "s3:ListAccessPoints",
    "s3:ListAllMyBuckets",
    "s3:GetBucketAcl",
    "s3:GetBucketLocation",
    "s3:GetBucketLogging",
    "s3:GetBucketPolicy",
    "s3:GetBucketPolicyStatus",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetStorageLensDashboard",
]


@pytest.mark.skipif(not DATASET.is_dir(), reason=f"dataset folder {DATASET} is absent")
def test_real_dataset_user() -> None:
    result = run(
        str(DATASET), "--principal", "arn:aws:iam::123837392027:user/benjamin", "--format", "json"
    )

    report = json.loads(result.stdout)
    actions = [
        action for statement in report["policy"]["Statement"] for action in statement["Action"]
    ]
    assert result.exit_code == 0
    assert report["event_count"] == 105
    assert actions == BENJAMIN_ACTIONS
    assert report["denied"] == []
    assert report["unmapped"] == []


@pytest.mark.skipif(not DATASET.is_dir(), reason=f"dataset folder {DATASET} is absent")
def test_real_dataset_denied_role() -> None:
    role = "arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role"

    result = run(str(DATASET), "--principal", role, "--format", "json")

    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert report["denied"] == [
        {"name": "ec2:GetPasswordData", "count": 29, "error_code": "Client.UnauthorizedOperation"}
    ]
