from __future__ import annotations

from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.budgets import collect_budgets

Statuses = Callable[[], dict[tuple[str, str, str, str], str]]


def test_budgets_records(session: boto3.Session, ctx: CollectContext, statuses: Statuses) -> None:
    session.client("budgets", region_name="us-east-1").create_budget(
        AccountId=ctx.account_id,
        Budget={
            "BudgetName": "monthly",
            "BudgetLimit": {"Amount": "100", "Unit": "USD"},
            "TimeUnit": "MONTHLY",
            "BudgetType": "COST",
        },
    )

    collect_budgets(ctx, "global")

    assert statuses() == {("budgets", "global", "DescribeBudgets", ""): "ok"}
    record = ctx.snapshot.get("budgets", "DescribeBudgets")
    assert record is not None
    assert [budget["BudgetName"] for budget in record.data["Budgets"]] == ["monthly"]


def test_budgets_denied(
    ctx: CollectContext, deny: Callable[[str, str], None], statuses: Statuses
) -> None:
    deny("budgets", "DescribeBudgets")

    collect_budgets(ctx, "global")

    assert statuses() == {("budgets", "global", "DescribeBudgets", ""): "access_denied"}
