"""The root user and MFA: root MFA, root access keys, root use, and MFA for
console users. Everything here reads the IAM credential report, and the
hardware MFA check also reads the list of virtual MFA devices."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from seawall.checks._iam_data import credential_report, reference_time, root_row
from seawall.checks.context import CheckContext
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity

CREDENTIAL_REPORT = ("iam:GenerateCredentialReport", "iam:GetCredentialReport")
# CIS 1.6 asks to review the root user's last-use dates but sets no window.
# seawall uses 90 days, the same window CIS gives for rotating access keys:
# the few tasks that need root (closing the account, changing the support
# plan) are rare enough that a use within 90 days deserves a look.
ROOT_USE_DAYS = 90


@check(
    id="iam.root_mfa_enabled",
    title="The root user has MFA enabled",
    severity=Severity.CRITICAL,
    practice=Practice.MFA_SCP,
    permissions=CREDENTIAL_REPORT,
    risk="Without MFA, the root user's password alone gives unrestricted control of the account.",
    remediation=(
        "Sign in as root, open Security credentials and assign an MFA device (a FIDO2 "
        "security key or a hardware TOTP token)."
    ),
    cis=("1.4",),
    fsbp=("IAM.9",),
)
def root_mfa_enabled(ctx: CheckContext) -> Iterator[Finding]:
    row = root_row(ctx)
    if row.flag("mfa_active"):
        yield ctx.passed(row.arn, "root user has MFA enabled")
    else:
        yield ctx.failed(row.arn, "root user has no MFA device")


@check(
    id="iam.root_hardware_mfa",
    title="The root user's MFA is a hardware device",
    severity=Severity.HIGH,
    practice=Practice.MFA_SCP,
    permissions=(*CREDENTIAL_REPORT, "iam:ListVirtualMFADevices"),
    risk=(
        "A virtual MFA app lives on a phone or laptop that can be lost, cloned or compromised "
        "together with the password."
    ),
    remediation=(
        "Sign in as root, assign a FIDO2 security key or hardware TOTP token, then remove the "
        "virtual device: aws iam delete-virtual-mfa-device --serial-number "
        "arn:aws:iam::ACCOUNT_ID:mfa/root-account-mfa-device"
    ),
    cis=("1.5",),
    fsbp=("IAM.6",),
)
def root_hardware_mfa(ctx: CheckContext) -> Iterator[Finding]:
    row = root_row(ctx)
    if not row.flag("mfa_active"):
        yield ctx.failed(row.arn, "root user has no MFA device")
        return
    data = ctx.data("iam", "ListVirtualMFADevices")
    devices = data.get("VirtualMFADevices", []) if isinstance(data, dict) else []
    root_serial = f"arn:{ctx.snapshot.partition}:iam::{ctx.account_id}:mfa/root-account-mfa-device"
    virtual = [
        d
        for d in devices
        if d.get("SerialNumber") == root_serial
        or (d.get("User") or {}).get("Arn") == ctx.snapshot.account_arn
    ]
    if virtual:
        yield ctx.failed(row.arn, "root user's MFA is a virtual device")
    else:
        yield ctx.passed(row.arn, "root user's MFA is not a virtual device")


@check(
    id="iam.root_access_keys_absent",
    title="The root user has no active access keys",
    severity=Severity.CRITICAL,
    practice=Practice.MFA_SCP,
    permissions=CREDENTIAL_REPORT,
    risk="A root access key gives unrestricted API access that no policy or SCP can limit.",
    remediation=(
        "Sign in as root, open Security credentials, deactivate and delete each access key."
    ),
    cis=("1.3",),
    fsbp=("IAM.4",),
)
def root_access_keys_absent(ctx: CheckContext) -> Iterator[Finding]:
    row = root_row(ctx)
    active = [f"access key {n}" for n in (1, 2) if row.flag(f"access_key_{n}_active")]
    if active:
        yield ctx.failed(row.arn, f"root user has an active {' and '.join(active)}")
    else:
        yield ctx.passed(row.arn, "root user has no active access key")


@check(
    id="iam.root_recently_used",
    title="The root user was not used in the last 90 days",
    severity=Severity.HIGH,
    practice=Practice.MFA_SCP,
    permissions=CREDENTIAL_REPORT,
    risk=(
        "Daily work as root bypasses every IAM policy and SCP, and one stolen session "
        "compromises the whole account."
    ),
    remediation=(
        "Do administrative work through IAM roles or IAM Identity Center, keep root for the "
        "tasks that require it, and delete root access keys."
    ),
    cis=("1.6",),
    fsbp=("IAM.20",),
)
def root_recently_used(ctx: CheckContext) -> Iterator[Finding]:
    now = reference_time(ctx)
    cutoff = now - timedelta(days=ROOT_USE_DAYS)
    row = root_row(ctx)
    uses = {
        "password": row.time("password_last_used"),
        "access key 1": row.time("access_key_1_last_used_date"),
        "access key 2": row.time("access_key_2_last_used_date"),
    }
    recent = [
        f"{label} on {when.date().isoformat()}"
        for label, when in uses.items()
        if when is not None and when >= cutoff
    ]
    if recent:
        yield ctx.failed(
            row.arn, f"root user was used in the last {ROOT_USE_DAYS} days: {', '.join(recent)}"
        )
    else:
        yield ctx.passed(row.arn, f"root user was not used in the last {ROOT_USE_DAYS} days")


@check(
    id="iam.console_user_mfa",
    title="Every IAM user with a console password has MFA",
    severity=Severity.HIGH,
    practice=Practice.MFA_SCP,
    permissions=CREDENTIAL_REPORT,
    risk="A console password alone falls to phishing, guessing and reuse from other breaches.",
    remediation=(
        "aws iam create-virtual-mfa-device --virtual-mfa-device-name USER --outfile qr.png "
        "--bootstrap-method QRCodePNG, then aws iam enable-mfa-device --user-name USER "
        "--serial-number SERIAL --authentication-code1 CODE1 --authentication-code2 CODE2"
    ),
    cis=("1.9",),
    fsbp=("IAM.5",),
)
def console_user_mfa(ctx: CheckContext) -> Iterator[Finding]:
    for row in credential_report(ctx):
        if row.is_root:
            continue
        if not row.flag("password_enabled"):
            yield ctx.not_applicable(row.arn, "user has no console password")
        elif row.flag("mfa_active"):
            yield ctx.passed(row.arn, "user has a console password and MFA")
        else:
            yield ctx.failed(row.arn, "user has a console password and no MFA")
