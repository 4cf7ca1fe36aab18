"""AWS Budgets of the account (a budget or a billing alarm watches spend)."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "budgets"


@collector(SERVICE, "global")
def collect_budgets(ctx: CollectContext, region: str) -> None:
    ctx.call(SERVICE, "DescribeBudgets", region=region, params={"AccountId": ctx.account_id})
