"""Tests for the root user and console MFA checks."""

from __future__ import annotations

from typing import Any

import pytest
from _snapshots_iam import (
    ACCOUNT,
    ACCOUNT_ARN,
    Result,
    credential_report,
    days_ago,
    failed,
    ok,
    report_row,
    root_row,
    run,
    snapshot,
    user_arn,
)

import seawall.checks.root  # noqa: F401  (registers the checks)
from seawall.aws.outcome import CallStatus
from seawall.inventory.snapshot import CallRecord

NO_ROOT_LINE = "could not assess: the credential report has no <root_account> line"


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [credential_report(root_row(mfa_active="true"))],
            ("pass", ACCOUNT_ARN, "root user has MFA enabled"),
            id="enabled",
        ),
        pytest.param(
            [credential_report(root_row())],
            ("fail", ACCOUNT_ARN, "root user has no MFA device"),
            id="disabled",
        ),
        pytest.param(
            [credential_report(report_row("alice"))],
            ("error", ACCOUNT_ARN, NO_ROOT_LINE),
            id="no-root-line",
        ),
        pytest.param(
            [ok("iam", "GetCredentialReport", {"Content": ""})],
            ("error", ACCOUNT_ARN, "could not assess: the credential report is empty"),
            id="empty-report",
        ),
    ],
)
def test_root_mfa_enabled(records: list[CallRecord], expected: Result) -> None:
    assert run("iam.root_mfa_enabled", snapshot(*records)) == [expected]


def _virtual(serial: str, user: dict[str, Any] | None = None) -> dict[str, Any]:
    device: dict[str, Any] = {"SerialNumber": serial}
    if user is not None:
        device["User"] = user
    return device


ROOT_SERIAL = f"arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device"


@pytest.mark.parametrize(
    ("root_mfa", "devices", "expected"),
    [
        pytest.param(
            "true",
            [_virtual(f"arn:aws:iam::{ACCOUNT}:mfa/alice", {"Arn": user_arn("alice")})],
            ("pass", ACCOUNT_ARN, "root user's MFA is not a virtual device"),
            id="hardware",
        ),
        pytest.param(
            "true",
            [_virtual(ROOT_SERIAL)],
            ("fail", ACCOUNT_ARN, "root user's MFA is a virtual device"),
            id="virtual-by-serial",
        ),
        pytest.param(
            "true",
            [_virtual(f"arn:aws:iam::{ACCOUNT}:mfa/renamed", {"Arn": ACCOUNT_ARN})],
            ("fail", ACCOUNT_ARN, "root user's MFA is a virtual device"),
            id="virtual-by-user",
        ),
        pytest.param(
            "false",
            [],
            ("fail", ACCOUNT_ARN, "root user has no MFA device"),
            id="no-mfa",
        ),
    ],
)
def test_root_hardware_mfa(root_mfa: str, devices: list[dict[str, Any]], expected: Result) -> None:
    snap = snapshot(
        credential_report(root_row(mfa_active=root_mfa)),
        ok("iam", "ListVirtualMFADevices", {"VirtualMFADevices": devices}),
    )
    assert run("iam.root_hardware_mfa", snap) == [expected]


def test_root_hardware_mfa_device_list_denied() -> None:
    snap = snapshot(
        credential_report(root_row(mfa_active="true")), failed("iam", "ListVirtualMFADevices")
    )
    assert run("iam.root_hardware_mfa", snap) == [
        ("error", ACCOUNT_ARN, "could not assess: AccessDenied on iam:ListVirtualMFADevices")
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({}, ("pass", ACCOUNT_ARN, "root user has no active access key"), id="none"),
        pytest.param(
            {"access_key_2_active": "true"},
            ("fail", ACCOUNT_ARN, "root user has an active access key 2"),
            id="second-key",
        ),
        pytest.param(
            {"access_key_1_active": "true", "access_key_2_active": "true"},
            ("fail", ACCOUNT_ARN, "root user has an active access key 1 and access key 2"),
            id="both-keys",
        ),
    ],
)
def test_root_access_keys_absent(fields: dict[str, str], expected: Result) -> None:
    snap = snapshot(credential_report(root_row(**fields)))
    assert run("iam.root_access_keys_absent", snap) == [expected]


def test_root_access_keys_report_denied() -> None:
    snap = snapshot(failed("iam", "GetCredentialReport"))
    assert run("iam.root_access_keys_absent", snap) == [
        ("error", ACCOUNT_ARN, "could not assess: AccessDenied on iam:GetCredentialReport")
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param(
            {"password_last_used": days_ago(200)},
            ("pass", ACCOUNT_ARN, "root user was not used in the last 90 days"),
            id="old-use",
        ),
        pytest.param(
            {"password_last_used": "no_information"},
            ("pass", ACCOUNT_ARN, "root user was not used in the last 90 days"),
            id="never-used",
        ),
        pytest.param(
            {"password_last_used": days_ago(3)},
            (
                "fail",
                ACCOUNT_ARN,
                "root user was used in the last 90 days: password on 2026-12-01",
            ),
            id="password-recent",
        ),
        pytest.param(
            {"access_key_1_last_used_date": days_ago(90), "password_last_used": days_ago(91)},
            (
                "fail",
                ACCOUNT_ARN,
                "root user was used in the last 90 days: access key 1 on 2026-09-05",
            ),
            id="key-at-boundary",
        ),
        pytest.param(
            {"password_last_used": "not-a-date-2026"},
            ("pass", ACCOUNT_ARN, "root user was not used in the last 90 days"),
            id="non-date-text",
        ),
        pytest.param(
            {"password_last_used": "2026-13-45T00:00:00+00:00"},
            (
                "error",
                ACCOUNT_ARN,
                "could not assess: credential report column password_last_used of "
                "<root_account> '2026-13-45T00:00:00+00:00' is not an ISO 8601 time",
            ),
            id="invalid-date",
        ),
    ],
)
def test_root_recently_used(fields: dict[str, str], expected: Result) -> None:
    snap = snapshot(credential_report(root_row(**fields)))
    assert run("iam.root_recently_used", snap) == [expected]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            report_row("alice", password_enabled="true", mfa_active="true"),
            ("pass", user_arn("alice"), "user has a console password and MFA"),
            id="with-mfa",
        ),
        pytest.param(
            report_row("alice", password_enabled="true"),
            ("fail", user_arn("alice"), "user has a console password and no MFA"),
            id="without-mfa",
        ),
        pytest.param(
            report_row("alice", access_key_1_active="true"),
            ("not_applicable", user_arn("alice"), "user has no console password"),
            id="keys-only",
        ),
    ],
)
def test_console_user_mfa(row: dict[str, str], expected: Result) -> None:
    snap = snapshot(credential_report(root_row(), row))
    assert run("iam.console_user_mfa", snap) == [expected]


def test_console_user_mfa_report_throttled() -> None:
    snap = snapshot(failed("iam", "GetCredentialReport", CallStatus.THROTTLED, code="Throttling"))
    assert run("iam.console_user_mfa", snap) == [
        (
            "error",
            ACCOUNT_ARN,
            "could not assess: Throttling on iam:GetCredentialReport, "
            "still throttled after retries",
        )
    ]
