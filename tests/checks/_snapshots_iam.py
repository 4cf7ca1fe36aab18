"""Snapshot builders for the IAM, root, SCP, account and trust check tests."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

from seawall.aws.outcome import CallStatus
from seawall.checks.registry import REGISTRY
from seawall.checks.runner import run_check
from seawall.inventory.snapshot import GLOBAL, CallRecord, Snapshot

ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
COLLECTED_AT = "2026-12-04T20:00:00+00:00"
ACCOUNT_ARN = f"arn:aws:iam::{ACCOUNT}:root"

Result = tuple[str, str, str]

ALLOW_ALL: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def days_ago(days: int) -> str:
    return (dt.datetime.fromisoformat(COLLECTED_AT) - dt.timedelta(days=days)).isoformat()


def ok(
    service: str, operation: str, data: Any, *, region: str = GLOBAL, resource: str = ""
) -> CallRecord:
    return CallRecord(service, operation, region, resource, CallStatus.OK, data)


def failed(
    service: str,
    operation: str,
    status: CallStatus = CallStatus.ACCESS_DENIED,
    *,
    region: str = GLOBAL,
    resource: str = "",
    code: str | None = "AccessDenied",
) -> CallRecord:
    return CallRecord(service, operation, region, resource, status, None, code, "test failure")


def snapshot(*records: CallRecord, regions: tuple[str, ...] = (REGION,)) -> Snapshot:
    snap = Snapshot(account_id=ACCOUNT, regions=list(regions), collected_at=COLLECTED_AT)
    for record in records:
        snap.add(record)
    return snap


def run(check_id: str, snap: Snapshot) -> list[Result]:
    """Run one check and return (status, resource, reason) per finding."""
    return [(f.status.value, f.resource, f.reason) for f in run_check(snap, REGISTRY[check_id])]


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def encoded(document: dict[str, Any]) -> str:
    """URL-encode a document the way the IAM query API sends it."""
    return quote(json.dumps(document))


def user_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:user/{name}"


def role_arn(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT}:role{path}{name}"


def managed_policy_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:policy/{name}"


def user(
    name: str,
    *,
    attached: tuple[str, ...] = (),
    inline: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "UserName": name,
        "Arn": user_arn(name),
        "Path": "/",
        "AttachedManagedPolicies": [
            {"PolicyName": p, "PolicyArn": managed_policy_arn(p)} for p in attached
        ],
        "UserPolicyList": [
            {"PolicyName": k, "PolicyDocument": v} for k, v in (inline or {}).items()
        ],
        "GroupList": [],
    }


def role(
    name: str, trust: Any, *, path: str = "/", inline: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "RoleName": name,
        "Arn": role_arn(name, path),
        "Path": path,
        "AssumeRolePolicyDocument": trust,
        "RolePolicyList": [
            {"PolicyName": k, "PolicyDocument": v} for k, v in (inline or {}).items()
        ],
        "AttachedManagedPolicies": [],
    }


def managed(name: str, document: Any, *, arn: str | None = None) -> dict[str, Any]:
    return {
        "PolicyName": name,
        "Arn": arn or managed_policy_arn(name),
        "DefaultVersionId": "v1",
        "PolicyVersionList": [{"Document": document, "VersionId": "v1", "IsDefaultVersion": True}],
    }


def auth_details(
    *,
    users: tuple[dict[str, Any], ...] = (),
    groups: tuple[dict[str, Any], ...] = (),
    roles: tuple[dict[str, Any], ...] = (),
    policies: tuple[dict[str, Any], ...] = (),
) -> CallRecord:
    return ok(
        "iam",
        "GetAccountAuthorizationDetails",
        {
            "UserDetailList": list(users),
            "GroupDetailList": list(groups),
            "RoleDetailList": list(roles),
            "Policies": list(policies),
        },
    )


REPORT_COLUMNS = (
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
)


def report_row(name: str, **fields: str) -> dict[str, str]:
    """A credential report line with no credentials unless ``fields`` set them."""
    row = dict.fromkeys(REPORT_COLUMNS, "N/A")
    row.update(
        user=name,
        arn=ACCOUNT_ARN if name == "<root_account>" else user_arn(name),
        user_creation_time=days_ago(400),
        password_enabled="false",
        mfa_active="false",
        access_key_1_active="false",
        access_key_2_active="false",
        cert_1_active="false",
        cert_2_active="false",
    )
    row.update(fields)
    return row


def root_row(**fields: str) -> dict[str, str]:
    return report_row("<root_account>", password_enabled="not_supported", **fields)


def credential_report(*rows: dict[str, str]) -> CallRecord:
    lines = [",".join(REPORT_COLUMNS)]
    lines.extend(",".join(row[c] for c in REPORT_COLUMNS) for row in rows)
    return ok(
        "iam", "GetCredentialReport", {"Content": "\n".join(lines), "ReportFormat": "text/csv"}
    )


def access_keys(user_name: str, *keys: tuple[str, str, int]) -> CallRecord:
    """ListAccessKeys for a user; each key is (id, status, age in days)."""
    return ok(
        "iam",
        "ListAccessKeys",
        {
            "AccessKeyMetadata": [
                {"UserName": user_name, "AccessKeyId": k, "Status": s, "CreateDate": days_ago(age)}
                for k, s, age in keys
            ]
        },
        resource=user_name,
    )
