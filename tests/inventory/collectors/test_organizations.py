"""Organizations collector against moto in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.organizations import collect_organizations

Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
DenyFunc = Callable[[str, str], None]
# The AWS managed policies every organization has (moto creates both).
FULL_ACCESS = ("p-FullAWSAccess", "p-RCPFullAWSAccess")


@dataclass(frozen=True)
class Tree:
    root: str
    ou: str
    nested_ou: str
    scp: str
    rcp: str


def deny_document(action: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": action, "Resource": "*"}],
        }
    )


@pytest.fixture
def tree(ctx: CollectContext) -> Tree:
    client = ctx.clients.client("organizations", "us-east-1")
    client.create_organization(FeatureSet="ALL")
    root = client.list_roots()["Roots"][0]["Id"]
    ou = client.create_organizational_unit(ParentId=root, Name="workloads")
    nested = client.create_organizational_unit(ParentId=ou["OrganizationalUnit"]["Id"], Name="prod")
    account = client.create_account(Email="prod@example.com", AccountName="prod")
    account_id = account["CreateAccountStatus"]["AccountId"]
    nested_id = nested["OrganizationalUnit"]["Id"]
    client.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=nested_id)
    scp = client.create_policy(
        Content=deny_document("iam:*"), Description="", Name="no-iam", Type="SERVICE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]["Id"]
    rcp = client.create_policy(
        Content=deny_document("s3:*"), Description="", Name="no-s3", Type="RESOURCE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]["Id"]
    client.attach_policy(PolicyId=scp, TargetId=nested_id)
    return Tree(root, ou["OrganizationalUnit"]["Id"], nested_id, scp, rcp)


def test_records_and_statuses(ctx: CollectContext, tree: Tree, statuses: Statuses) -> None:
    collect_organizations(ctx, "global")

    expected = {
        ("organizations", "global", "DescribeOrganization", ""): "ok",
        ("organizations", "global", "ListRoots", ""): "ok",
        ("organizations", "global", "ListAccounts", ""): "ok",
        ("organizations", "global", "ListPolicies", "SERVICE_CONTROL_POLICY"): "ok",
        ("organizations", "global", "ListPolicies", "RESOURCE_CONTROL_POLICY"): "ok",
    }
    for parent in (tree.root, tree.ou, tree.nested_ou):
        expected[("organizations", "global", "ListOrganizationalUnitsForParent", parent)] = "ok"
        expected[("organizations", "global", "ListAccountsForParent", parent)] = "ok"
    for policy in (*FULL_ACCESS, tree.scp, tree.rcp):
        expected[("organizations", "global", "DescribePolicy", policy)] = "ok"
        expected[("organizations", "global", "ListTargetsForPolicy", policy)] = "ok"
    assert statuses() == expected


def test_policy_data(ctx: CollectContext, tree: Tree) -> None:
    collect_organizations(ctx, "global")

    described = ctx.snapshot.get("organizations", "DescribePolicy", resource=tree.scp)
    targets = ctx.snapshot.get("organizations", "ListTargetsForPolicy", resource=tree.scp)
    nested_accounts = ctx.snapshot.get(
        "organizations", "ListAccountsForParent", resource=tree.nested_ou
    )
    assert described is not None
    assert targets is not None
    assert nested_accounts is not None
    assert json.loads(described.data["Policy"]["Content"]) == json.loads(deny_document("iam:*"))
    assert [t["TargetId"] for t in targets.data["Targets"]] == [tree.nested_ou]
    assert [a["Name"] for a in nested_accounts.data["Accounts"]] == ["prod"]


def test_outside_organization_stops(ctx: CollectContext, statuses: Statuses) -> None:
    collect_organizations(ctx, "global")

    assert statuses() == {
        ("organizations", "global", "DescribeOrganization", ""): "not_enabled",
    }


def test_denied_roots_skip_tree(
    ctx: CollectContext, tree: Tree, deny: DenyFunc, statuses: Statuses
) -> None:
    deny("organizations", "ListRoots")
    deny("organizations", "ListPolicies")

    collect_organizations(ctx, "global")

    assert tree.root
    assert statuses() == {
        ("organizations", "global", "DescribeOrganization", ""): "ok",
        ("organizations", "global", "ListRoots", ""): "access_denied",
        ("organizations", "global", "ListAccounts", ""): "ok",
        ("organizations", "global", "ListPolicies", "SERVICE_CONTROL_POLICY"): "access_denied",
        ("organizations", "global", "ListPolicies", "RESOURCE_CONTROL_POLICY"): "access_denied",
    }
