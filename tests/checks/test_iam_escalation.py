"""Tests for the iam.privilege_escalation check, one named case per path family."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from _snapshots_iam import (
    ACCOUNT,
    ALLOW_ALL,
    REGION,
    Result,
    auth_details,
    encoded,
    failed,
    managed,
    managed_policy_arn,
    ok,
    policy,
    role,
    role_arn,
    run,
    snapshot,
    user,
    user_arn,
)

import seawall.checks.iam_escalation  # noqa: F401  (registers the check)
from seawall.inventory.snapshot import CallRecord

CHECK = "iam.privilege_escalation"
DEV = user_arn("dev")
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
NO_PATH = "user/dev has no path to admin-equivalent permissions"


def allow(actions: str | list[str], resource: str | list[str] = "*", **condition: Any) -> Any:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": actions, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return statement


def deny(actions: str | list[str], resource: str = "*") -> Any:
    return {"Effect": "Deny", "Action": actions, "Resource": resource}


def trust(principal: Any, **condition: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal,
        "Action": "sts:AssumeRole",
    }
    if condition:
        statement["Condition"] = condition
    return policy(statement)


ACCOUNT_TRUST = trust({"AWS": ROOT})


def service_trust(service: str) -> dict[str, Any]:
    return trust({"Service": service})


def dev(*statements: Any, **extra: Any) -> dict[str, Any]:
    """The user under test, with one inline policy holding ``statements``."""
    item = user("dev", inline={"dev-inline": policy(*statements)} if statements else None)
    item.update(extra)
    return item


def admin_role(name: str, trust_policy: Any, **extra: Any) -> dict[str, Any]:
    item = role(name, trust_policy, inline={"admin": ALLOW_ALL})
    item.update(extra)
    return item


def group(
    name: str, *, inline: dict[str, Any] | None = None, attached: tuple[str, ...] = ()
) -> dict[str, Any]:
    return {
        "GroupName": name,
        "Arn": f"arn:aws:iam::{ACCOUNT}:group/{name}",
        "Path": "/",
        "GroupPolicyList": [
            {"PolicyName": k, "PolicyDocument": v} for k, v in (inline or {}).items()
        ],
        "AttachedManagedPolicies": [
            {"PolicyName": p, "PolicyArn": managed_policy_arn(p)} for p in attached
        ],
    }


@dataclass
class Account:
    users: tuple[dict[str, Any], ...] = ()
    roles: tuple[dict[str, Any], ...] = ()
    groups: tuple[dict[str, Any], ...] = ()
    policies: tuple[dict[str, Any], ...] = ()
    records: tuple[CallRecord, ...] = field(default_factory=tuple)


def findings(account: Account) -> dict[str, Result]:
    snap = snapshot(
        auth_details(
            users=account.users,
            roles=account.roles,
            groups=account.groups,
            policies=account.policies,
        ),
        *account.records,
    )
    return {resource: (status, resource, reason) for status, resource, reason in run(CHECK, snap)}


def dev_result(account: Account) -> tuple[str, str]:
    status, _, reason = findings(account)[DEV]
    return status, reason


# A role that is admin-equivalent and trusts only the named service.
def service_admin(name: str, service: str, **extra: Any) -> dict[str, Any]:
    return admin_role(name, service_trust(service), **extra)


def functions_record(*functions: tuple[str, str]) -> CallRecord:
    return ok(
        "lambda",
        "ListFunctions",
        {
            "Functions": [
                {
                    "FunctionName": name,
                    "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}",
                    "Role": role_name,
                }
                for name, role_name in functions
            ]
        },
        region=REGION,
    )


PROFILE = f"arn:aws:iam::{ACCOUNT}:instance-profile/ops"
INSTANCE = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0abc"


def instances_record() -> CallRecord:
    instance = {
        "InstanceId": "i-0abc",
        "IamInstanceProfile": {"Arn": PROFILE},
        "State": {"Name": "running"},
    }
    return ok(
        "ec2", "DescribeInstances", {"Reservations": [{"Instances": [instance]}]}, region=REGION
    )


ADMIN_USER = user("admin", inline={"admin": ALLOW_ALL})
ADMIN_POLICY = managed("admin-policy", ALLOW_ALL)
PASS_ANY = allow("iam:PassRole")


def _launch(service: str, actions: list[str]) -> Account:
    return Account(
        users=(dev(PASS_ANY, allow(actions)),),
        roles=(service_admin("worker", service),),
    )


FAMILY_CASES = [
    # Policy changes on itself.
    pytest.param(
        Account(users=(dev(allow("iam:AttachUserPolicy", DEV)),)),
        "user/dev can attach AdministratorAccess to itself (iam:AttachUserPolicy)",
        id="attach-user-policy",
    ),
    pytest.param(
        Account(users=(dev(allow("iam:PutUserPolicy", DEV)),)),
        "user/dev can put an admin inline policy on itself (iam:PutUserPolicy)",
        id="put-user-policy",
    ),
    pytest.param(
        Account(
            users=(dev(allow("sts:AssumeRole", role_arn("ci"))),),
            roles=(
                role(
                    "ci",
                    ACCOUNT_TRUST,
                    inline={"p": policy(allow("iam:AttachRolePolicy", "arn:aws:iam::*:role/*"))},
                ),
            ),
        ),
        "user/dev -> assume role/ci (sts:AssumeRole) -> attach AdministratorAccess to itself "
        "(iam:AttachRolePolicy)",
        id="attach-role-policy-any-account-pattern",
    ),
    pytest.param(
        Account(
            users=(user("dev", attached=("dev-policy",)),),
            policies=(managed("dev-policy", policy(allow("iam:CreatePolicyVersion"))),),
        ),
        "user/dev can publish an admin default version of policy/dev-policy, attached to "
        "itself (iam:CreatePolicyVersion)",
        id="create-policy-version",
    ),
    pytest.param(
        Account(
            users=(user("dev", attached=("dev-policy",)),),
            policies=(
                {
                    **managed("dev-policy", policy(allow("iam:SetDefaultPolicyVersion"))),
                    "PolicyVersionList": [
                        {
                            "Document": policy(allow("iam:SetDefaultPolicyVersion")),
                            "VersionId": "v2",
                            "IsDefaultVersion": True,
                        },
                        {"Document": ALLOW_ALL, "VersionId": "v1", "IsDefaultVersion": False},
                    ],
                    "DefaultVersionId": "v2",
                },
            ),
        ),
        "user/dev can make version v1 the default of policy/dev-policy, attached to itself "
        "(iam:SetDefaultPolicyVersion)",
        id="set-default-policy-version",
    ),
    pytest.param(
        Account(
            users=(
                dev(
                    allow("iam:CreatePolicy"),
                    allow(
                        "iam:AttachUserPolicy",
                        DEV,
                        ArnLike={"iam:PolicyARN": f"arn:aws:iam::{ACCOUNT}:policy/*"},
                    ),
                ),
            ),
        ),
        "user/dev can create an admin policy and attach it to itself "
        "(iam:CreatePolicy, iam:AttachUserPolicy)",
        id="create-policy-then-attach",
    ),
    pytest.param(
        Account(
            users=({**dev(), "GroupList": ["devs"]},),
            groups=(group("devs", inline={"g": policy(allow("iam:PutGroupPolicy"))}),),
        ),
        "user/dev can put an admin inline policy on group/devs, a group of itself "
        "(iam:PutGroupPolicy)",
        id="put-group-policy",
    ),
    pytest.param(
        Account(
            users=({**dev(), "GroupList": ["devs"]},),
            groups=(group("devs", inline={"g": policy(allow("iam:AttachGroupPolicy"))}),),
        ),
        "user/dev can attach AdministratorAccess to group/devs, a group of itself "
        "(iam:AttachGroupPolicy)",
        id="attach-group-policy",
    ),
    pytest.param(
        Account(
            users=(dev(allow("iam:AddUserToGroup")),),
            groups=(group("readers"), group("admins", attached=("admin-policy",))),
            policies=(ADMIN_POLICY,),
        ),
        "user/dev can add itself to group/admins (iam:AddUserToGroup)",
        id="add-user-to-admin-group",
    ),
    # Credentials for another user.
    pytest.param(
        Account(users=(dev(allow("iam:CreateAccessKey", user_arn("*"))), ADMIN_USER)),
        "user/dev -> create an access key for user/admin (iam:CreateAccessKey) -> "
        "user/admin is admin-equivalent",
        id="create-access-key",
    ),
    pytest.param(
        Account(users=(dev(allow("iam:CreateLoginProfile")), ADMIN_USER)),
        "user/dev -> create a console password for user/admin (iam:CreateLoginProfile) -> "
        "user/admin is admin-equivalent",
        id="create-login-profile",
    ),
    pytest.param(
        Account(users=(dev(allow("iam:UpdateLoginProfile")), ADMIN_USER)),
        "user/dev -> reset the console password of user/admin (iam:UpdateLoginProfile) -> "
        "user/admin is admin-equivalent",
        id="update-login-profile",
    ),
    pytest.param(
        Account(
            users=(
                dev(allow("iam:CreateAccessKey", user_arn("ops"))),
                user("ops", inline={"p": policy(allow("iam:PutUserPolicy", user_arn("ops")))}),
            ),
        ),
        "user/dev -> create an access key for user/ops (iam:CreateAccessKey) -> put an admin "
        "inline policy on itself (iam:PutUserPolicy)",
        id="access-key-for-user-who-escalates",
    ),
    # Roles.
    pytest.param(
        Account(
            users=(dev(allow(["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"])),),
            roles=(admin_role("boss", service_trust("ec2.amazonaws.com")),),
        ),
        "user/dev -> rewrite the trust policy of role/boss and assume it "
        "(iam:UpdateAssumeRolePolicy, sts:AssumeRole) -> role/boss is admin-equivalent",
        id="update-assume-role-policy",
    ),
    pytest.param(
        Account(users=(dev(),), roles=(admin_role("boss", trust({"AWS": DEV})),)),
        "user/dev -> assume role/boss (sts:AssumeRole) -> role/boss is admin-equivalent",
        id="assume-role-trust-names-user",
    ),
    pytest.param(
        Account(
            users=(dev(allow("sts:AssumeRole", role_arn("hop"))),),
            roles=(
                role("hop", ACCOUNT_TRUST, inline={"p": policy(allow("sts:AssumeRole"))}),
                admin_role("boss", trust({"AWS": role_arn("hop")})),
            ),
        ),
        "user/dev -> assume role/hop (sts:AssumeRole) -> assume role/boss (sts:AssumeRole) -> "
        "role/boss is admin-equivalent",
        id="two-hop-role-chain",
    ),
    pytest.param(
        Account(
            users=(dev(allow("sts:AssumeRole")),),
            roles=(
                role("a", ACCOUNT_TRUST, inline={"p": policy(allow("sts:AssumeRole"))}),
                role("b", ACCOUNT_TRUST, inline={"p": policy(allow("sts:AssumeRole"))}),
            ),
        ),
        None,
        id="cycle-without-exit",
    ),
    pytest.param(
        Account(
            users=(dev(allow("sts:AssumeRole", role_arn("a"))),),
            roles=(
                role(
                    "a",
                    trust({"AWS": [DEV, role_arn("b")]}),
                    inline={"p": policy(allow("sts:AssumeRole", role_arn("b")))},
                ),
                role(
                    "b",
                    trust({"AWS": role_arn("a")}),
                    inline={
                        "p": policy(
                            allow("sts:AssumeRole", role_arn("a")),
                            allow("iam:PutRolePolicy", role_arn("b")),
                        )
                    },
                ),
            ),
        ),
        "user/dev -> assume role/a (sts:AssumeRole) -> assume role/b (sts:AssumeRole) -> put an "
        "admin inline policy on itself (iam:PutRolePolicy)",
        id="cycle-with-exit",
    ),
    pytest.param(
        Account(
            users=(dev(allow(["iam:PutRolePolicy", "sts:AssumeRole"], role_arn("ops"))),),
            roles=(role("ops", ACCOUNT_TRUST),),
        ),
        "user/dev can put an admin inline policy on role/ops, then assume role/ops "
        "(iam:PutRolePolicy, sts:AssumeRole)",
        id="change-role-then-assume",
    ),
    # Passing a role to a service.
    pytest.param(
        _launch("lambda.amazonaws.com", ["lambda:CreateFunction", "lambda:InvokeFunction"]),
        "user/dev -> pass role/worker to a new Lambda function and run it (iam:PassRole, "
        "lambda:CreateFunction, lambda:InvokeFunction) -> role/worker is admin-equivalent",
        id="passrole-lambda-invoke",
    ),
    pytest.param(
        _launch(
            "lambda.amazonaws.com", ["lambda:CreateFunction", "lambda:CreateEventSourceMapping"]
        ),
        "user/dev -> pass role/worker to a new Lambda function and run it (iam:PassRole, "
        "lambda:CreateFunction, lambda:CreateEventSourceMapping) -> role/worker is "
        "admin-equivalent",
        id="passrole-lambda-event-source",
    ),
    pytest.param(
        _launch("cloudformation.amazonaws.com", ["cloudformation:CreateStack"]),
        "user/dev -> pass role/worker to a CloudFormation stack (iam:PassRole, "
        "cloudformation:CreateStack) -> role/worker is admin-equivalent",
        id="passrole-cloudformation",
    ),
    pytest.param(
        _launch("glue.amazonaws.com", ["glue:CreateDevEndpoint"]),
        "user/dev -> pass role/worker to a Glue development endpoint or job (iam:PassRole, "
        "glue:CreateDevEndpoint) -> role/worker is admin-equivalent",
        id="passrole-glue-dev-endpoint",
    ),
    pytest.param(
        _launch("glue.amazonaws.com", ["glue:CreateJob", "glue:StartJobRun"]),
        "user/dev -> pass role/worker to a Glue development endpoint or job (iam:PassRole, "
        "glue:CreateJob, glue:StartJobRun) -> role/worker is admin-equivalent",
        id="passrole-glue-job",
    ),
    pytest.param(
        _launch("codebuild.amazonaws.com", ["codebuild:CreateProject", "codebuild:StartBuild"]),
        "user/dev -> pass role/worker to a new CodeBuild project and start a build "
        "(iam:PassRole, codebuild:CreateProject, codebuild:StartBuild) -> role/worker is "
        "admin-equivalent",
        id="passrole-codebuild",
    ),
    pytest.param(
        _launch("sagemaker.amazonaws.com", ["sagemaker:CreateTrainingJob"]),
        "user/dev -> pass role/worker to a SageMaker notebook instance or job (iam:PassRole, "
        "sagemaker:CreateTrainingJob) -> role/worker is admin-equivalent",
        id="passrole-sagemaker",
    ),
    pytest.param(
        _launch(
            "datapipeline.amazonaws.com",
            ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"],
        ),
        "user/dev -> pass role/worker to a new Data Pipeline pipeline (iam:PassRole, "
        "datapipeline:CreatePipeline, datapipeline:PutPipelineDefinition) -> role/worker is "
        "admin-equivalent",
        id="passrole-datapipeline",
    ),
    pytest.param(
        _launch("ecs-tasks.amazonaws.com", ["ecs:RegisterTaskDefinition", "ecs:RunTask"]),
        "user/dev -> pass role/worker to a new ECS task definition and run it (iam:PassRole, "
        "ecs:RegisterTaskDefinition, ecs:RunTask) -> role/worker is admin-equivalent",
        id="passrole-ecs",
    ),
    pytest.param(
        Account(
            users=(dev(PASS_ANY, allow("ec2:RunInstances")),),
            roles=(
                service_admin(
                    "worker", "ec2.amazonaws.com", InstanceProfileList=[{"Arn": PROFILE}]
                ),
            ),
        ),
        "user/dev -> pass role/worker to a new EC2 instance through its instance profile "
        "(iam:PassRole, ec2:RunInstances) -> role/worker is admin-equivalent",
        id="passrole-ec2-existing-profile",
    ),
    pytest.param(
        Account(
            users=(
                dev(
                    PASS_ANY,
                    allow(
                        [
                            "ec2:RunInstances",
                            "iam:CreateInstanceProfile",
                            "iam:AddRoleToInstanceProfile",
                        ]
                    ),
                ),
            ),
            roles=(service_admin("worker", "ec2.amazonaws.com"),),
        ),
        "user/dev -> put role/worker in a new instance profile and pass it to an EC2 instance "
        "(iam:PassRole, ec2:RunInstances, iam:CreateInstanceProfile, "
        "iam:AddRoleToInstanceProfile) -> role/worker is admin-equivalent",
        id="passrole-ec2-new-profile",
    ),
    # Existing workloads.
    pytest.param(
        Account(
            users=(dev(allow("lambda:UpdateFunctionCode")),),
            roles=(service_admin("worker", "lambda.amazonaws.com"),),
            records=(functions_record(("nightly", role_arn("worker"))),),
        ),
        "user/dev -> replace the code of Lambda function nightly, which runs as role/worker "
        "(lambda:UpdateFunctionCode) -> role/worker is admin-equivalent",
        id="update-function-code",
    ),
    pytest.param(
        Account(
            users=(dev(allow("ssm:SendCommand")),),
            roles=(
                service_admin(
                    "worker", "ec2.amazonaws.com", InstanceProfileList=[{"Arn": PROFILE}]
                ),
            ),
            records=(instances_record(),),
        ),
        "user/dev -> run a command on EC2 instance i-0abc, which runs as role/worker "
        "(ssm:SendCommand) -> role/worker is admin-equivalent",
        id="ssm-send-command",
    ),
    pytest.param(
        Account(
            users=(dev(allow("ssm:StartSession", INSTANCE)),),
            roles=(
                service_admin(
                    "worker", "ec2.amazonaws.com", InstanceProfileList=[{"Arn": PROFILE}]
                ),
            ),
            records=(instances_record(),),
        ),
        "user/dev -> open a shell on EC2 instance i-0abc, which runs as role/worker "
        "(ssm:StartSession) -> role/worker is admin-equivalent",
        id="ssm-start-session",
    ),
]


@pytest.mark.parametrize(("account", "expected"), FAMILY_CASES)
def test_path_families(account: Account, expected: str | None) -> None:
    if expected is None:
        assert dev_result(account) == ("pass", NO_PATH)
    else:
        assert dev_result(account) == ("fail", expected)


LAMBDA_PATH = (
    "user/dev -> pass role/worker to a new Lambda function and run it (iam:PassRole, "
    "lambda:CreateFunction, lambda:InvokeFunction) -> role/worker is admin-equivalent"
)
ATTACH_PATH = "user/dev can attach AdministratorAccess to itself (iam:AttachUserPolicy)"
LAMBDA_ACTIONS = ["lambda:CreateFunction", "lambda:InvokeFunction"]
LAMBDA_ROLE = service_admin("worker", "lambda.amazonaws.com")


def _attacher(*statements: Any, **extra: Any) -> Account:
    return Account(users=(dev(allow("iam:AttachUserPolicy", DEV), *statements, **extra),))


SPLIT_POLICY = managed("pass-roles", policy(PASS_ANY))
BOUNDARY = managed("boundary", policy(allow("s3:*")))

DECISION_CASES = [
    pytest.param(
        Account(
            users=(
                {
                    **user("dev", attached=("pass-roles",)),
                    "UserPolicyList": [
                        {"PolicyName": "fn", "PolicyDocument": policy(allow(LAMBDA_ACTIONS))}
                    ],
                },
            ),
            roles=(LAMBDA_ROLE,),
            policies=(SPLIT_POLICY,),
        ),
        ("fail", LAMBDA_PATH),
        id="split-across-two-policies",
    ),
    pytest.param(
        Account(
            users=(dev(allow("iam:PassRole", "arn:aws:iam::*:role/*"), allow(LAMBDA_ACTIONS)),),
            roles=(LAMBDA_ROLE,),
        ),
        ("fail", LAMBDA_PATH),
        id="role-pattern-any-account",
    ),
    pytest.param(
        _attacher(allow("iam:AttachUserPolicy", DEV, BoolIfExists={"aws:SecureTransport": "true"})),
        ("fail", ATTACH_PATH),
        id="always-true-secure-transport",
    ),
    pytest.param(
        Account(
            users=(dev(allow("iam:AttachUserPolicy", DEV, StringLike={"aws:username": "*"})),),
        ),
        ("fail", ATTACH_PATH),
        id="always-true-string-like-star",
    ),
    pytest.param(
        Account(
            users=(
                dev(
                    allow(
                        "iam:AttachUserPolicy",
                        DEV,
                        IpAddress={"aws:SourceIp": "10.0.0.0/8"},
                    )
                ),
            ),
        ),
        ("fail", ATTACH_PATH),
        id="source-ip-condition-attacker-meets",
    ),
    pytest.param(
        _attacher(deny("iam:AttachUserPolicy")),
        ("pass", NO_PATH),
        id="explicit-deny-blocks",
    ),
    pytest.param(
        Account(
            users=(
                dev(
                    allow(
                        "iam:AttachUserPolicy",
                        DEV,
                        IpAddress={"aws:SourceIp": "10.0.0.0/8"},
                        NotIpAddress={"aws:SourceIp": "10.0.0.0/8"},
                    )
                ),
            ),
        ),
        ("pass", NO_PATH),
        id="condition-never-holds",
    ),
    pytest.param(
        Account(
            users=(
                dev(
                    allow(
                        "iam:AttachUserPolicy",
                        DEV,
                        StringEquals={"iam:PassedToService": "lambda.amazonaws.com"},
                    )
                ),
            ),
        ),
        ("pass", NO_PATH),
        id="key-never-set-for-action",
    ),
    pytest.param(
        Account(
            users=(
                {
                    **dev(allow("iam:AttachUserPolicy", DEV)),
                    "PermissionsBoundary": {
                        "PermissionsBoundaryType": "Policy",
                        "PermissionsBoundaryArn": managed_policy_arn("boundary"),
                    },
                },
            ),
            policies=(BOUNDARY,),
        ),
        ("pass", NO_PATH),
        id="permission-boundary-blocks",
    ),
    pytest.param(
        Account(
            users=(
                dev(
                    allow(
                        "iam:PassRole",
                        StringEquals={"iam:PassedToService": "ec2.amazonaws.com"},
                    ),
                    allow(LAMBDA_ACTIONS),
                ),
            ),
            roles=(LAMBDA_ROLE,),
        ),
        ("pass", NO_PATH),
        id="passed-to-service-other-service",
    ),
    pytest.param(
        Account(
            users=(
                dev(
                    allow(
                        "iam:PassRole",
                        StringEquals={"iam:PassedToService": "lambda.amazonaws.com"},
                    ),
                    allow(LAMBDA_ACTIONS),
                ),
            ),
            roles=(LAMBDA_ROLE,),
        ),
        ("fail", LAMBDA_PATH),
        id="passed-to-service-same-service",
    ),
    pytest.param(
        Account(
            users=(dev(PASS_ANY, allow(LAMBDA_ACTIONS)),),
            roles=(service_admin("worker", "ec2.amazonaws.com"),),
        ),
        ("pass", NO_PATH),
        id="role-does-not-trust-service",
    ),
    pytest.param(
        Account(
            users=(
                {
                    **dev(
                        allow(
                            "iam:AttachUserPolicy",
                            DEV,
                            StringEquals={"aws:ResourceTag/team": "dev"},
                        )
                    ),
                    "Tags": [{"Key": "team", "Value": "dev"}],
                },
            ),
        ),
        ("fail", ATTACH_PATH),
        id="resource-tag-matches",
    ),
    pytest.param(
        Account(
            users=(
                dev(
                    allow(
                        "iam:AttachUserPolicy",
                        DEV,
                        StringEquals={"aws:ResourceTag/team": "dev"},
                    )
                ),
            ),
        ),
        ("pass", NO_PATH),
        id="resource-tag-absent",
    ),
    pytest.param(
        Account(
            users=(
                dev(
                    allow(
                        "iam:AttachUserPolicy",
                        DEV,
                        ArnEquals={"iam:PolicyARN": managed_policy_arn("read-only")},
                    )
                ),
            ),
        ),
        ("pass", NO_PATH),
        id="attach-limited-to-harmless-policy",
    ),
    pytest.param(
        Account(users=(dev(allow("iam:AttachUserPolicy", user_arn("other"))),)),
        ("pass", NO_PATH),
        id="attach-on-another-user-only",
    ),
    pytest.param(
        Account(users=(dev(allow("*")),)),
        (
            "not_applicable",
            "user/dev is admin-equivalent already, so it has nothing to escalate to",
        ),
        id="admin-not-reported",
    ),
    pytest.param(
        Account(users=(user("dev", inline={"bad": encoded({"Statement": "nope"})}),)),
        (
            "error",
            "could not assess: the policy document is invalid: line 1 column 15: Statement: "
            "Statement must be an object or a list of objects, not str",
        ),
        id="invalid-inline-policy",
    ),
    pytest.param(
        Account(users=(user("dev", attached=("missing",)),)),
        (
            "error",
            f"could not assess: policy {managed_policy_arn('missing')} of user/dev is not in "
            "the authorization details",
        ),
        id="attached-policy-missing",
    ),
]


@pytest.mark.parametrize(("account", "expected"), DECISION_CASES)
def test_decisions(account: Account, expected: tuple[str, str]) -> None:
    assert dev_result(account) == expected


def test_every_identity_reported() -> None:
    account = Account(
        users=(dev(allow("iam:CreateAccessKey")), ADMIN_USER),
        roles=(role("idle", service_trust("ec2.amazonaws.com")),),
    )
    assert sorted(findings(account).values()) == [
        (
            "fail",
            DEV,
            "user/dev -> create an access key for user/admin (iam:CreateAccessKey) "
            "-> user/admin is admin-equivalent",
        ),
        (
            "not_applicable",
            user_arn("admin"),
            "user/admin is admin-equivalent already, so it has nothing to escalate to",
        ),
        ("pass", role_arn("idle"), "role/idle has no path to admin-equivalent permissions"),
    ]


def test_missing_authorization_details() -> None:
    snap = snapshot(failed("iam", "GetAccountAuthorizationDetails"))
    assert [status for status, _, _ in run(CHECK, snap)] == ["error"]
