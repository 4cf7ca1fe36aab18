"""Tests for the IAM least-privilege checks, on Snapshots built in code."""

from __future__ import annotations

from typing import Any

import pytest
from _snapshots_iam import (
    ACCOUNT_ARN,
    ALLOW_ALL,
    OTHER_REGION,
    REGION,
    Result,
    access_keys,
    auth_details,
    credential_report,
    days_ago,
    encoded,
    failed,
    managed,
    managed_policy_arn,
    ok,
    policy,
    report_row,
    role,
    role_arn,
    run,
    snapshot,
    user,
    user_arn,
)

import seawall.checks.iam  # noqa: F401  (registers the checks)
from seawall.aws.outcome import CallStatus
from seawall.inventory.snapshot import CallRecord

ADMIN = "iam.policy_admin_equivalent"
WILDCARD = "iam.policy_service_wildcard"
MFA_DENY = {
    "Effect": "Deny",
    "Action": "*",
    "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
}


def _one_policy(document: Any) -> list[CallRecord]:
    return [auth_details(policies=(managed("p", document),))]


P = managed_policy_arn("p")
AWS_ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
AWS_READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
READ_ONLY = policy({"Effect": "Allow", "Action": ["s3:Get*", "ec2:Describe*"], "Resource": "*"})


def _holding(principal: dict[str, Any], arn: str) -> dict[str, Any]:
    """Return the principal with the managed policy ``arn`` attached."""
    name = arn.rsplit("/", 1)[-1]
    attached = [*principal["AttachedManagedPolicies"], {"PolicyName": name, "PolicyArn": arn}]
    return {**principal, "AttachedManagedPolicies": attached}


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            _one_policy(ALLOW_ALL),
            [("fail", P, "policy p allows every action on every resource")],
            id="action-star",
        ),
        pytest.param(
            _one_policy(encoded(ALLOW_ALL)),
            [("fail", P, "policy p allows every action on every resource")],
            id="url-encoded-document",
        ),
        pytest.param(
            _one_policy(
                policy({"Effect": "Allow", "NotAction": "seawallnothing:Nothing", "Resource": "*"})
            ),
            [
                (
                    "fail",
                    P,
                    "policy p allows every action on every resource except NotAction "
                    "seawallnothing:Nothing",
                )
            ],
            id="notaction-construction",
        ),
        pytest.param(
            _one_policy(
                policy(
                    {
                        "Effect": "Allow",
                        "NotAction": "budgets:*",
                        "Resource": "*",
                        "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
                    }
                )
            ),
            [
                (
                    "fail",
                    P,
                    "policy p allows every action on every resource except NotAction budgets:* "
                    "when aws:SourceIp IpAddress 10.0.0.0/8 holds",
                )
            ],
            id="notaction-with-condition",
        ),
        pytest.param(
            _one_policy(
                policy(
                    {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}
                )
            ),
            [("pass", P, "policy p does not allow every action on every resource")],
            id="power-user-style",
        ),
        pytest.param(
            _one_policy(
                policy(
                    {
                        "Effect": "Allow",
                        "Action": "*",
                        "Resource": "*",
                        "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
                    }
                )
            ),
            [
                (
                    "fail",
                    P,
                    "policy p allows every action on every resource when "
                    "aws:SourceIp IpAddress 10.0.0.0/8 holds",
                )
            ],
            id="condition-reported",
        ),
        pytest.param(
            _one_policy(policy(ALLOW_ALL["Statement"][0], MFA_DENY)),
            [
                (
                    "fail",
                    P,
                    "policy p allows every action on every resource when "
                    "aws:MultiFactorAuthPresent BoolIfExists false does not hold",
                )
            ],
            id="deny-without-mfa-reported",
        ),
        pytest.param(
            _one_policy(policy({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"})),
            [("pass", P, "policy p does not allow every action on every resource")],
            id="resource-limited",
        ),
        pytest.param(
            _one_policy(
                policy(
                    ALLOW_ALL["Statement"][0],
                    {"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
                )
            ),
            [("pass", P, "policy p does not allow every action on every resource")],
            id="unconditional-deny",
        ),
        pytest.param(
            [
                auth_details(
                    policies=(
                        managed(
                            "AdministratorAccess",
                            ALLOW_ALL,
                            arn="arn:aws:iam::aws:policy/AdministratorAccess",
                        ),
                    )
                )
            ],
            [],
            id="aws-managed-unattached-skipped",
        ),
        pytest.param(
            [
                auth_details(
                    roles=(_holding(role("ops", ALLOW_ALL), AWS_ADMIN),),
                    users=(_holding(user("alice"), AWS_ADMIN),),
                    policies=(managed("AdministratorAccess", ALLOW_ALL, arn=AWS_ADMIN),),
                )
            ],
            [
                (
                    "fail",
                    AWS_ADMIN,
                    "AWS-managed policy AdministratorAccess (attached to user alice, role ops) "
                    "allows every action on every resource",
                )
            ],
            id="aws-managed-attached-to-principals",
        ),
        pytest.param(
            [
                auth_details(
                    policies=(
                        {
                            **managed("AdministratorAccess", ALLOW_ALL, arn=AWS_ADMIN),
                            "AttachmentCount": 2,
                        },
                    )
                )
            ],
            [
                (
                    "fail",
                    AWS_ADMIN,
                    "AWS-managed policy AdministratorAccess (attached to 2 users, groups or "
                    "roles) allows every action on every resource",
                )
            ],
            id="aws-managed-attachment-count",
        ),
        pytest.param(
            [
                auth_details(
                    roles=tuple(
                        _holding(role(f"r{n}", ALLOW_ALL), AWS_READ_ONLY) for n in range(5)
                    ),
                    policies=(
                        {
                            **managed("ReadOnlyAccess", READ_ONLY, arn=AWS_READ_ONLY),
                            "AttachmentCount": 5,
                        },
                        {
                            **managed("AdministratorAccess", ALLOW_ALL, arn=AWS_ADMIN),
                            "AttachmentCount": 0,
                        },
                    ),
                )
            ],
            [
                (
                    "pass",
                    AWS_READ_ONLY,
                    "AWS-managed policy ReadOnlyAccess (attached to role r0, role r1, role r2 "
                    "and 2 more) does not allow every action on every resource",
                )
            ],
            id="aws-managed-many-holders-unattached-admin",
        ),
        pytest.param(
            [auth_details(users=(user("alice", inline={"all": ALLOW_ALL}),))],
            [
                (
                    "fail",
                    f"{user_arn('alice')}/inline-policy/all",
                    "inline policy all of user alice allows every action on every resource",
                )
            ],
            id="user-inline",
        ),
        pytest.param(
            [auth_details(roles=(role("ops", ALLOW_ALL, inline={"all": encoded(ALLOW_ALL)}),))],
            [
                (
                    "fail",
                    f"{role_arn('ops')}/inline-policy/all",
                    "inline policy all of role ops allows every action on every resource",
                )
            ],
            id="role-inline",
        ),
        pytest.param(
            [failed("iam", "GetAccountAuthorizationDetails")],
            [
                (
                    "error",
                    ACCOUNT_ARN,
                    "could not assess: AccessDenied on iam:GetAccountAuthorizationDetails",
                )
            ],
            id="access-denied",
        ),
    ],
)
def test_policy_admin_equivalent(records: list[CallRecord], expected: list[Result]) -> None:
    assert run(ADMIN, snapshot(*records)) == expected


def test_policy_admin_invalid_document_is_error() -> None:
    findings = run(ADMIN, snapshot(*_one_policy("{not json")))
    assert [(s, r) for s, r, _ in findings] == [("error", P)]
    assert findings[0][2].startswith("could not assess: the policy document is invalid")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(
            policy({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}),
            ("fail", P, "policy p allows every action of s3:*"),
            id="s3-star-on-bucket",
        ),
        pytest.param(
            policy({"Effect": "Allow", "Action": ["iam:*", "kms:*"], "Resource": "*"}),
            ("fail", P, "policy p allows every action of iam:*, kms:*"),
            id="two-services",
        ),
        pytest.param(
            policy({"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}),
            ("pass", P, "policy p allows no service's every action"),
            id="partial-wildcards",
        ),
        pytest.param(
            policy({"Effect": "Allow", "NotAction": ["s3:Delete*"], "Resource": "*"}),
            ("fail", P, "policy p allows every action of every service"),
            id="notaction-every-service",
        ),
        pytest.param(
            ALLOW_ALL,
            ("fail", P, "policy p allows every action of every service"),
            id="admin",
        ),
        pytest.param(
            policy({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}),
            ("fail", P, "policy p allows every action of every service"),
            id="star-on-one-bucket",
        ),
        pytest.param(
            policy({"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}),
            ("pass", P, "policy p allows no service's every action"),
            id="read-only",
        ),
        pytest.param(
            policy(
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
            ),
            ("pass", P, "policy p allows no service's every action"),
            id="deny-carves-out",
        ),
    ],
)
def test_policy_service_wildcard(document: Any, expected: Result) -> None:
    assert run(WILDCARD, snapshot(*_one_policy(document))) == [expected]


def test_policy_service_wildcard_missing_data_is_error() -> None:
    assert run(WILDCARD, snapshot()) == [
        (
            "error",
            ACCOUNT_ARN,
            "could not assess: iam:GetAccountAuthorizationDetails was not collected",
        )
    ]


@pytest.mark.parametrize(
    ("users", "expected"),
    [
        pytest.param(
            (user("alice"),),
            [("pass", user_arn("alice"), "user has no policies of its own")],
            id="clean",
        ),
        pytest.param(
            (user("bob", attached=("ReadOnly", "Billing")),),
            [("fail", user_arn("bob"), "user has attached policies Billing, ReadOnly")],
            id="attached",
        ),
        pytest.param(
            (user("carol", attached=("ReadOnly",), inline={"extra": ALLOW_ALL}),),
            [
                (
                    "fail",
                    user_arn("carol"),
                    "user has attached policies ReadOnly and inline policies extra",
                )
            ],
            id="attached-and-inline",
        ),
        pytest.param((), [], id="no-users"),
    ],
)
def test_user_policies_attached(users: tuple[dict[str, Any], ...], expected: list[Result]) -> None:
    assert run("iam.user_policies_attached", snapshot(auth_details(users=users))) == expected


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [access_keys("alice")],
            [("pass", user_arn("alice"), "user has no active access key")],
            id="no-keys",
        ),
        pytest.param(
            [access_keys("alice", ("AKIA0000000000000002", "Inactive", 10))],
            [("pass", user_arn("alice"), "user has no active access key")],
            id="inactive-key",
        ),
        pytest.param(
            [
                access_keys(
                    "alice",
                    ("AKIA0000000000000002", "Active", 10),
                    ("AKIA0000000000000001", "Active", 10),
                )
            ],
            [
                (
                    "fail",
                    user_arn("alice"),
                    "user has active access keys AKIA0000000000000001, AKIA0000000000000002",
                )
            ],
            id="active-keys",
        ),
        pytest.param(
            [failed("iam", "ListAccessKeys", resource="alice")],
            [
                (
                    "error",
                    user_arn("alice"),
                    "could not assess: AccessDenied on iam:ListAccessKeys for alice",
                )
            ],
            id="denied",
        ),
        pytest.param(
            [],
            [
                (
                    "error",
                    user_arn("alice"),
                    "could not assess: iam:ListAccessKeys for alice was not collected",
                )
            ],
            id="not-collected",
        ),
    ],
)
def test_user_access_keys(records: list[CallRecord], expected: list[Result]) -> None:
    snap = snapshot(auth_details(users=(user("alice"),)), *records)
    assert run("iam.user_access_keys", snap) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        pytest.param(
            (("AKIA0000000000000001", "Active", 30),),
            [
                (
                    "pass",
                    user_arn("alice"),
                    "access key AKIA0000000000000001 was created 30 days ago",
                )
            ],
            id="fresh",
        ),
        pytest.param(
            (("AKIA0000000000000001", "Active", 90),),
            [
                (
                    "pass",
                    user_arn("alice"),
                    "access key AKIA0000000000000001 was created 90 days ago",
                )
            ],
            id="exactly-90",
        ),
        pytest.param(
            (("AKIA0000000000000001", "Active", 91), ("AKIA0000000000000002", "Inactive", 400)),
            [
                (
                    "fail",
                    user_arn("alice"),
                    "access key AKIA0000000000000001 was created 91 days ago",
                )
            ],
            id="stale-and-inactive",
        ),
        pytest.param(
            (),
            [("not_applicable", user_arn("alice"), "user has no active access key")],
            id="no-keys",
        ),
    ],
)
def test_access_key_rotated_90d(
    keys: tuple[tuple[str, str, int], ...], expected: list[Result]
) -> None:
    snap = snapshot(auth_details(users=(user("alice"),)), access_keys("alice", *keys))
    assert run("iam.access_key_rotated_90d", snap) == expected


def test_access_key_rotation_needs_collection_time() -> None:
    snap = snapshot(auth_details(users=(user("alice"),)), access_keys("alice"))
    snap.collected_at = ""
    assert run("iam.access_key_rotated_90d", snap) == [
        ("error", ACCOUNT_ARN, "could not assess: the snapshot has no collection time")
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            report_row("alice"),
            ("not_applicable", user_arn("alice"), "user has no password and no active access key"),
            id="no-credentials",
        ),
        pytest.param(
            report_row("alice", password_enabled="true", password_last_used=days_ago(10)),
            ("pass", user_arn("alice"), "every credential was used in the last 45 days"),
            id="password-used",
        ),
        pytest.param(
            report_row("alice", password_enabled="true", password_last_used=days_ago(46)),
            ("fail", user_arn("alice"), "unused for 45 days or more: password"),
            id="password-stale",
        ),
        pytest.param(
            report_row(
                "alice",
                password_enabled="true",
                password_last_used="no_information",
                password_last_changed=days_ago(60),
            ),
            ("fail", user_arn("alice"), "unused for 45 days or more: password"),
            id="password-never-used-old",
        ),
        pytest.param(
            report_row(
                "alice",
                password_enabled="true",
                password_last_used="no_information",
                password_last_changed=days_ago(3),
            ),
            (
                "pass",
                user_arn("alice"),
                "never used but issued in the last 45 days: password",
            ),
            id="password-new",
        ),
        pytest.param(
            report_row(
                "alice",
                password_enabled="true",
                password_last_used="N/A",
                user_creation_time=days_ago(50),
            ),
            ("fail", user_arn("alice"), "unused for 45 days or more: password"),
            id="password-never-used-no-change-time",
        ),
        pytest.param(
            report_row(
                "alice",
                password_enabled="true",
                password_last_used="N/A",
                user_creation_time=days_ago(2),
                access_key_1_active="true",
                access_key_1_last_rotated=days_ago(30),
                access_key_1_last_used_date=days_ago(1),
            ),
            (
                "pass",
                user_arn("alice"),
                "never used but issued in the last 45 days: password; "
                "used in the last 45 days: access key 1",
            ),
            id="new-password-and-used-key",
        ),
        pytest.param(
            report_row(
                "alice",
                access_key_1_active="true",
                access_key_1_last_rotated=days_ago(300),
                access_key_1_last_used_date=days_ago(5),
                access_key_2_active="true",
                access_key_2_last_rotated=days_ago(100),
            ),
            ("fail", user_arn("alice"), "unused for 45 days or more: access key 2"),
            id="second-key-never-used",
        ),
    ],
)
def test_credentials_unused_45d(row: dict[str, str], expected: Result) -> None:
    snap = snapshot(credential_report(report_row("<root_account>"), row))
    assert run("iam.credentials_unused_45d", snap) == [expected]


def test_credentials_unused_report_missing_is_error() -> None:
    snap = snapshot(failed("iam", "GetCredentialReport", CallStatus.ERROR, code="ReportInProgress"))
    assert run("iam.credentials_unused_45d", snap) == [
        ("error", ACCOUNT_ARN, "could not assess: ReportInProgress on iam:GetCredentialReport")
    ]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        pytest.param(
            ok(
                "iam",
                "GetAccountPasswordPolicy",
                {"PasswordPolicy": {"MinimumPasswordLength": 14, "PasswordReusePrevention": 24}},
            ),
            ("pass", ACCOUNT_ARN, "minimum length is 14 and reuse prevention is 24"),
            id="strong",
        ),
        pytest.param(
            ok("iam", "GetAccountPasswordPolicy", {"PasswordPolicy": {"MinimumPasswordLength": 8}}),
            (
                "fail",
                ACCOUNT_ARN,
                "minimum length is 8, needs 14; reuse prevention is 0, needs 24",
            ),
            id="weak",
        ),
        pytest.param(
            failed("iam", "GetAccountPasswordPolicy", CallStatus.NOT_FOUND, code="NoSuchEntity"),
            ("fail", ACCOUNT_ARN, "no account password policy is set"),
            id="none-set",
        ),
        pytest.param(
            failed("iam", "GetAccountPasswordPolicy"),
            (
                "error",
                ACCOUNT_ARN,
                "could not assess: AccessDenied on iam:GetAccountPasswordPolicy",
            ),
            id="denied",
        ),
    ],
)
def test_password_policy_strong(record: CallRecord, expected: Result) -> None:
    assert run("iam.password_policy_strong", snapshot(record)) == [expected]


def _analyzers(region: str, *analyzers: tuple[str, str, str]) -> CallRecord:
    return ok(
        "accessanalyzer",
        "ListAnalyzers",
        {"analyzers": [{"name": n, "type": t, "status": s} for n, t, s in analyzers]},
        region=region,
    )


def _region(region: str) -> str:
    return f"arn:aws:::111122223333/{region}"


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [
                _analyzers(REGION, ("main", "ACCOUNT", "ACTIVE")),
                _analyzers(OTHER_REGION, ("org", "ORGANIZATION", "ACTIVE")),
            ],
            [
                ("pass", _region(REGION), "active analyzer main"),
                ("pass", _region(OTHER_REGION), "active analyzer org"),
            ],
            id="both-regions",
        ),
        pytest.param(
            [
                _analyzers(REGION, ("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE")),
                _analyzers(OTHER_REGION),
            ],
            [
                ("fail", _region(REGION), "no external access analyzer is ACTIVE"),
                ("fail", _region(OTHER_REGION), "no analyzer exists"),
            ],
            id="unused-access-only-and-none",
        ),
        pytest.param(
            [
                _analyzers(REGION, ("main", "ACCOUNT", "DISABLED")),
                failed(
                    "accessanalyzer",
                    "ListAnalyzers",
                    CallStatus.NOT_IMPLEMENTED,
                    region=OTHER_REGION,
                    code="NotImplemented",
                ),
            ],
            [
                ("fail", _region(REGION), "no external access analyzer is ACTIVE"),
                (
                    "error",
                    _region(OTHER_REGION),
                    "could not assess: access-analyzer:ListAnalyzers in eu-west-1 "
                    "is not implemented by the endpoint (NotImplemented)",
                ),
            ],
            id="disabled-and-not-implemented",
        ),
    ],
)
def test_access_analyzer_enabled(records: list[CallRecord], expected: list[Result]) -> None:
    snap = snapshot(*records, regions=(REGION, OTHER_REGION))
    assert run("iam.access_analyzer_enabled", snap) == expected


def test_policy_label_without_policy_name() -> None:
    entry = managed("p", ALLOW_ALL)
    del entry["PolicyName"]
    assert run(ADMIN, snapshot(auth_details(policies=(entry,)))) == [
        ("fail", P, "policy p allows every action on every resource")
    ]
