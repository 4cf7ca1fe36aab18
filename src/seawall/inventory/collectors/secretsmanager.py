"""Secrets Manager secrets (metadata only) and their resource policies, per region."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "secretsmanager"


@collector(SERVICE, "regional")
def collect_secretsmanager(ctx: CollectContext, region: str) -> None:
    # ListSecrets returns metadata and rotation settings, never secret values;
    # seawall does not call GetSecretValue.
    secrets = ctx.call(SERVICE, "ListSecrets", region=region, paginate=True)
    if not secrets.ok:
        return
    arns = [str(secret["ARN"]) for secret in secrets.data.get("SecretList", [])]
    ctx.map(lambda arn: _collect_policy(ctx, region, arn), arns)


def _collect_policy(ctx: CollectContext, region: str, arn: str) -> None:
    ctx.call(SERVICE, "GetResourcePolicy", region=region, resource=arn, params={"SecretId": arn})
