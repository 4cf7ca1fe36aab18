"""Tests over the whole check registry: the public ids exist, and every
check is documented, mapped to its practice and covered by a test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seawall.checks.registry import Check
from seawall.checks.runner import load_checks
from seawall.findings.model import Practice

# Check ids are a public contract: users put them in CI gates and
# suppression files. Removing or renaming one breaks them.
REQUIRED_IDS: dict[Practice, tuple[str, ...]] = {
    Practice.IAM: (
        "iam.policy_admin_equivalent",
        "iam.policy_service_wildcard",
        "iam.user_policies_attached",
        "iam.user_access_keys",
        "iam.access_key_rotated_90d",
        "iam.credentials_unused_45d",
        "iam.password_policy_strong",
        "iam.access_analyzer_enabled",
    ),
    Practice.MFA_SCP: (
        "iam.root_mfa_enabled",
        "iam.root_hardware_mfa",
        "iam.root_access_keys_absent",
        "iam.root_recently_used",
        "iam.console_user_mfa",
        "organizations.scp_deny_without_mfa",
        "organizations.scp_protect_security_services",
        "organizations.scp_deny_leave_organization",
    ),
    Practice.KMS: (
        "kms.key_rotation_enabled",
        "kms.key_policy_not_public",
        "kms.iam_decrypt_all_keys",
        "kms.key_pending_deletion",
    ),
    Practice.SECRETS: (
        "secretsmanager.rotation_enabled",
        "secretsmanager.rotated_recently",
        "secretsmanager.secret_unused",
        "lambda.environment_secrets",
        "ecs.task_definition_secrets",
        "ssm.parameter_secret_plaintext",
    ),
    Practice.SECURITY_HUB: ("securityhub.enabled", "securityhub.standards_enabled"),
    Practice.GUARDDUTY: (
        "guardduty.enabled",
        "guardduty.s3_protection",
        "guardduty.eks_audit_logs",
        "guardduty.malware_protection",
        "guardduty.high_severity_findings",
    ),
    Practice.CONFIG: ("config.recorder_all_resources",),
    Practice.CLOUDTRAIL: (
        "cloudtrail.multi_region_logging",
        "cloudtrail.log_file_validation",
        "cloudtrail.kms_encryption",
        "cloudtrail.cloudwatch_delivery",
        "cloudtrail.bucket_not_public",
        "cloudtrail.bucket_access_logging",
    ),
    Practice.NETWORK: (
        "ec2.security_group_admin_ports_open",
        "ec2.nacl_admin_ports_open",
        "ec2.default_security_group_restricts_all",
        "ec2.security_group_egress_unrestricted",
        "ec2.vpc_flow_logs_enabled",
        "ec2.ebs_default_encryption",
        "ec2.instance_imdsv2_required",
    ),
    Practice.S3: (
        "s3.account_public_access_block",
        "s3.bucket_public",
        "s3.bucket_deny_http",
        "s3.bucket_default_encryption_kms",
        "s3.bucket_versioning",
        "s3.bucket_cross_account_access",
    ),
    Practice.ACCOUNT: (
        "account.security_contact",
        "account.billing_alarm",
        "iam.role_trust_confused_deputy",
        "iam.role_trust_cross_account_unconditioned",
    ),
}

# One alarm check per CIS monitoring family.
MIN_CLOUDWATCH_ALARM_CHECKS = 15

TESTS_DIR = Path(__file__).parent


@pytest.fixture(scope="module")
def registry() -> dict[str, Check]:
    return load_checks()


@pytest.fixture(scope="module")
def check_test_sources() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in TESTS_DIR.rglob("*.py")
        if path.name != Path(__file__).name
    )


@pytest.mark.parametrize(
    ("practice", "check_id"),
    [
        pytest.param(practice, check_id, id=check_id)
        for practice, ids in REQUIRED_IDS.items()
        for check_id in ids
    ],
)
def test_required_check_registered(
    registry: dict[str, Check], practice: Practice, check_id: str
) -> None:
    assert check_id in registry
    assert registry[check_id].meta.practice is practice


def test_cloudwatch_alarm_families_registered(registry: dict[str, Check]) -> None:
    alarms = [c for c in registry.values() if c.meta.id.startswith("cloudwatch.alarm_")]
    assert len(alarms) >= MIN_CLOUDWATCH_ALARM_CHECKS
    assert {c.meta.practice for c in alarms} == {Practice.CLOUDTRAIL}


def test_every_practice_has_checks(registry: dict[str, Check]) -> None:
    assert {c.meta.practice for c in registry.values()} == set(Practice)


def test_every_check_documented(registry: dict[str, Check]) -> None:
    undocumented = [
        check_id
        for check_id, item in registry.items()
        if not (item.meta.title and item.meta.risk and item.meta.remediation)
    ]
    assert undocumented == []


def test_every_check_lists_permissions(registry: dict[str, Check]) -> None:
    action = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*]+$")
    bad = [
        check_id
        for check_id, item in registry.items()
        if not item.meta.permissions or not all(action.match(p) for p in item.meta.permissions)
    ]
    assert bad == []


def test_control_ids_well_formed(registry: dict[str, Check]) -> None:
    cis = re.compile(r"^\d+(\.\d+)+$")
    fsbp = re.compile(r"^[A-Za-z0-9]+\.\d+$")
    bad = [
        check_id
        for check_id, item in registry.items()
        if not all(cis.match(c) for c in item.meta.cis)
        or not all(fsbp.match(c) for c in item.meta.fsbp)
    ]
    assert bad == []


def test_every_check_has_a_test(registry: dict[str, Check], check_test_sources: str) -> None:
    untested = [check_id for check_id in registry if check_id not in check_test_sources]
    assert untested == []
