"""Tests for the SCP guardrail checks, on organization trees built in code.

The tree: root r-1 holds the management account 111122223333 and OU ou-1;
ou-1 holds member 222222222222. SCPs are attached per test.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from _snapshots_iam import ACCOUNT, ACCOUNT_ARN, Result, failed, ok, run, snapshot

import seawall.checks.organizations  # noqa: F401  (registers the checks)
from seawall.aws.outcome import CallStatus
from seawall.inventory.snapshot import CallRecord

MEMBER = "222222222222"
MEMBER_ARN = f"arn:aws:iam::{MEMBER}:root"
MFA = "organizations.scp_deny_without_mfa"
PROTECT = "organizations.scp_protect_security_services"
LEAVE = "organizations.scp_deny_leave_organization"

FULL_ACCESS = {"Effect": "Allow", "Action": "*", "Resource": "*"}
DENY_LEAVE = {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}
DENY_SECURITY = {
    "Effect": "Deny",
    "Action": [
        "guardduty:DeleteDetector",
        "guardduty:UpdateDetector",
        "guardduty:Disassociate*",
        "securityhub:DisableSecurityHub",
        "securityhub:Disassociate*",
        "config:StopConfigurationRecorder",
        "config:DeleteConfigurationRecorder",
        "config:DeleteDeliveryChannel",
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "cloudtrail:UpdateTrail",
        "macie2:DisableMacie",
        "macie2:DisassociateFromAdministratorAccount",
    ],
    "Resource": "*",
}
DENY_IAM_WITHOUT_MFA = {
    "Effect": "Deny",
    "Action": "iam:*",
    "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
}


def _organization(feature_set: str = "ALL") -> CallRecord:
    return ok(
        "organizations",
        "DescribeOrganization",
        {"Organization": {"Id": "o-1", "MasterAccountId": ACCOUNT, "FeatureSet": feature_set}},
    )


def _tree(policy_types: list[dict[str, str]] | None = None) -> list[CallRecord]:
    root: dict[str, Any] = {"Id": "r-1", "Name": "Root"}
    if policy_types is not None:
        root["PolicyTypes"] = policy_types
    return [
        ok("organizations", "ListRoots", {"Roots": [root]}),
        ok(
            "organizations",
            "ListAccountsForParent",
            {"Accounts": [{"Id": ACCOUNT, "Name": "management"}]},
            resource="r-1",
        ),
        ok(
            "organizations",
            "ListOrganizationalUnitsForParent",
            {"OrganizationalUnits": [{"Id": "ou-1", "Name": "workloads"}]},
            resource="r-1",
        ),
        ok(
            "organizations",
            "ListAccountsForParent",
            {"Accounts": [{"Id": MEMBER, "Name": "member"}]},
            resource="ou-1",
        ),
        ok(
            "organizations",
            "ListOrganizationalUnitsForParent",
            {"OrganizationalUnits": []},
            resource="ou-1",
        ),
    ]


def _scps(*attached: tuple[str, tuple[str, ...], list[dict[str, Any]]]) -> list[CallRecord]:
    """Records for SCPs given as (policy id, target ids, statements)."""
    records = [
        ok(
            "organizations",
            "ListPolicies",
            {"Policies": [{"Id": pid, "Name": pid} for pid, _, _ in attached]},
            resource="SERVICE_CONTROL_POLICY",
        )
    ]
    for pid, targets, statements in attached:
        content = json.dumps({"Version": "2012-10-17", "Statement": statements})
        records.append(
            ok(
                "organizations",
                "DescribePolicy",
                {"Policy": {"PolicySummary": {"Id": pid, "Name": pid}, "Content": content}},
                resource=pid,
            )
        )
        records.append(
            ok(
                "organizations",
                "ListTargetsForPolicy",
                {"Targets": [{"TargetId": t} for t in targets]},
                resource=pid,
            )
        )
    return records


FULL_EVERYWHERE = ("p-full", ("r-1", "ou-1", MEMBER, ACCOUNT), [FULL_ACCESS])
MANAGEMENT_NA = ("not_applicable", ACCOUNT_ARN, "SCPs do not apply to the management account")


def _org(*attached: tuple[str, tuple[str, ...], list[dict[str, Any]]]) -> list[CallRecord]:
    return [_organization(), *_tree(), *_scps(*attached)]


@pytest.mark.parametrize(
    ("check_id", "records", "member"),
    [
        pytest.param(
            LEAVE,
            _org(FULL_EVERYWHERE, ("p-leave", ("ou-1",), [DENY_LEAVE])),
            ("pass", MEMBER_ARN, "SCPs deny organizations:LeaveOrganization"),
            id="leave-denied-on-ou",
        ),
        pytest.param(
            LEAVE,
            _org(FULL_EVERYWHERE),
            (
                "fail",
                MEMBER_ARN,
                "SCPs allow organizations:LeaveOrganization to an administrator of the account",
            ),
            id="leave-full-access-only",
        ),
        pytest.param(
            LEAVE,
            _org(
                ("p-root", ("r-1",), [FULL_ACCESS]),
                ("p-ou", ("ou-1",), [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]),
                ("p-acct", (MEMBER,), [FULL_ACCESS]),
            ),
            ("pass", MEMBER_ARN, "SCPs deny organizations:LeaveOrganization"),
            id="leave-implicit-deny-at-ou",
        ),
        pytest.param(
            PROTECT,
            _org(FULL_EVERYWHERE, ("p-sec", ("r-1",), [DENY_SECURITY])),
            (
                "pass",
                MEMBER_ARN,
                "SCPs deny disabling or deleting GuardDuty, Security Hub, Config, CloudTrail "
                "and Macie",
            ),
            id="security-protected",
        ),
        pytest.param(
            PROTECT,
            _org(
                FULL_EVERYWHERE,
                (
                    "p-sec",
                    ("r-1",),
                    [
                        {
                            "Effect": "Deny",
                            "Action": ["guardduty:*", "securityhub:*", "config:*", "macie2:*"],
                            "Resource": "*",
                        }
                    ],
                ),
            ),
            (
                "fail",
                MEMBER_ARN,
                "SCPs allow cloudtrail:StopLogging, cloudtrail:DeleteTrail, cloudtrail:UpdateTrail "
                "to an administrator of the account",
            ),
            id="cloudtrail-unprotected",
        ),
        pytest.param(
            MFA,
            _org(FULL_EVERYWHERE, ("p-mfa", ("r-1",), [DENY_IAM_WITHOUT_MFA])),
            ("pass", MEMBER_ARN, "SCPs deny privilege-changing IAM actions without MFA"),
            id="mfa-required",
        ),
        pytest.param(
            MFA,
            _org(
                FULL_EVERYWHERE,
                (
                    "p-mfa",
                    ("r-1",),
                    [
                        {
                            **DENY_IAM_WITHOUT_MFA,
                            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}},
                        }
                    ],
                ),
            ),
            (
                "fail",
                MEMBER_ARN,
                "SCPs allow iam:CreateUser, iam:CreateAccessKey, iam:CreateLoginProfile, "
                "iam:AttachRolePolicy, iam:PutRolePolicy, iam:UpdateAssumeRolePolicy without MFA",
            ),
            id="bool-misses-access-keys",
        ),
    ],
)
def test_scp_guardrails(check_id: str, records: list[CallRecord], member: Result) -> None:
    assert run(check_id, snapshot(*records)) == [MANAGEMENT_NA, member]


@pytest.mark.parametrize("check_id", [MFA, PROTECT, LEAVE])
def test_scp_outside_organization_fails(check_id: str) -> None:
    snap = snapshot(
        failed(
            "organizations",
            "DescribeOrganization",
            CallStatus.NOT_ENABLED,
            code="AWSOrganizationsNotInUseException",
        )
    )
    assert run(check_id, snap) == [
        (
            "fail",
            ACCOUNT_ARN,
            "account is not in an AWS Organizations organization, so no SCP applies to it",
        )
    ]


def test_scp_describe_organization_denied() -> None:
    snap = snapshot(failed("organizations", "DescribeOrganization"))
    assert run(LEAVE, snap) == [
        (
            "error",
            ACCOUNT_ARN,
            "could not assess: AccessDenied on organizations:DescribeOrganization",
        )
    ]


def test_scp_list_roots_denied_from_member_account() -> None:
    snap = snapshot(_organization(), failed("organizations", "ListRoots"))
    assert run(LEAVE, snap) == [
        ("error", ACCOUNT_ARN, "could not assess: AccessDenied on organizations:ListRoots")
    ]


def test_scp_policy_content_denied_is_error_for_member() -> None:
    records = [*_org(FULL_EVERYWHERE), failed("organizations", "DescribePolicy", resource="p-full")]
    assert run(LEAVE, snapshot(*records)) == [
        MANAGEMENT_NA,
        (
            "error",
            MEMBER_ARN,
            "could not assess: AccessDenied on organizations:DescribePolicy for p-full",
        ),
    ]


def test_scp_consolidated_billing_fails_members() -> None:
    records = [_organization("CONSOLIDATED_BILLING"), *_tree(), *_scps(FULL_EVERYWHERE)]
    assert run(LEAVE, snapshot(*records)) == [
        MANAGEMENT_NA,
        ("fail", MEMBER_ARN, "SCPs are not enabled in the organization"),
    ]


def test_scp_policy_type_disabled_on_root() -> None:
    records = [
        _organization(),
        *_tree([{"Type": "TAG_POLICY", "Status": "ENABLED"}]),
        *_scps(FULL_EVERYWHERE, ("p-leave", ("r-1",), [DENY_LEAVE])),
    ]
    assert run(LEAVE, snapshot(*records)) == [
        MANAGEMENT_NA,
        ("fail", MEMBER_ARN, "SCPs are not enabled in the organization"),
    ]


def test_scp_invalid_content_is_error() -> None:
    records = [*_org(FULL_EVERYWHERE)]
    records = [r for r in records if r.operation != "DescribePolicy"]
    records.append(
        ok(
            "organizations",
            "DescribePolicy",
            {"Policy": {"PolicySummary": {"Id": "p-full", "Name": "full"}, "Content": "{nope"}},
            resource="p-full",
        )
    )
    findings = run(LEAVE, snapshot(*records))
    assert findings[0] == MANAGEMENT_NA
    assert findings[1][:2] == ("error", MEMBER_ARN)
    assert findings[1][2].startswith("could not assess: SCP full (p-full) is invalid:")
