"""Checks and snapshots built in code, so the CLI tests need neither AWS nor the real checks."""

from __future__ import annotations

from collections.abc import Iterator

from seawall.aws.outcome import CallStatus
from seawall.checks.context import CheckContext
from seawall.checks.registry import Check, CheckMeta
from seawall.findings.model import Finding, Practice, Severity
from seawall.inventory.snapshot import CallRecord, Snapshot

ACCOUNT = "123456789012"


def root_mfa(ctx: CheckContext) -> Iterator[Finding]:
    summary = ctx.data("iam", "GetAccountSummary")["SummaryMap"]
    if summary.get("AccountMFAEnabled") == 1:
        yield ctx.passed(ctx.snapshot.account_arn, "the root user has MFA")
    else:
        yield ctx.failed(ctx.snapshot.account_arn, "the root user has no MFA device")


def key_rotation(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        for key in ctx.data("kms", "ListKeys", region)["Keys"]:
            arn = key["KeyArn"]
            rotation = ctx.data("kms", "GetKeyRotationStatus", region, key["KeyId"])
            if rotation["KeyRotationEnabled"]:
                yield ctx.passed(arn, "automatic rotation is enabled", region)
            else:
                yield ctx.failed(arn, "automatic rotation is disabled", region)

    return ctx.per_region(in_region)


def security_contact(ctx: CheckContext) -> Iterator[Finding]:
    yield ctx.not_applicable(ctx.snapshot.account_arn, "checked by the organization")


def _meta(check_id: str, severity: Severity, practice: Practice, title: str) -> CheckMeta:
    return CheckMeta(
        id=check_id,
        title=title,
        severity=severity,
        practice=practice,
        permissions=("iam:GetAccountSummary",),
        risk="test risk",
        remediation="test remediation",
        cis=("1.5",),
        fsbp=("IAM.9",),
    )


TEST_CHECKS: dict[str, Check] = {
    "iam.root_mfa": Check(
        _meta("iam.root_mfa", Severity.CRITICAL, Practice.IAM, "The root user has MFA"), root_mfa
    ),
    "kms.key_rotation": Check(
        _meta("kms.key_rotation", Severity.MEDIUM, Practice.KMS, "KMS keys rotate"), key_rotation
    ),
    "account.security_contact": Check(
        _meta("account.security_contact", Severity.LOW, Practice.ACCOUNT, "Security contact"),
        security_contact,
    ),
}


def make_snapshot(*, root_mfa: bool = False, rotation: bool = False) -> Snapshot:
    """Build an account with one KMS key in us-east-1 and no KMS data in eu-west-1."""
    snapshot = Snapshot(
        account_id=ACCOUNT,
        regions=["us-east-1", "eu-west-1"],
        collected_at="2026-12-04T19:00:00+00:00",
        seawall_version="0.1.0",
    )
    snapshot.add(
        CallRecord(
            "iam",
            "GetAccountSummary",
            "global",
            "",
            CallStatus.OK,
            {"SummaryMap": {"AccountMFAEnabled": 1 if root_mfa else 0}},
        )
    )
    key_arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k1"
    snapshot.add(
        CallRecord(
            "kms",
            "ListKeys",
            "us-east-1",
            "",
            CallStatus.OK,
            {"Keys": [{"KeyId": "k1", "KeyArn": key_arn}]},
        )
    )
    snapshot.add(
        CallRecord(
            "kms",
            "GetKeyRotationStatus",
            "us-east-1",
            "k1",
            CallStatus.OK,
            {"KeyRotationEnabled": rotation},
        )
    )
    snapshot.add(
        CallRecord(
            "kms",
            "ListKeys",
            "eu-west-1",
            "",
            CallStatus.ACCESS_DENIED,
            error_code="AccessDenied",
            error_message="not authorized",
        )
    )
    return snapshot
