"""Denied access to one service, injected over HTTP: its checks give ``error``, never ``pass``."""

from __future__ import annotations

import boto3
import pytest

from seawall.aws.actions import iam_action_for
from seawall.aws.outcome import CallStatus
from seawall.aws.session import SessionOptions
from seawall.checks.registry import CheckMeta
from seawall.checks.runner import load_checks, run_checks
from seawall.findings.model import Finding, Status
from seawall.inventory.run import run_collection
from seawall.inventory.snapshot import Snapshot

from .conftest import point_boto3_at
from .faults import FaultLog, deny_service, error_codes
from .fixture_account import REGION

pytestmark = pytest.mark.e2e

# One attempt: botocore does not retry a 403, and moto_server's HTML 500
# for operations it lacks (IAM Access Analyzer) need not be retried here.
OPTIONS = SessionOptions(regions=(REGION,), max_attempts=1)

# S3 Control's one action shares the s3 prefix with the bucket calls.
S3_CONTROL_ACTIONS = frozenset({iam_action_for("s3control", "GetPublicAccessBlock")})

# Checks that may pass on other data while this service is denied.
ALLOWED_TO_PASS: dict[str, frozenset[str]] = {
    # A CloudWatch billing alarm is enough when the budgets cannot be read.
    "budgets": frozenset({"account.billing_alarm"}),
    # The account's public access block matters only for a bucket whose
    # policy or ACL is public or grants other accounts. Buckets without such
    # grants pass on their policy and ACL alone.
    "s3control": frozenset({"s3.bucket_public", "s3.bucket_cross_account_access"}),
}

# Checks that fail on data read before the denied service's: a CIS alarm
# family without a matching metric filter fails whatever the alarms and
# their subscriptions are. The fixture has filters for two families only
# (unauthorized API calls and root usage), whose checks do give the error.
_FILTER_FAILS = frozenset(
    {
        "cloudwatch.alarm_console_login_without_mfa",
        "cloudwatch.alarm_iam_policy_changes",
        "cloudwatch.alarm_cloudtrail_changes",
        "cloudwatch.alarm_console_auth_failures",
        "cloudwatch.alarm_kms_key_disable_or_deletion",
        "cloudwatch.alarm_s3_bucket_policy_changes",
        "cloudwatch.alarm_config_changes",
        "cloudwatch.alarm_security_group_changes",
        "cloudwatch.alarm_nacl_changes",
        "cloudwatch.alarm_network_gateway_changes",
        "cloudwatch.alarm_route_table_changes",
        "cloudwatch.alarm_vpc_changes",
        "cloudwatch.alarm_organizations_changes",
    }
)
FAILS_BEFORE_DENIED_DATA: dict[str, frozenset[str]] = {
    "cloudwatch": _FILTER_FAILS,
    "sns": _FILTER_FAILS,
}

# IAM Access Analyzer's checks never pass on moto 5.2.5, which lacks the service.
NOT_PASSING_ON_MOTO = frozenset({"accessanalyzer"})

SERVICES = [
    "iam",
    "organizations",
    "account",
    "accessanalyzer",
    "kms",
    "secretsmanager",
    "ssm",
    "lambda",
    "ecs",
    "securityhub",
    "guardduty",
    "config",
    "cloudtrail",
    "cloudwatch",
    "logs",
    "sns",
    "ec2",
    "s3",
    "s3control",
    "budgets",
]


def dependent_actions(meta: CheckMeta, service: str) -> list[str]:
    """Return the permissions of a check that calls to ``service`` need."""
    prefix = iam_action_for(service, "").split(":")[0]
    actions = [item for item in meta.permissions if item.split(":")[0].lower() == prefix]
    if service == "s3control":
        return [item for item in actions if item in S3_CONTROL_ACTIONS]
    if service == "s3":
        return [item for item in actions if item not in S3_CONTROL_ACTIONS]
    return actions


def dependent_checks(service: str) -> list[str]:
    return sorted(
        check_id
        for check_id, item in load_checks().items()
        if dependent_actions(item.meta, service)
    )


@pytest.fixture(scope="module")
def clean_findings(fixture_account: str) -> list[Finding]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_boto3_at(fixture_account, monkeypatch)
        snapshot = run_collection(OPTIONS, session=boto3.Session())
    return run_checks(snapshot, load_checks().values())


def collect_denied(endpoint: str, service: str, log: FaultLog) -> Snapshot:
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_boto3_at(endpoint, monkeypatch)
        session = boto3.Session()
        deny_service(session, service, log)
        return run_collection(OPTIONS, session=session)


@pytest.mark.parametrize("service", [pytest.param(name, id=name) for name in SERVICES])
def test_denied_service_checks_error(fixture_account: str, service: str) -> None:
    log = FaultLog()
    snapshot = collect_denied(fixture_account, service, log)
    findings = run_checks(snapshot, load_checks().values())

    records = [item for item in snapshot.records.values() if item.service == service]
    assert records, f"no {service} call was recorded"
    assert {item.status for item in records} == {CallStatus.ACCESS_DENIED}
    assert {entry[0] for entry in log.injected} == {service}
    code = error_codes(service).access_denied
    denied_reasons = {f"{code} on {item.iam_action}" for item in records}

    checks = dependent_checks(service)
    assert checks, f"no check depends on {service}"
    allowed = ALLOWED_TO_PASS.get(service, frozenset())
    passed = {item.check_id for item in findings if item.status is Status.PASS}
    assert passed & set(checks) == allowed
    named = {
        item.check_id
        for item in findings
        if item.status is Status.ERROR and any(reason in item.reason for reason in denied_reasons)
    }
    unnamed = set(checks) - named - allowed
    assert unnamed == FAILS_BEFORE_DENIED_DATA.get(service, frozenset())
    for item in findings:
        if item.check_id in unnamed:
            assert item.status is Status.FAIL, item


@pytest.mark.parametrize(
    "service",
    [pytest.param(name, id=name) for name in SERVICES if name not in NOT_PASSING_ON_MOTO],
)
def test_clean_run_passes_dependent_checks(clean_findings: list[Finding], service: str) -> None:
    # Without this, the denial test could hold only because the checks never pass.
    checks = set(dependent_checks(service))

    passing = {item.check_id for item in clean_findings if item.status is Status.PASS}

    assert checks & passing, f"no check on {service} passes without the denial"
