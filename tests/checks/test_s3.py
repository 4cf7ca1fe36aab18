"""Tests of the S3 checks over Snapshots built in code."""

from __future__ import annotations

import pytest
from _snapshots_network import ACCOUNT, Result, denied, not_found, ok, run, snapshot
from _snapshots_s3 import (
    ACCOUNT_ARN,
    ACCOUNT_BPA_DENIED,
    ALL_BLOCKED,
    ALL_USERS,
    AUTHENTICATED_USERS,
    BUCKET,
    BUCKET_ARN,
    DENY_HTTP,
    NO_ACCOUNT_BPA,
    OBJECTS,
    OTHER_ACCOUNT,
    PUBLIC_READ,
    bpa,
    bpa_record,
    bucket_records,
    buckets_record,
    policy_text,
    statement,
)

import seawall.checks.s3  # noqa: F401  (registers the checks)
from seawall.checks.registry import REGISTRY
from seawall.checks.runner import run_check
from seawall.inventory.snapshot import GLOBAL, CallRecord


def _one_bucket(*extra: CallRecord, **bucket: object) -> list[CallRecord]:
    return [buckets_record(BUCKET), *bucket_records(**bucket), *extra]  # type: ignore[arg-type]


# --- s3.account_public_access_block --------------------------------------------


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [bpa_record(ALL_BLOCKED)],
            ("pass", "all four account-level Block Public Access settings are on"),
            id="all-on",
        ),
        pytest.param(
            [bpa_record(bpa(BlockPublicAcls=True, IgnorePublicAcls=True))],
            ("fail", "account-level settings off: BlockPublicPolicy, RestrictPublicBuckets"),
            id="policy-settings-off",
        ),
        pytest.param(
            [NO_ACCOUNT_BPA],
            ("fail", "no account-level Block Public Access configuration is set"),
            id="not-set",
        ),
        pytest.param(
            [ACCOUNT_BPA_DENIED],
            ("error", "could not assess: AccessDenied on s3:GetAccountPublicAccessBlock"),
            id="access-denied",
        ),
    ],
)
def test_account_public_access_block(records: list[CallRecord], expected: tuple[str, str]) -> None:
    assert run("s3.account_public_access_block", snapshot(records)) == [
        (expected[0], ACCOUNT_ARN, expected[1])
    ]


# --- s3.bucket_public ------------------------------------------------------------

NOT_PUBLIC = "neither the policy nor the ACL grants public access"


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(_one_bucket(NO_ACCOUNT_BPA), ("pass", NOT_PUBLIC), id="private"),
        pytest.param(
            _one_bucket(NO_ACCOUNT_BPA, policy=policy_text(PUBLIC_READ)),
            ("fail", "policy allows s3:GetObject to anyone"),
            id="public-read",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(statement("Allow", {"AWS": "*"}, "s3:*", [BUCKET_ARN, OBJECTS])),
            ),
            (
                "fail",
                "policy allows s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucket, "
                "s3:PutBucketPolicy, s3:PutBucketAcl to anyone",
            ),
            id="aws-star-everything",
        ),
        pytest.param(
            _one_bucket(NO_ACCOUNT_BPA, policy=policy_text(DENY_HTTP)),
            ("pass", NOT_PUBLIC),
            id="deny-http-star-principal-not-public",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(
                    statement(
                        "Allow",
                        "*",
                        "s3:GetObject",
                        condition={"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
                    )
                ),
            ),
            ("pass", NOT_PUBLIC),
            id="vpc-endpoint-condition",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(
                    statement(
                        "Allow",
                        "*",
                        "s3:GetObject",
                        condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
                    )
                ),
            ),
            ("pass", NOT_PUBLIC),
            id="organization-condition",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(
                    statement(
                        "Allow",
                        "*",
                        "s3:GetObject",
                        condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
                    )
                ),
            ),
            ("pass", NOT_PUBLIC),
            id="source-ip-condition",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(
                    statement(
                        "Allow",
                        "*",
                        "s3:GetObject",
                        condition={"Bool": {"aws:SecureTransport": "true"}},
                    ),
                    DENY_HTTP,
                ),
            ),
            ("fail", "policy allows s3:GetObject to anyone"),
            id="public-over-https-only",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(
                    statement("Allow", "*", "s3:GetObject", f"{BUCKET_ARN}/public/*")
                ),
            ),
            ("fail", "policy allows s3:GetObject to anyone"),
            id="public-prefix-only",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(statement("Allow", {"AWS": OTHER_ACCOUNT}, "s3:GetObject")),
            ),
            ("pass", NOT_PUBLIC),
            id="one-named-account",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(PUBLIC_READ),
                block=bpa(RestrictPublicBuckets=True),
            ),
            (
                "pass",
                "policy allows s3:GetObject to anyone, "
                "but bucket Block Public Access neutralizes it",
            ),
            id="neutralized-by-bucket-bpa",
        ),
        pytest.param(
            _one_bucket(bpa_record(ALL_BLOCKED), policy=policy_text(PUBLIC_READ)),
            (
                "pass",
                "policy allows s3:GetObject to anyone, "
                "but account Block Public Access neutralizes it",
            ),
            id="neutralized-by-account-bpa",
        ),
        pytest.param(
            _one_bucket(
                bpa_record(bpa(BlockPublicPolicy=True)),
                policy=policy_text(PUBLIC_READ),
                block=bpa(BlockPublicAcls=True, IgnorePublicAcls=True),
            ),
            ("fail", "policy allows s3:GetObject to anyone"),
            id="block-public-policy-keeps-stored-policy",
        ),
        pytest.param(
            _one_bucket(NO_ACCOUNT_BPA, acl_grants=[(ALL_USERS, "READ")]),
            ("fail", "ACL grants AllUsers READ"),
            id="acl-all-users",
        ),
        pytest.param(
            _one_bucket(
                bpa_record(bpa(IgnorePublicAcls=True)),
                acl_grants=[(AUTHENTICATED_USERS, "WRITE")],
            ),
            (
                "pass",
                "ACL grants AuthenticatedUsers WRITE, "
                "but account Block Public Access neutralizes it",
            ),
            id="acl-ignored-by-account",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(PUBLIC_READ),
                acl_grants=[(ALL_USERS, "READ")],
                block=bpa(IgnorePublicAcls=True),
            ),
            ("fail", "policy allows s3:GetObject to anyone"),
            id="acl-blocked-policy-open",
        ),
        pytest.param(
            _one_bucket(ACCOUNT_BPA_DENIED, policy=policy_text(PUBLIC_READ)),
            ("error", "could not assess: AccessDenied on s3:GetAccountPublicAccessBlock"),
            id="account-bpa-unreadable",
        ),
        pytest.param(
            _one_bucket(ACCOUNT_BPA_DENIED, policy=policy_text(PUBLIC_READ), block=ALL_BLOCKED),
            (
                "pass",
                "policy allows s3:GetObject to anyone, "
                "but bucket Block Public Access neutralizes it",
            ),
            id="bucket-bpa-suffices",
        ),
        pytest.param(
            _one_bucket(ACCOUNT_BPA_DENIED),
            ("pass", NOT_PUBLIC),
            id="private-needs-no-bpa",
        ),
        pytest.param(
            [
                buckets_record(BUCKET),
                *bucket_records(policy=policy_text(PUBLIC_READ))[:-1],
                denied("s3", "GetPublicAccessBlock", GLOBAL, BUCKET),
            ],
            ("error", "could not assess: AccessDenied on s3:GetBucketPublicAccessBlock for data"),
            id="bucket-bpa-unreadable",
        ),
        pytest.param(
            _one_bucket(NO_ACCOUNT_BPA, policy='{"Statement": [{"Effect": "Maybe"}'),
            ("error", "could not assess: invalid bucket policy: "),
            id="invalid-policy",
        ),
    ],
)
def test_bucket_public(records: list[CallRecord], expected: tuple[str, str]) -> None:
    findings = run("s3.bucket_public", snapshot(records))
    assert len(findings) == 1
    status, resource, reason = findings[0]
    assert status == expected[0]
    assert resource == BUCKET_ARN
    if expected[1].endswith(": "):
        assert reason.startswith(expected[1])
    else:
        assert reason == expected[1]


def test_bucket_public_acl_denied_is_error() -> None:
    records = [
        buckets_record(BUCKET),
        *[r for r in bucket_records() if r.operation != "GetBucketAcl"],
        denied("s3", "GetBucketAcl", GLOBAL, BUCKET),
        NO_ACCOUNT_BPA,
    ]
    assert run("s3.bucket_public", snapshot(records)) == [
        ("error", BUCKET_ARN, "could not assess: AccessDenied on s3:GetBucketAcl for data")
    ]


def test_bucket_finding_carries_bucket_region() -> None:
    records = _one_bucket(NO_ACCOUNT_BPA, location=None)
    findings = run_check(snapshot(records), REGISTRY["s3.bucket_public"])
    assert [f.region for f in findings] == ["us-east-1"]


def test_no_buckets_not_applicable() -> None:
    assert run("s3.bucket_public", snapshot([buckets_record()])) == [
        ("not_applicable", ACCOUNT_ARN, "the account has no S3 buckets")
    ]


def test_list_buckets_denied_is_error() -> None:
    snap = snapshot([denied("s3", "ListBuckets", GLOBAL)])
    assert run("s3.bucket_versioning", snap) == [
        ("error", ACCOUNT_ARN, "could not assess: AccessDenied on s3:ListAllMyBuckets")
    ]


# --- s3.bucket_deny_http ---------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        pytest.param(
            policy_text(DENY_HTTP),
            ("pass", "policy denies plain-HTTP requests from every account"),
            id="deny-star",
        ),
        pytest.param(
            None,
            ("fail", "no bucket policy, so plain HTTP requests are allowed"),
            id="no-policy",
        ),
        pytest.param(
            policy_text(
                statement(
                    "Allow",
                    "*",
                    "s3:GetObject",
                    condition={"Bool": {"aws:SecureTransport": "true"}},
                )
            ),
            (
                "fail",
                "plain-HTTP s3:GetObject and s3:PutObject are not denied for the bucket's "
                "account or other accounts",
            ),
            id="allow-https-only-is-not-deny",
        ),
        pytest.param(
            policy_text(
                statement(
                    "Deny",
                    {"AWS": OTHER_ACCOUNT},
                    "s3:*",
                    condition={"Bool": {"aws:SecureTransport": "false"}},
                )
            ),
            (
                "fail",
                "plain-HTTP s3:GetObject and s3:PutObject are not denied for the bucket's "
                "account or other accounts",
            ),
            id="deny-one-account-only",
        ),
        pytest.param(
            policy_text(
                statement(
                    "Deny",
                    "*",
                    "s3:GetObject",
                    condition={"Bool": {"aws:SecureTransport": "false"}},
                )
            ),
            (
                "fail",
                "plain-HTTP s3:PutObject is not denied for the bucket's account or other accounts",
            ),
            id="deny-reads-only",
        ),
        pytest.param(
            policy_text(
                statement(
                    "Deny",
                    "*",
                    "s3:*",
                    f"{BUCKET_ARN}/private/*",
                    {"Bool": {"aws:SecureTransport": "false"}},
                )
            ),
            (
                "fail",
                "plain-HTTP s3:GetObject and s3:PutObject are not denied for the bucket's "
                "account or other accounts",
            ),
            id="deny-one-prefix-only",
        ),
        pytest.param(
            policy_text(
                statement(
                    "Deny",
                    "*",
                    "s3:GetObject",
                    condition={"Bool": {"aws:SecureTransport": "false"}},
                ),
                statement(
                    "Deny",
                    {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                    "s3:PutObject",
                    condition={"Bool": {"aws:SecureTransport": "false"}},
                ),
            ),
            ("fail", "plain-HTTP s3:PutObject is not denied for other accounts"),
            id="own-account-denied-puts",
        ),
    ],
)
def test_bucket_deny_http(policy: str | None, expected: tuple[str, str]) -> None:
    records = _one_bucket(policy=policy)
    assert run("s3.bucket_deny_http", snapshot(records)) == [(expected[0], BUCKET_ARN, expected[1])]


def test_deny_http_policy_denied_is_error() -> None:
    records = [
        buckets_record(BUCKET),
        *[r for r in bucket_records() if r.operation != "GetBucketPolicy"],
        denied("s3", "GetBucketPolicy", GLOBAL, BUCKET),
    ]
    assert run("s3.bucket_deny_http", snapshot(records)) == [
        ("error", BUCKET_ARN, "could not assess: AccessDenied on s3:GetBucketPolicy for data")
    ]


# --- s3.bucket_default_encryption_kms ------------------------------------------


def _encryption(algorithm: str) -> CallRecord:
    rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}}
    data = {"ServerSideEncryptionConfiguration": {"Rules": [rule]}}
    return ok("s3", "GetBucketEncryption", data, GLOBAL, BUCKET)


NO_ENCRYPTION = not_found(
    "s3", "GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError", resource=BUCKET
)
DENY_NON_KMS = statement(
    "Deny",
    "*",
    "s3:PutObject",
    condition={"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            _one_bucket(_encryption("aws:kms")), ("pass", "default encryption is aws:kms"), id="kms"
        ),
        pytest.param(
            _one_bucket(_encryption("aws:kms:dsse")),
            ("pass", "default encryption is aws:kms:dsse"),
            id="dsse-kms",
        ),
        pytest.param(
            _one_bucket(_encryption("AES256")),
            (
                "fail",
                "default encryption is AES256, and no policy denies PutObject without SSE-KMS",
            ),
            id="sse-s3",
        ),
        pytest.param(
            _one_bucket(_encryption("AES256"), policy=policy_text(DENY_NON_KMS)),
            (
                "pass",
                "default encryption is AES256, but the policy denies PutObject without SSE-KMS",
            ),
            id="policy-requires-kms",
        ),
        pytest.param(
            _one_bucket(
                _encryption("AES256"),
                policy=policy_text(
                    statement(
                        "Deny",
                        "*",
                        "s3:PutObject",
                        condition={"Null": {"s3:x-amz-server-side-encryption": "true"}},
                    )
                ),
            ),
            (
                "fail",
                "default encryption is AES256, and no policy denies PutObject without SSE-KMS",
            ),
            id="policy-denies-missing-header-only",
        ),
        pytest.param(
            _one_bucket(_encryption("AES256"), policy=policy_text(DENY_HTTP)),
            (
                "fail",
                "default encryption is AES256, and no policy denies PutObject without SSE-KMS",
            ),
            id="deny-http-is-not-kms",
        ),
        pytest.param(
            _one_bucket(NO_ENCRYPTION),
            (
                "fail",
                "default encryption is not configured, "
                "and no policy denies PutObject without SSE-KMS",
            ),
            id="not-configured",
        ),
        pytest.param(
            _one_bucket(denied("s3", "GetBucketEncryption", GLOBAL, BUCKET)),
            ("error", "could not assess: AccessDenied on s3:GetEncryptionConfiguration for data"),
            id="access-denied",
        ),
    ],
)
def test_bucket_default_encryption_kms(
    records: list[CallRecord], expected: tuple[str, str]
) -> None:
    assert run("s3.bucket_default_encryption_kms", snapshot(records)) == [
        (expected[0], BUCKET_ARN, expected[1])
    ]


# --- s3.bucket_versioning --------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            {"Status": "Enabled", "MFADelete": "Enabled"},
            ("pass", "versioning is Enabled; MFA delete is Enabled"),
            id="enabled-with-mfa",
        ),
        pytest.param(
            {"Status": "Enabled"},
            ("pass", "versioning is Enabled; MFA delete is Disabled"),
            id="enabled",
        ),
        pytest.param(
            {"Status": "Suspended", "MFADelete": "Disabled"},
            ("fail", "versioning is Suspended; MFA delete is Disabled"),
            id="suspended",
        ),
        pytest.param(
            {}, ("fail", "versioning was never enabled; MFA delete is Disabled"), id="never"
        ),
    ],
)
def test_bucket_versioning(data: dict[str, str], expected: tuple[str, str]) -> None:
    records = _one_bucket(ok("s3", "GetBucketVersioning", data, GLOBAL, BUCKET))
    assert run("s3.bucket_versioning", snapshot(records)) == [
        (expected[0], BUCKET_ARN, expected[1])
    ]


def test_bucket_versioning_not_collected_is_error() -> None:
    assert run("s3.bucket_versioning", snapshot(_one_bucket())) == [
        (
            "error",
            BUCKET_ARN,
            "could not assess: s3:GetBucketVersioning for data was not collected",
        )
    ]


# --- s3.bucket_cross_account_access --------------------------------------------

ROLE = f"arn:aws:iam::{OTHER_ACCOUNT}:role/reader"


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(_one_bucket(), ("pass", "no bucket policy"), id="no-policy"),
        pytest.param(
            _one_bucket(
                policy=policy_text(
                    statement("Allow", {"AWS": f"arn:aws:iam::{ACCOUNT}:role/app"}, "s3:GetObject"),
                    DENY_HTTP,
                )
            ),
            ("pass", "policy grants no other account"),
            id="own-account-only",
        ),
        pytest.param(
            _one_bucket(policy=policy_text(statement("Allow", {"AWS": ROLE}, "s3:GetObject"))),
            ("fail", f"policy grants account {OTHER_ACCOUNT}: s3:GetObject"),
            id="foreign-role",
        ),
        pytest.param(
            _one_bucket(
                policy=policy_text(
                    statement(
                        "Allow",
                        {"AWS": [OTHER_ACCOUNT, "arn:aws:iam::333333333333:root"]},
                        ["s3:GetObject", "s3:PutObject"],
                    )
                )
            ),
            (
                "fail",
                f"policy grants account {OTHER_ACCOUNT}: s3:GetObject, s3:PutObject; "
                "account 333333333333: s3:GetObject, s3:PutObject",
            ),
            id="two-accounts",
        ),
        pytest.param(
            _one_bucket(
                policy=policy_text(
                    statement(
                        "Allow",
                        {"AWS": OTHER_ACCOUNT},
                        "s3:GetObject",
                        condition={"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
                    )
                )
            ),
            ("pass", "policy grants no other account"),
            id="foreign-grant-limited-to-endpoint",
        ),
        pytest.param(
            _one_bucket(NO_ACCOUNT_BPA, policy=policy_text(PUBLIC_READ)),
            ("not_applicable", "policy allows any AWS account, which s3.bucket_public reports"),
            id="public-reported-elsewhere",
        ),
        pytest.param(
            _one_bucket(
                bpa_record(ALL_BLOCKED),
                policy=policy_text(PUBLIC_READ, statement("Allow", {"AWS": ROLE}, "s3:PutObject")),
            ),
            (
                "pass",
                "policy is public, but account RestrictPublicBuckets blocks "
                "every cross-account grant in it",
            ),
            id="restricted-public-policy",
        ),
        pytest.param(
            _one_bucket(
                NO_ACCOUNT_BPA,
                policy=policy_text(PUBLIC_READ, statement("Allow", {"AWS": ROLE}, "s3:PutObject")),
            ),
            ("fail", f"policy grants account {OTHER_ACCOUNT}: s3:GetObject, s3:PutObject"),
            id="public-and-named",
        ),
        pytest.param(
            _one_bucket(ACCOUNT_BPA_DENIED, policy=policy_text(PUBLIC_READ)),
            ("error", "could not assess: AccessDenied on s3:GetAccountPublicAccessBlock"),
            id="public-bpa-unreadable",
        ),
    ],
)
def test_bucket_cross_account_access(records: list[CallRecord], expected: tuple[str, str]) -> None:
    assert run("s3.bucket_cross_account_access", snapshot(records)) == [
        (expected[0], BUCKET_ARN, expected[1])
    ]


def test_results_name_each_bucket() -> None:
    records = [
        ok("s3", "ListBuckets", {"Buckets": [{"Name": "a"}, {"Name": "b"}]}, GLOBAL),
        ok("s3", "GetBucketVersioning", {"Status": "Enabled"}, GLOBAL, "a"),
        denied("s3", "GetBucketVersioning", GLOBAL, "b"),
    ]
    expected: list[Result] = [
        ("pass", "arn:aws:s3:::a", "versioning is Enabled; MFA delete is Disabled"),
        (
            "error",
            "arn:aws:s3:::b",
            "could not assess: AccessDenied on s3:GetBucketVersioning for b",
        ),
    ]
    assert run("s3.bucket_versioning", snapshot(records)) == expected
