"""A small account for the fault-injection tests: the demo without its IAM and its load.

The demo's IAM attaches AWS managed policies, which moto_server must load
for every account it creates (an estimate of 1.5 s each, from timing the
demo's organization of three accounts on 2 cores). This account keeps the
demo's other resources, which give passing and failing checks in every
practice, and replaces its IAM with a strong password policy, one
least-privilege user and the service roles the other resources refer to.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from seawall.demo.data import DATA_KEY_ALIAS, TRAIL_KEY_ALIAS, seed_kms, seed_s3, seed_secrets
from seawall.demo.detection import (
    seed_account,
    seed_cloudtrail,
    seed_config,
    seed_guardduty,
    seed_monitoring,
    seed_security_hub,
)
from seawall.demo.identity import seed_organization
from seawall.demo.names import ACCOUNT_ID
from seawall.demo.network import seed_network

REGION = "us-east-1"
# Roles that the demo's Lambda functions, Config recorder, trail and flow
# logs name, with the service that assumes each.
_SERVICE_ROLES = {
    "lambda-exec": "lambda.amazonaws.com",
    "config-recorder": "config.amazonaws.com",
    "cloudtrail-to-logs": "cloudtrail.amazonaws.com",
    "flow-logs-delivery": "vpc-flow-logs.amazonaws.com",
}


def _document(statement: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def seed_small_iam(session: boto3.Session) -> None:
    """Create a strong password policy, one read-only user and the demo's service roles."""
    iam = session.client("iam", region_name=REGION)
    iam.update_account_password_policy(
        MinimumPasswordLength=14,
        RequireSymbols=True,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True,
        PasswordReusePrevention=24,
        MaxPasswordAge=90,
    )
    policy_arn = iam.create_policy(
        PolicyName="ReportsReadOnly",
        PolicyDocument=_document(
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
        ),
    )["Policy"]["Arn"]
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn=policy_arn)
    iam.create_user(UserName="reader")
    iam.add_user_to_group(GroupName="readers", UserName="reader")
    for name, service in _SERVICE_ROLES.items():
        trust = {
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}},
        }
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=_document(trust))
        iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)
    iam.generate_credential_report()


def seed_fixture_account(session: boto3.Session) -> None:
    """Create the small account in the moto_server that ``session`` calls."""
    seed_small_iam(session)
    seed_organization(session)
    key_arns = seed_kms(session)
    seed_secrets(session)
    seed_s3(session, key_arns[DATA_KEY_ALIAS])
    seed_security_hub(session)
    seed_guardduty(session)
    seed_config(session)
    seed_cloudtrail(session, key_arns[TRAIL_KEY_ALIAS])
    seed_monitoring(session)
    seed_network(session)
    seed_account(session)
