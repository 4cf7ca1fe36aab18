"""The demo account, seeded in-process and collected: both kinds of resource in every area."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest

from seawall.demo.names import PLANTED_SECRETS, PRIMARY_REGION, SECONDARY_REGION
from seawall.demo.run import build_demo_snapshot
from seawall.inventory.snapshot import Snapshot

Split = tuple[set[str], set[str]]


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    # Seeding and collecting take several seconds, so one build serves the module.
    return build_demo_snapshot()


def _data(
    snapshot: Snapshot, service: str, operation: str, region: str = "global", resource: str = ""
) -> Any:
    record = snapshot.get(service, operation, region, resource)
    assert record is not None, f"{service}:{operation} {region} {resource} was not collected"
    assert record.ok, record.describe_failure()
    return record.data


def _iam_users_mfa(snapshot: Snapshot) -> Split:
    report = _data(snapshot, "iam", "GetCredentialReport")["Content"]
    rows = [line.split(",") for line in report.strip().splitlines()]
    header = rows[0]
    users = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    console = [u for u in users if u["password_enabled"] == "true"]
    with_mfa = {u["user"] for u in console if u["mfa_active"] == "true"}
    without = {u["user"] for u in console if u["mfa_active"] != "true"}
    return with_mfa, without


def _iam_role_trust(snapshot: Snapshot) -> Split:
    roles = _data(snapshot, "iam", "GetAccountAuthorizationDetails")["RoleDetailList"]
    conditioned, open_trust = set(), set()
    for role in roles:
        statements = role["AssumeRolePolicyDocument"]["Statement"]
        if all("Condition" in statement for statement in statements):
            conditioned.add(role["RoleName"])
        else:
            open_trust.add(role["RoleName"])
    return conditioned, open_trust


def _kms_rotation(snapshot: Snapshot) -> Split:
    rotated, unrotated = set(), set()
    for record in snapshot.find("kms", "GetKeyRotationStatus", PRIMARY_REGION):
        target = rotated if record.data["KeyRotationEnabled"] else unrotated
        target.add(record.resource)
    return rotated, unrotated


def _lambda_env(snapshot: Snapshot) -> Split:
    functions = _data(snapshot, "lambda", "ListFunctions", PRIMARY_REGION)["Functions"]
    referencing, plaintext = set(), set()
    for function in functions:
        variables = function["Environment"]["Variables"]
        lengths = {name: value["length"] for name, value in variables.items()}
        if "AWS_SECRET_ACCESS_KEY" in lengths:
            plaintext.add(function["FunctionName"])
        else:
            referencing.add(function["FunctionName"])
    return referencing, plaintext


def _regional_presence(service: str, operation: str, key: str) -> Callable[[Snapshot], Split]:
    def split(snapshot: Snapshot) -> Split:
        enabled, missing = set(), set()
        for region in (PRIMARY_REGION, SECONDARY_REGION):
            record = snapshot.get(service, operation, region)
            assert record is not None
            has_any = record.ok and bool(record.data.get(key))
            (enabled if has_any else missing).add(region)
        return enabled, missing

    return split


def _trail_validation(snapshot: Snapshot) -> Split:
    validated, unvalidated = set(), set()
    for region in (PRIMARY_REGION, SECONDARY_REGION):
        for trail in _data(snapshot, "cloudtrail", "DescribeTrails", region)["trailList"]:
            target = validated if trail["LogFileValidationEnabled"] else unvalidated
            target.add(trail["Name"])
    return validated, unvalidated


def _open_ssh(snapshot: Snapshot) -> Split:
    groups = _data(snapshot, "ec2", "DescribeSecurityGroups", PRIMARY_REGION)["SecurityGroups"]
    restricted, open_to_world = set(), set()
    for group in groups:
        if group["GroupName"] not in {"bastion-ssh", "web-internal"}:
            continue
        cidrs = {r["CidrIp"] for p in group["IpPermissions"] for r in p.get("IpRanges", [])}
        (open_to_world if "0.0.0.0/0" in cidrs else restricted).add(group["GroupName"])
    return restricted, open_to_world


def _imds(snapshot: Snapshot) -> Split:
    reservations = _data(snapshot, "ec2", "DescribeInstances", PRIMARY_REGION)["Reservations"]
    required, optional = set(), set()
    for instance in (i for r in reservations for i in r["Instances"]):
        name = next(t["Value"] for t in instance["Tags"] if t["Key"] == "Name")
        target = required if instance["MetadataOptions"]["HttpTokens"] == "required" else optional
        target.add(name)
    return required, optional


def _ebs_default(snapshot: Snapshot) -> Split:
    on, off = set(), set()
    for region in (PRIMARY_REGION, SECONDARY_REGION):
        enabled = _data(snapshot, "ec2", "GetEbsEncryptionByDefault", region)
        (on if enabled["EbsEncryptionByDefault"] else off).add(region)
    return on, off


def _bucket_public(snapshot: Snapshot) -> Split:
    private, public = set(), set()
    for record in snapshot.find("s3", "GetBucketPolicyStatus"):
        if record.ok:
            (public if record.data["PolicyStatus"]["IsPublic"] else private).add(record.resource)
    return private, public


def _scp_targets(snapshot: Snapshot) -> Split:
    covered, uncovered = set(), set()
    ous = [
        ou
        for record in snapshot.find("organizations", "ListOrganizationalUnitsForParent")
        for ou in record.data["OrganizationalUnits"]
    ]
    targeted = {
        target["TargetId"]
        for record in snapshot.find("organizations", "ListTargetsForPolicy")
        # The FullAWSAccess SCP and RCP are attached everywhere by default and deny nothing.
        if record.ok and record.resource not in {"p-FullAWSAccess", "p-RCPFullAWSAccess"}
        for target in record.data["Targets"]
    }
    for ou in ous:
        (covered if ou["Id"] in targeted else uncovered).add(ou["Name"])
    return covered, uncovered


def _secrets_rotation(snapshot: Snapshot) -> Split:
    secrets = _data(snapshot, "secretsmanager", "ListSecrets", PRIMARY_REGION)["SecretList"]
    rotating = {s["Name"] for s in secrets if s.get("RotationEnabled")}
    return rotating, {s["Name"] for s in secrets} - rotating


def _alarms(snapshot: Snapshot) -> Split:
    filters = _data(snapshot, "logs", "DescribeMetricFilters", PRIMARY_REGION)["metricFilters"]
    alarms = _data(snapshot, "cloudwatch", "DescribeAlarms", PRIMARY_REGION)["MetricAlarms"]
    alarmed = {f["filterName"] for f in filters} & {a["MetricName"] for a in alarms}
    cis_families = {"unauthorized-api-calls", "root-account-usage", "console-signin-without-mfa"}
    return alarmed, cis_families - alarmed


@pytest.mark.parametrize(
    ("split", "good", "bad"),
    [
        pytest.param(_iam_users_mfa, {"alice"}, {"bob"}, id="iam-console-mfa"),
        pytest.param(
            _iam_role_trust,
            {"config-recorder", "vendor-readonly"},
            {
                "lambda-exec",
                "partner-audit",
                "cloudtrail-to-logs",
                "flow-logs-delivery",
                "developer",
            },
            id="iam-role-trust",
        ),
        pytest.param(_scp_targets, {"Workloads"}, {"Sandbox"}, id="mfa-scp-ous"),
        pytest.param(
            _secrets_rotation, {"prod/orders/db"}, {"prod/legacy/api-key"}, id="secrets-rotation"
        ),
        pytest.param(_lambda_env, {"billing-worker"}, {"orders-api"}, id="secrets-lambda-env"),
        pytest.param(
            _regional_presence("securityhub", "DescribeHub", "HubArn"),
            {PRIMARY_REGION},
            {SECONDARY_REGION},
            id="security-hub",
        ),
        pytest.param(
            _regional_presence("guardduty", "ListDetectors", "DetectorIds"),
            {PRIMARY_REGION},
            {SECONDARY_REGION},
            id="guardduty",
        ),
        pytest.param(
            _regional_presence(
                "config", "DescribeConfigurationRecorders", "ConfigurationRecorders"
            ),
            {PRIMARY_REGION},
            {SECONDARY_REGION},
            id="config",
        ),
        pytest.param(
            _trail_validation, {"organization-trail"}, {"eu-legacy-trail"}, id="cloudtrail"
        ),
        pytest.param(
            _alarms,
            {"unauthorized-api-calls", "root-account-usage"},
            {"console-signin-without-mfa"},
            id="monitoring",
        ),
        pytest.param(_open_ssh, {"web-internal"}, {"bastion-ssh"}, id="network-ssh"),
        pytest.param(_imds, {"app-imdsv2"}, {"legacy-imdsv1"}, id="network-imds"),
        pytest.param(_ebs_default, {PRIMARY_REGION}, {SECONDARY_REGION}, id="network-ebs"),
        pytest.param(
            _bucket_public,
            {"demo-secure-data-123456789012", "demo-cloudtrail-logs-123456789012"},
            {"demo-public-assets-123456789012"},
            id="s3-public",
        ),
    ],
)
def test_demo_area_has_both_kinds(
    snapshot: Snapshot, split: Callable[[Snapshot], Split], good: set[str], bad: set[str]
) -> None:
    compliant, non_compliant = split(snapshot)

    assert compliant == good
    assert non_compliant == bad


def test_demo_kms_keys(snapshot: Snapshot) -> None:
    rotated, unrotated = _kms_rotation(snapshot)
    specs = {
        record.data["KeyMetadata"]["KeySpec"]
        for record in snapshot.find("kms", "DescribeKey", PRIMARY_REGION)
    }
    states = {
        record.data["KeyMetadata"]["KeyState"]
        for record in snapshot.find("kms", "DescribeKey", PRIMARY_REGION)
    }
    public_policies = [
        record.resource
        for record in snapshot.find("kms", "GetKeyPolicy", PRIMARY_REGION)
        if '"Principal": "*"' in json.dumps(json.loads(record.data["Policy"]))
    ]

    assert len(rotated) == 3
    assert len(unrotated) == 1
    assert specs == {"SYMMETRIC_DEFAULT", "ECC_NIST_P256"}
    assert "PendingDeletion" in states
    assert len(public_policies) == 1


def test_demo_s3_account_block_partial(snapshot: Snapshot) -> None:
    block = _data(snapshot, "s3control", "GetPublicAccessBlock")["PublicAccessBlockConfiguration"]

    assert block["BlockPublicAcls"] is True
    assert block["BlockPublicPolicy"] is False


def test_demo_account_contact_and_billing(snapshot: Snapshot) -> None:
    contact = _data(snapshot, "account", "GetAlternateContact", resource="SECURITY")
    alarms = _data(snapshot, "cloudwatch", "DescribeAlarms", PRIMARY_REGION)["MetricAlarms"]

    assert contact["AlternateContact"]["EmailAddress"] == "security@example.com"
    assert "EstimatedCharges" in {alarm["MetricName"] for alarm in alarms}


def test_demo_iam_password_policy_weak(snapshot: Snapshot) -> None:
    policy = _data(snapshot, "iam", "GetAccountPasswordPolicy")["PasswordPolicy"]

    assert policy["MinimumPasswordLength"] == 8
    assert policy["RequireSymbols"] is False


def test_demo_planted_secrets_absent(snapshot: Snapshot) -> None:
    dumped = json.dumps([record.to_json() for record in snapshot.records.values()])

    for secret in PLANTED_SECRETS:
        assert secret not in dumped


def test_demo_secret_shapes_recorded(snapshot: Snapshot) -> None:
    token = _data(snapshot, "ssm", "GetParameter", PRIMARY_REGION, "/prod/ci/github-token")
    task_definitions = list(snapshot.find("ecs", "DescribeTaskDefinition", PRIMARY_REGION))
    environments = [
        variable
        for record in task_definitions
        for container in record.data["taskDefinition"]["containerDefinitions"]
        for variable in container.get("environment", [])
    ]

    assert token["Parameter"]["Value"]["redacted"] is True
    assert snapshot.get("ssm", "GetParameter", PRIMARY_REGION, "/prod/orders/db-password") is None
    assert {v["name"] for v in environments} == {"DB_PASSWORD", "PORT"}
    assert all(v["value"]["redacted"] is True for v in environments)


def test_demo_environment_restored(monkeypatch: pytest.MonkeyPatch, snapshot: Snapshot) -> None:
    # The module fixture already ran the demo once; run it again with a
    # profile set to show the caller's environment comes back unchanged.
    monkeypatch.setenv("AWS_PROFILE", "someone-else")
    monkeypatch.delenv("MOTO_IAM_LOAD_MANAGED_POLICIES", raising=False)
    before = dict(os.environ)

    build_demo_snapshot()

    assert dict(os.environ) == before
    assert snapshot.account_id == "123456789012"
