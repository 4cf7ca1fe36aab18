from __future__ import annotations

import json
from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.secretsmanager import collect_secretsmanager

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
FAKE_SECRET = "fake-secret-value-d41d8cd98f00"


def test_secrets_record_policy_per_secret(
    session: boto3.Session, ctx: CollectContext, statuses: Statuses
) -> None:
    client = session.client("secretsmanager", region_name=REGION)
    with_policy = client.create_secret(Name="app/db", SecretString=FAKE_SECRET)["ARN"]
    without_policy = client.create_secret(Name="app/api", SecretString=FAKE_SECRET)["ARN"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}],
    }
    client.put_resource_policy(SecretId=with_policy, ResourcePolicy=json.dumps(policy))

    collect_secretsmanager(ctx, REGION)

    assert statuses() == {
        ("secretsmanager", REGION, "ListSecrets", ""): "ok",
        ("secretsmanager", REGION, "GetResourcePolicy", with_policy): "ok",
        ("secretsmanager", REGION, "GetResourcePolicy", without_policy): "ok",
    }
    record = ctx.snapshot.get("secretsmanager", "GetResourcePolicy", REGION, with_policy)
    assert record is not None
    assert json.loads(record.data["ResourcePolicy"]) == policy
    assert FAKE_SECRET not in json.dumps([r.to_json() for r in ctx.snapshot.records.values()])


def test_secrets_denied_list_stops(
    session: boto3.Session,
    ctx: CollectContext,
    deny: Callable[[str, str], None],
    statuses: Statuses,
) -> None:
    session.client("secretsmanager", region_name=REGION).create_secret(
        Name="app/db", SecretString=FAKE_SECRET
    )
    deny("secretsmanager", "ListSecrets")

    collect_secretsmanager(ctx, REGION)

    assert statuses() == {("secretsmanager", REGION, "ListSecrets", ""): "access_denied"}
