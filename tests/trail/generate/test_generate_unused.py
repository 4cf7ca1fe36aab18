"""Tests for the granted-but-unused report from a snapshot built in code."""

from __future__ import annotations

from typing import Any

import pytest
from generate_samples import ACCOUNT, ROLE_ARN, USER_ARN

from seawall.aws.outcome import CallStatus
from seawall.inventory.snapshot import CallRecord, Snapshot
from seawall.policy.catalog import load_catalog
from seawall.trail.generate import UnusedReportError, parse_principal, unused_actions

CATALOG = load_catalog()
MANAGED_ARN = f"arn:aws:iam::{ACCOUNT}:policy/kms-use"


def statement(effect: str, actions: list[str], resource: str = "*") -> dict[str, Any]:
    return {"Effect": effect, "Action": actions, "Resource": resource}


def details() -> dict[str, Any]:
    return {
        "UserDetailList": [
            {
                "UserName": "alice",
                "Arn": USER_ARN,
                "GroupList": ["readers"],
                "UserPolicyList": [
                    {
                        "PolicyName": "sqs",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                statement(
                                    "Allow",
                                    ["sqs:SendMessage", "sqs:ReceiveMessage"],
                                    f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs",
                                )
                            ],
                        },
                    }
                ],
                "AttachedManagedPolicies": [{"PolicyArn": MANAGED_ARN}],
            }
        ],
        "GroupDetailList": [
            {
                "GroupName": "readers",
                "Arn": f"arn:aws:iam::{ACCOUNT}:group/readers",
                "GroupPolicyList": [
                    {
                        "PolicyName": "deny-delete",
                        # Stored URL-encoded, as some endpoints return it.
                        "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22"
                        "%3A%5B%7B%22Effect%22%3A%22Deny%22%2C%22Action%22%3A%22sqs%3ADeleteQueue"
                        "%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D",
                    }
                ],
                "AttachedManagedPolicies": [],
            }
        ],
        "RoleDetailList": [
            {
                "RoleName": "deployer",
                "Arn": ROLE_ARN,
                "RolePolicyList": [],
                "AttachedManagedPolicies": [],
            }
        ],
        "Policies": [
            {
                "Arn": MANAGED_ARN,
                "PolicyVersionList": [
                    {
                        "IsDefaultVersion": True,
                        "Document": {
                            "Version": "2012-10-17",
                            "Statement": [
                                statement(
                                    "Allow", ["kms:Decrypt", "kms:Encrypt", "sqs:DeleteQueue"]
                                )
                            ],
                        },
                    }
                ],
            }
        ],
    }


def snapshot(data: Any, status: CallStatus = CallStatus.OK) -> Snapshot:
    result = Snapshot(account_id=ACCOUNT)
    result.add(CallRecord("iam", "GetAccountAuthorizationDetails", "global", "", status, data))
    return result


def test_unused_actions_by_service() -> None:
    report = unused_actions(
        CATALOG, snapshot(details()), parse_principal(USER_ARN), ["kms:Decrypt", "sqs:SendMessage"]
    )

    assert {prefix: [item.name for item in items] for prefix, items in report.unused.items()} == {
        "kms": ["kms:Encrypt"],
        "sqs": ["sqs:ReceiveMessage"],
    }
    assert report.granted_count == 4
    assert report.summary("kms") == {"Write": 1}
    assert report.policies == [
        f"inline policy sqs of {USER_ARN}",
        MANAGED_ARN,
        f"inline policy deny-delete of arn:aws:iam::{ACCOUNT}:group/readers",
    ]


def test_unused_all_services_same_grants() -> None:
    report = unused_actions(
        CATALOG, snapshot(details()), parse_principal(USER_ARN), ["kms:Decrypt"], all_services=True
    )

    assert report.granted_count == 4
    assert sorted(report.unused) == ["kms", "sqs"]


def test_missing_managed_policy_noted() -> None:
    data = details()
    data["Policies"] = []

    report = unused_actions(CATALOG, snapshot(data), parse_principal(USER_ARN), ["sqs:SendMessage"])

    assert report.notes[0] == (
        f"managed policy {MANAGED_ARN} is not in the snapshot; its grants are not counted"
    )
    assert report.granted_count == 2


def test_role_without_policies() -> None:
    report = unused_actions(
        CATALOG, snapshot(details()), parse_principal(ROLE_ARN), ["s3:GetObject"]
    )

    assert report.unused == {}
    assert report.granted_count == 0


@pytest.mark.parametrize(
    ("snap", "message"),
    [
        pytest.param(
            Snapshot(account_id=ACCOUNT), "has no iam GetAccountAuthorizationDetails", id="absent"
        ),
        pytest.param(snapshot(None, CallStatus.ACCESS_DENIED), "call failed", id="failed"),
        pytest.param(snapshot({"UserDetailList": []}), "is not in the snapshot", id="no-user"),
    ],
)
def test_unusable_snapshot(snap: Snapshot, message: str) -> None:
    with pytest.raises(UnusedReportError, match=message):
        unused_actions(CATALOG, snap, parse_principal(USER_ARN), ["s3:GetObject"])
