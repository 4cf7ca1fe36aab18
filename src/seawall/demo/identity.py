"""Demo IAM users, roles and policies, and the organization with its SCPs."""

from __future__ import annotations

import json
from typing import Any

import boto3

from seawall.demo.names import ACCOUNT_ID, PARTNER_ACCOUNT_ID, PRIMARY_REGION

_MANAGED = "arn:aws:iam::aws:policy"


def _document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _trust(principal: dict[str, str], condition: dict[str, Any] | None = None) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal,
        "Action": "sts:AssumeRole",
    }
    if condition is not None:
        statement["Condition"] = condition
    return _document(statement)


def seed_iam(session: boto3.Session) -> None:
    """Create users, groups, roles and policies, some least-privilege and some not."""
    iam = session.client("iam", region_name=PRIMARY_REGION)
    # A weak policy: short passwords, no symbols or numbers, no reuse limit.
    iam.update_account_password_policy(
        MinimumPasswordLength=8,
        RequireSymbols=False,
        RequireNumbers=False,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True,
    )
    policies = _create_customer_policies(iam)
    _create_users(iam, policies)
    _create_roles(iam, policies)
    # Generate the credential report now, as an account that has been audited
    # before would have it, so a scan need not wait for one.
    iam.generate_credential_report()


def _create_customer_policies(iam: Any) -> dict[str, str]:
    documents = {
        # Everything but Budgets, which still includes iam:* and so equals admin.
        "OpsAlmostEverything": _document(
            {"Effect": "Allow", "NotAction": "budgets:*", "Resource": "*"}
        ),
        "DataTeamS3": _document({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
        "ReportsReadOnly": _document(
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [
                    f"arn:aws:s3:::demo-archive-{ACCOUNT_ID}",
                    f"arn:aws:s3:::demo-archive-{ACCOUNT_ID}/reports/*",
                ],
            }
        ),
    }
    return {
        name: iam.create_policy(PolicyName=name, PolicyDocument=document)["Policy"]["Arn"]
        for name, document in documents.items()
    }


def _create_users(iam: Any, policies: dict[str, str]) -> None:
    iam.create_group(GroupName="operators")
    iam.attach_group_policy(GroupName="operators", PolicyArn=policies["OpsAlmostEverything"])

    # alice: console user with a virtual MFA device and read-only access.
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="Demo-Passw0rd-alice!")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"][
        "SerialNumber"
    ]
    iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=serial,
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    iam.attach_user_policy(UserName="alice", PolicyArn=f"{_MANAGED}/ReadOnlyAccess")

    # bob: console user without MFA, administrator, in the operators group.
    iam.create_user(UserName="bob")
    iam.create_login_profile(UserName="bob", Password="Demo-Passw0rd-bob!")
    iam.attach_user_policy(UserName="bob", PolicyArn=f"{_MANAGED}/AdministratorAccess")
    iam.add_user_to_group(GroupName="operators", UserName="bob")

    # deploy-bot: programmatic user with an access key and broad inline rights.
    iam.create_user(UserName="deploy-bot")
    iam.create_access_key(UserName="deploy-bot")
    iam.attach_user_policy(UserName="deploy-bot", PolicyArn=policies["DataTeamS3"])
    iam.put_user_policy(
        UserName="deploy-bot",
        PolicyName="deploy-everything",
        PolicyDocument=_document(
            {"Effect": "Allow", "Action": ["lambda:*", "ecs:*", "iam:PassRole"], "Resource": "*"}
        ),
    )

    # report-reader: least privilege, scoped to one prefix of one bucket.
    iam.create_user(UserName="report-reader")
    iam.create_access_key(UserName="report-reader")
    iam.attach_user_policy(UserName="report-reader", PolicyArn=policies["ReportsReadOnly"])


def _create_roles(iam: Any, policies: dict[str, str]) -> None:
    roles: list[tuple[str, str, str]] = [
        # A service principal without SourceAccount/SourceArn (confused deputy risk).
        (
            "lambda-exec",
            _trust({"Service": "lambda.amazonaws.com"}),
            f"{_MANAGED}/service-role/AWSLambdaBasicExecutionRole",
        ),
        (
            "config-recorder",
            _trust(
                {"Service": "config.amazonaws.com"},
                {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}},
            ),
            f"{_MANAGED}/service-role/AWS_ConfigRole",
        ),
        # Another account without an ExternalId, and one with it.
        (
            "partner-audit",
            _trust({"AWS": f"arn:aws:iam::{PARTNER_ACCOUNT_ID}:root"}),
            f"{_MANAGED}/SecurityAudit",
        ),
        (
            "vendor-readonly",
            _trust(
                {"AWS": f"arn:aws:iam::{PARTNER_ACCOUNT_ID}:root"},
                {"StringEquals": {"sts:ExternalId": "demo-vendor-7f3a"}},
            ),
            f"{_MANAGED}/job-function/ViewOnlyAccess",
        ),
        (
            "cloudtrail-to-logs",
            _trust({"Service": "cloudtrail.amazonaws.com"}),
            policies["ReportsReadOnly"],
        ),
        (
            "flow-logs-delivery",
            _trust({"Service": "vpc-flow-logs.amazonaws.com"}),
            policies["ReportsReadOnly"],
        ),
    ]
    for name, trust, policy_arn in roles:
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
        iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)

    # developer: broad rights capped by a permission boundary.
    iam.create_role(
        RoleName="developer",
        AssumeRolePolicyDocument=_trust({"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}),
        PermissionsBoundary=policies["ReportsReadOnly"],
    )
    iam.attach_role_policy(RoleName="developer", PolicyArn=f"{_MANAGED}/PowerUserAccess")
    iam.put_role_policy(
        RoleName="developer",
        PolicyName="read-parameters",
        PolicyDocument=_document(
            {
                "Effect": "Allow",
                "Action": "ssm:GetParameter",
                "Resource": f"arn:aws:ssm:*:{ACCOUNT_ID}:parameter/prod/*",
            }
        ),
    )


_SCPS: dict[str, dict[str, Any]] = {
    "deny-without-mfa": {
        "Effect": "Deny",
        "Action": ["iam:*", "organizations:*", "kms:ScheduleKeyDeletion"],
        "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
    },
    "protect-security-services": {
        "Effect": "Deny",
        "Action": [
            "cloudtrail:StopLogging",
            "cloudtrail:DeleteTrail",
            "guardduty:DeleteDetector",
            "guardduty:DisassociateFromMasterAccount",
            "config:StopConfigurationRecorder",
            "config:DeleteConfigurationRecorder",
            "securityhub:DisableSecurityHub",
        ],
        "Resource": "*",
    },
    "deny-leave-organization": {
        "Effect": "Deny",
        "Action": "organizations:LeaveOrganization",
        "Resource": "*",
    },
}


def seed_organization(session: boto3.Session) -> None:
    """Create the organization: SCPs on the root and on one OU, and a sandbox OU without them."""
    org = session.client("organizations", region_name=PRIMARY_REGION)
    org.create_organization(FeatureSet="ALL")
    root_id = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    workloads = org.create_organizational_unit(ParentId=root_id, Name="Workloads")
    sandbox = org.create_organizational_unit(ParentId=root_id, Name="Sandbox")
    workloads_id = workloads["OrganizationalUnit"]["Id"]
    sandbox_id = sandbox["OrganizationalUnit"]["Id"]

    policy_ids = {
        name: org.create_policy(
            Name=name,
            Description=f"demo SCP {name}",
            Type="SERVICE_CONTROL_POLICY",
            Content=_document(statement),
        )["Policy"]["PolicySummary"]["Id"]
        for name, statement in _SCPS.items()
    }
    org.attach_policy(PolicyId=policy_ids["deny-leave-organization"], TargetId=root_id)
    org.attach_policy(PolicyId=policy_ids["deny-without-mfa"], TargetId=workloads_id)
    org.attach_policy(PolicyId=policy_ids["protect-security-services"], TargetId=workloads_id)

    for name, parent_id in (("prod-workload", workloads_id), ("sandbox", sandbox_id)):
        created = org.create_account(Email=f"{name}@example.com", AccountName=name)
        account_id = created["CreateAccountStatus"]["AccountId"]
        org.move_account(
            AccountId=account_id, SourceParentId=root_id, DestinationParentId=parent_id
        )
