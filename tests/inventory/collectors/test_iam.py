"""IAM collector against moto in-process."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors import iam
from seawall.inventory.collectors.iam import collect_iam, keep_default_policy_versions

Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
DenyFunc = Callable[[str, str], None]


def policy_document(action: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}],
        }
    )


@pytest.fixture(autouse=True)
def no_poll_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(iam, "REPORT_POLL_INTERVAL_SECONDS", 0.0)


@pytest.fixture
def key_id(ctx: CollectContext) -> str:
    client = ctx.clients.client("iam", "us-east-1")
    client.create_user(UserName="alice")
    client.create_user(UserName="bob")
    arn = client.create_policy(PolicyName="ops", PolicyDocument=policy_document("s3:Get*"))[
        "Policy"
    ]["Arn"]
    client.create_policy_version(
        PolicyArn=arn, PolicyDocument=policy_document("s3:List*"), SetAsDefault=True
    )
    return str(client.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"])


def test_records_and_statuses(ctx: CollectContext, key_id: str, statuses: Statuses) -> None:
    collect_iam(ctx, "global")

    assert statuses() == {
        ("iam", "global", "GetAccountAuthorizationDetails", ""): "ok",
        ("iam", "global", "GenerateCredentialReport", ""): "ok",
        ("iam", "global", "GetCredentialReport", ""): "ok",
        ("iam", "global", "GetAccountSummary", ""): "ok",
        ("iam", "global", "GetAccountPasswordPolicy", ""): "not_found",
        ("iam", "global", "ListVirtualMFADevices", ""): "ok",
        ("iam", "global", "ListAccessKeys", "alice"): "ok",
        ("iam", "global", "ListAccessKeys", "bob"): "ok",
        ("iam", "global", "GetAccessKeyLastUsed", key_id): "ok",
    }


def test_only_default_policy_version_kept(ctx: CollectContext, key_id: str) -> None:
    collect_iam(ctx, "global")

    details = ctx.snapshot.get("iam", "GetAccountAuthorizationDetails")
    assert details is not None
    assert key_id
    # moto 5.2.5 leaves PolicyName out of these entries, so match on the ARN.
    ops = next(p for p in details.data["Policies"] if p["Arn"].endswith(":policy/ops"))
    versions = [(v["VersionId"], v["IsDefaultVersion"]) for v in ops["PolicyVersionList"]]
    assert versions == [("v2", True)]


def test_credential_report_is_csv_text(ctx: CollectContext, key_id: str) -> None:
    collect_iam(ctx, "global")

    report = ctx.snapshot.get("iam", "GetCredentialReport")
    generated = ctx.snapshot.get("iam", "GenerateCredentialReport")
    assert report is not None
    assert generated is not None
    assert key_id
    assert generated.data["State"] == "COMPLETE"
    lines = report.data["Content"].splitlines()
    assert lines[0].startswith("user,arn,user_creation_time,")
    # AWS adds a <root_account> row; moto 5.2.5 does not.
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["alice", "bob"]


def test_denied_details_skips_access_keys(
    ctx: CollectContext, key_id: str, deny: DenyFunc, statuses: Statuses
) -> None:
    deny("iam", "GetAccountAuthorizationDetails")
    deny("iam", "GenerateCredentialReport")

    collect_iam(ctx, "global")

    assert key_id
    assert statuses() == {
        ("iam", "global", "GetAccountAuthorizationDetails", ""): "access_denied",
        ("iam", "global", "GenerateCredentialReport", ""): "access_denied",
        ("iam", "global", "GetCredentialReport", ""): "not_found",
        ("iam", "global", "GetAccountSummary", ""): "ok",
        ("iam", "global", "GetAccountPasswordPolicy", ""): "not_found",
        ("iam", "global", "ListVirtualMFADevices", ""): "ok",
    }


def test_password_policy_ok_when_set(ctx: CollectContext) -> None:
    ctx.clients.client("iam", "us-east-1").update_account_password_policy(MinimumPasswordLength=14)

    collect_iam(ctx, "global")

    record = ctx.snapshot.get("iam", "GetAccountPasswordPolicy")
    assert record is not None
    assert record.data["PasswordPolicy"]["MinimumPasswordLength"] == 14


@pytest.mark.parametrize(
    ("versions", "kept"),
    [
        pytest.param(
            [
                {"VersionId": "v1", "IsDefaultVersion": False},
                {"VersionId": "v2", "IsDefaultVersion": True},
            ],
            ["v2"],
            id="two-versions",
        ),
        pytest.param([], [], id="no-versions"),
    ],
)
def test_keep_default_policy_versions(versions: list[dict[str, object]], kept: list[str]) -> None:
    details = {"Policies": [{"PolicyName": "p", "PolicyVersionList": versions}]}

    result = keep_default_policy_versions(details)

    assert [v["VersionId"] for v in result["Policies"][0]["PolicyVersionList"]] == kept
