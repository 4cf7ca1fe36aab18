"""Tests for the KMS checks, over Snapshots built in code."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from _snapshots_services import (
    ACCOUNT,
    ACCOUNT_ARN,
    REGION,
    CallRecord,
    Result,
    failed,
    ok,
    region_resource,
    run,
    snapshot,
)

import seawall.checks.kms  # noqa: F401  (registers the checks)
from seawall.aws.outcome import CallStatus

ROOT_ONLY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Owner",
            "Effect": "Allow",
            "Principal": {"AWS": ACCOUNT_ARN},
            "Action": "kms:*",
            "Resource": "*",
        }
    ],
}


def key_arn(key_id: str) -> str:
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key_id}"


def public_policy(action: str, principal: Any = "*", condition: Any = None) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal,
        "Action": action,
        "Resource": "*",
    }
    if condition is not None:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [ROOT_ONLY["Statement"][0], statement]}


def kms_key(
    key_id: str,
    *,
    manager: str = "CUSTOMER",
    spec: str = "SYMMETRIC_DEFAULT",
    origin: str = "AWS_KMS",
    state: str = "Enabled",
    rotation: bool | CallStatus | None = True,
    policy: dict[str, Any] | str | CallStatus | None = None,
    extra: dict[str, Any] | None = None,
) -> list[CallRecord]:
    """Return the DescribeKey record of a key and the per-key records the collector adds."""
    metadata = {
        "KeyId": key_id,
        "Arn": key_arn(key_id),
        "KeyManager": manager,
        "KeySpec": spec,
        "Origin": origin,
        "KeyState": state,
        **(extra or {}),
    }
    records = [ok("kms", "DescribeKey", {"KeyMetadata": metadata}, resource=key_id)]
    if isinstance(rotation, CallStatus):
        records.append(
            failed(
                "kms",
                "GetKeyRotationStatus",
                rotation,
                resource=key_id,
                code="AccessDeniedException",
            )
        )
    elif rotation is not None:
        data = {"KeyRotationEnabled": rotation, "RotationPeriodInDays": 365} if rotation else {}
        data.setdefault("KeyRotationEnabled", rotation)
        records.append(ok("kms", "GetKeyRotationStatus", data, resource=key_id))
    if isinstance(policy, CallStatus):
        records.append(
            failed("kms", "GetKeyPolicy", policy, resource=key_id, code="AccessDeniedException")
        )
    elif policy is not None:
        text = policy if isinstance(policy, str) else json.dumps(policy)
        records.append(
            ok("kms", "GetKeyPolicy", {"Policy": text, "PolicyName": "default"}, resource=key_id)
        )
    return records


def kms_snapshot(*keys: list[CallRecord]) -> Any:
    key_ids = [records[0].resource for records in keys]
    listed = ok(
        "kms",
        "ListKeys",
        {"Keys": [{"KeyId": k, "KeyArn": key_arn(k)} for k in key_ids]},
    )
    return snapshot(listed, *(record for records in keys for record in records))


NO_KEYS: Result = ("not_applicable", region_resource(), "no customer-managed KMS keys")


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        pytest.param(
            [kms_key("k1")],
            [("pass", key_arn("k1"), "automatic rotation is enabled every 365 days")],
            id="rotation-on",
        ),
        pytest.param(
            [kms_key("k1", rotation=False)],
            [("fail", key_arn("k1"), "automatic rotation is disabled")],
            id="rotation-off",
        ),
        pytest.param(
            [kms_key("k1", spec="RSA_2048", rotation=None)],
            [
                (
                    "not_applicable",
                    key_arn("k1"),
                    "RSA_2048 keys do not support automatic rotation",
                )
            ],
            id="asymmetric",
        ),
        pytest.param(
            [kms_key("k1", spec="HMAC_256", rotation=None)],
            [("not_applicable", key_arn("k1"), "HMAC_256 keys do not support automatic rotation")],
            id="hmac",
        ),
        pytest.param(
            [kms_key("k1", origin="EXTERNAL", rotation=None)],
            [
                (
                    "not_applicable",
                    key_arn("k1"),
                    "keys with origin EXTERNAL do not support automatic rotation",
                )
            ],
            id="imported-material",
        ),
        pytest.param(
            [kms_key("k1", origin="EXTERNAL_KEY_STORE", rotation=None)],
            [
                (
                    "not_applicable",
                    key_arn("k1"),
                    "keys with origin EXTERNAL_KEY_STORE do not support automatic rotation",
                )
            ],
            id="external-key-store",
        ),
        pytest.param(
            [kms_key("k1", origin="AWS_CLOUDHSM", rotation=None)],
            [
                (
                    "not_applicable",
                    key_arn("k1"),
                    "keys with origin AWS_CLOUDHSM do not support automatic rotation",
                )
            ],
            id="cloudhsm-key-store",
        ),
        pytest.param(
            [kms_key("k1", state="Disabled", rotation=None)],
            [("not_applicable", key_arn("k1"), "key is Disabled")],
            id="disabled-key",
        ),
        pytest.param(
            [kms_key("aws1", manager="AWS", rotation=None)],
            [NO_KEYS],
            id="aws-managed-only",
        ),
        pytest.param([], [NO_KEYS], id="no-keys"),
        pytest.param(
            [kms_key("k1", rotation=CallStatus.ACCESS_DENIED)],
            [
                (
                    "error",
                    key_arn("k1"),
                    "could not assess: AccessDeniedException on kms:GetKeyRotationStatus "
                    "for k1 in us-east-1",
                )
            ],
            id="rotation-denied",
        ),
        pytest.param(
            [kms_key("k1", rotation=None)],
            [
                (
                    "error",
                    key_arn("k1"),
                    "could not assess: kms:GetKeyRotationStatus for k1 in us-east-1 "
                    "was not collected",
                )
            ],
            id="rotation-not-collected",
        ),
    ],
)
def test_key_rotation_enabled(keys: list[list[CallRecord]], expected: list[Result]) -> None:
    assert run("kms.key_rotation_enabled", kms_snapshot(*keys)) == expected


def test_key_rotation_list_keys_denied() -> None:
    snap = snapshot(
        failed("kms", "ListKeys", CallStatus.ACCESS_DENIED, code="AccessDeniedException")
    )
    assert run("kms.key_rotation_enabled", snap) == [
        (
            "error",
            region_resource(),
            "could not assess: AccessDeniedException on kms:ListKeys in us-east-1",
        )
    ]


def test_key_rotation_describe_denied() -> None:
    listed = ok("kms", "ListKeys", {"Keys": [{"KeyId": "k1", "KeyArn": key_arn("k1")}]})
    denied = failed(
        "kms",
        "DescribeKey",
        CallStatus.ACCESS_DENIED,
        resource="k1",
        code="AccessDeniedException",
    )
    assert run("kms.key_rotation_enabled", snapshot(listed, denied)) == [
        (
            "error",
            key_arn("k1"),
            "could not assess: AccessDeniedException on kms:DescribeKey for k1 in us-east-1",
        ),
        NO_KEYS,
    ]


PUBLIC_PASS = "key policy allows no anonymous caller or unknown account"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        pytest.param(ROOT_ONLY, ("pass", PUBLIC_PASS), id="owner-account-only"),
        pytest.param(
            public_policy("kms:*"),
            ("fail", "key policy allows kms:Decrypt to any AWS account or anonymous callers"),
            id="wildcard-principal",
        ),
        pytest.param(
            public_policy("kms:Encrypt"),
            ("fail", "key policy allows kms:Encrypt to any AWS account or anonymous callers"),
            id="wildcard-encrypt-only",
        ),
        pytest.param(
            public_policy("kms:Decrypt", {"AWS": "*"}),
            ("fail", "key policy allows kms:Decrypt to any AWS account or anonymous callers"),
            id="aws-wildcard-principal",
        ),
        pytest.param(
            public_policy("kms:Decrypt", "*", {"StringEquals": {"kms:CallerAccount": ACCOUNT}}),
            ("pass", PUBLIC_PASS),
            id="wildcard-limited-to-caller-account",
        ),
        pytest.param(
            public_policy("kms:Decrypt", "*", {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}),
            ("pass", PUBLIC_PASS),
            id="wildcard-limited-to-organization",
        ),
        pytest.param(
            public_policy(
                "kms:Decrypt", "*", {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}
            ),
            ("fail", "key policy allows kms:Decrypt to any AWS account"),
            id="wildcard-any-role-anywhere",
        ),
        pytest.param(
            public_policy("kms:Decrypt", "*", {"Null": {"aws:PrincipalArn": "true"}}),
            ("fail", "key policy allows kms:Decrypt to anonymous callers"),
            id="anonymous-only",
        ),
        pytest.param(
            public_policy(
                "kms:Decrypt",
                "*",
                {"StringLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/*"}},
            ),
            ("pass", PUBLIC_PASS),
            id="wildcard-own-roles-only",
        ),
        pytest.param(
            public_policy("kms:Decrypt", {"AWS": "arn:aws:iam::444455556666:root"}),
            ("pass", PUBLIC_PASS),
            id="named-partner-account",
        ),
        pytest.param(
            {
                "Version": "2012-10-17",
                "Statement": [
                    public_policy("kms:*")["Statement"][1],
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "kms:*",
                        "Resource": "*",
                        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}},
                    },
                ],
            },
            ("pass", PUBLIC_PASS),
            id="public-allow-with-deny-for-other-accounts",
        ),
    ],
)
def test_key_policy_not_public(policy: dict[str, Any], expected: tuple[str, str]) -> None:
    snap = kms_snapshot(kms_key("k1", policy=policy))
    assert run("kms.key_policy_not_public", snap) == [(expected[0], key_arn("k1"), expected[1])]


def test_key_policy_invalid_json() -> None:
    snap = kms_snapshot(kms_key("k1", policy='{"Statement": ['))
    assert run("kms.key_policy_not_public", snap) == [
        (
            "error",
            key_arn("k1"),
            "could not assess: invalid key policy: line 1 column 16: invalid JSON: "
            "Expecting value; fix the syntax at this position",
        )
    ]


def test_key_policy_denied() -> None:
    snap = kms_snapshot(kms_key("k1", policy=CallStatus.ACCESS_DENIED))
    assert run("kms.key_policy_not_public", snap) == [
        (
            "error",
            key_arn("k1"),
            "could not assess: AccessDeniedException on kms:GetKeyPolicy for k1 in us-east-1",
        )
    ]


def test_key_policy_aws_managed_skipped() -> None:
    snap = kms_snapshot(kms_key("aws1", manager="AWS", rotation=None))
    assert run("kms.key_policy_not_public", snap) == [NO_KEYS]


def managed_policy(name: str, document: Any, *, account: str = ACCOUNT) -> dict[str, Any]:
    return {
        "PolicyName": name,
        "Arn": f"arn:aws:iam::{account}:policy/{name}",
        "DefaultVersionId": "v2",
        "PolicyVersionList": [{"VersionId": "v2", "IsDefaultVersion": True, "Document": document}],
    }


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Action": action, "Resource": resource, **extra}
    return {"Version": "2012-10-17", "Statement": [statement]}


def policy_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:policy/{name}"


ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/app"


def details(policies: list[dict[str, Any]], roles: list[dict[str, Any]] = ()) -> CallRecord:  # type: ignore[assignment]
    data = {
        "UserDetailList": [],
        "GroupDetailList": [],
        "RoleDetailList": list(roles),
        "Policies": policies,
    }
    return ok("iam", "GetAccountAuthorizationDetails", data, region="global")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        pytest.param(
            details([managed_policy("decrypt-all", allow("kms:Decrypt"))]),
            [
                (
                    "fail",
                    policy_arn("decrypt-all"),
                    "allows decryption on all KMS keys: decrypt-all: kms:Decrypt",
                )
            ],
            id="decrypt-star",
        ),
        pytest.param(
            details([managed_policy("kms-admin", allow("kms:*"))]),
            [
                (
                    "fail",
                    policy_arn("kms-admin"),
                    "allows decryption on all KMS keys: kms-admin: kms:Decrypt, kms:ReEncryptFrom",
                )
            ],
            id="kms-wildcard-action",
        ),
        pytest.param(
            details([managed_policy("one-key", allow("kms:Decrypt", key_arn("k1")))]),
            [("pass", policy_arn("one-key"), "no statement allows decryption on all KMS keys")],
            id="named-key",
        ),
        pytest.param(
            details(
                [
                    managed_policy(
                        "via-s3",
                        allow(
                            "kms:Decrypt",
                            Condition={
                                "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}
                            },
                        ),
                    )
                ]
            ),
            [
                (
                    "pass",
                    policy_arn("via-s3"),
                    "allows decryption on all KMS keys only under conditions: via-s3: kms:Decrypt",
                )
            ],
            id="conditional",
        ),
        pytest.param(
            details(
                [
                    managed_policy(
                        "all-but-one",
                        {
                            "Version": "2012-10-17",
                            "Statement": [
                                {"Effect": "Allow", "Action": "kms:*", "Resource": "*"},
                                {"Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"},
                            ],
                        },
                    )
                ]
            ),
            [
                (
                    "fail",
                    policy_arn("all-but-one"),
                    "allows decryption on all KMS keys: all-but-one: kms:ReEncryptFrom",
                )
            ],
            id="deny-decrypt-keeps-reencrypt",
        ),
        pytest.param(
            details(
                [
                    managed_policy(
                        "not-resource",
                        {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Action": "kms:Decrypt",
                                    "NotResource": key_arn("k1"),
                                }
                            ],
                        },
                    )
                ]
            ),
            [
                (
                    "fail",
                    policy_arn("not-resource"),
                    "allows decryption on all KMS keys: not-resource: kms:Decrypt",
                )
            ],
            id="not-resource",
        ),
        pytest.param(
            details([managed_policy("encoded", quote(json.dumps(allow("kms:Decrypt"))))]),
            [
                (
                    "fail",
                    policy_arn("encoded"),
                    "allows decryption on all KMS keys: encoded: kms:Decrypt",
                )
            ],
            id="url-encoded-document",
        ),
        pytest.param(
            details(
                [],
                [
                    {
                        "RoleName": "app",
                        "Arn": ROLE_ARN,
                        "RolePolicyList": [
                            {"PolicyName": "logs", "PolicyDocument": allow("logs:*")},
                            {"PolicyName": "decrypt", "PolicyDocument": allow("kms:Decrypt")},
                        ],
                    }
                ],
            ),
            [("fail", ROLE_ARN, "allows decryption on all KMS keys: decrypt: kms:Decrypt")],
            id="inline-role-policy",
        ),
        pytest.param(
            details(
                [],
                [
                    {
                        "RoleName": "app",
                        "Arn": ROLE_ARN,
                        "RolePolicyList": [
                            {"PolicyName": "kms-all", "PolicyDocument": allow("kms:*")},
                            {"PolicyName": "decrypt", "PolicyDocument": allow("kms:Decrypt")},
                        ],
                    }
                ],
            ),
            [
                (
                    "fail",
                    ROLE_ARN,
                    "allows decryption on all KMS keys: kms-all: kms:Decrypt, kms:ReEncryptFrom; "
                    "decrypt: kms:Decrypt",
                )
            ],
            id="two-inline-policies-grouped",
        ),
        pytest.param(
            details([managed_policy("AdministratorAccess", allow("*"), account="aws")]),
            [
                (
                    "not_applicable",
                    ACCOUNT_ARN,
                    "no customer-managed or inline IAM policies",
                )
            ],
            id="aws-managed-only",
        ),
        pytest.param(
            details([{"PolicyName": "broken", "Arn": policy_arn("broken")}]),
            [
                (
                    "error",
                    policy_arn("broken"),
                    "could not assess: the document of 'broken' was not collected",
                )
            ],
            id="document-missing",
        ),
    ],
)
def test_iam_decrypt_all_keys(record: CallRecord, expected: list[Result]) -> None:
    assert run("kms.iam_decrypt_all_keys", snapshot(record)) == expected


def test_iam_decrypt_all_keys_not_collected() -> None:
    assert run("kms.iam_decrypt_all_keys", snapshot()) == [
        (
            "error",
            ACCOUNT_ARN,
            "could not assess: iam:GetAccountAuthorizationDetails was not collected",
        )
    ]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        pytest.param([kms_key("k1")], [("pass", key_arn("k1"), "key is Enabled")], id="enabled"),
        pytest.param(
            [
                kms_key(
                    "k1",
                    state="PendingDeletion",
                    rotation=None,
                    extra={"DeletionDate": "2026-12-20T00:00:00+00:00"},
                )
            ],
            [
                (
                    "fail",
                    key_arn("k1"),
                    "key is scheduled for deletion on 2026-12-20T00:00:00+00:00",
                )
            ],
            id="pending-deletion",
        ),
        pytest.param(
            [kms_key("k1", state="PendingReplicaDeletion", rotation=None)],
            [("fail", key_arn("k1"), "key is scheduled for deletion")],
            id="pending-replica-deletion",
        ),
        pytest.param(
            [kms_key("aws1", manager="AWS", state="PendingDeletion", rotation=None)],
            [NO_KEYS],
            id="aws-managed-ignored",
        ),
    ],
)
def test_key_pending_deletion(keys: list[list[CallRecord]], expected: list[Result]) -> None:
    assert run("kms.key_pending_deletion", kms_snapshot(*keys)) == expected


def test_key_pending_deletion_not_collected() -> None:
    assert run("kms.key_pending_deletion", snapshot()) == [
        (
            "error",
            region_resource(),
            "could not assess: kms:ListKeys in us-east-1 was not collected",
        )
    ]
