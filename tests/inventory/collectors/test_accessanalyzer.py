"""Access Analyzer collector against moto in-process, which does not implement it."""

from __future__ import annotations

from collections.abc import Callable

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.accessanalyzer import collect_accessanalyzer

Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
DenyFunc = Callable[[str, str], None]


def test_not_implemented_in_each_region(ctx: CollectContext, statuses: Statuses) -> None:
    for region in ctx.snapshot.regions:
        collect_accessanalyzer(ctx, region)

    record = ctx.snapshot.get("accessanalyzer", "ListAnalyzers", region="eu-west-1")
    assert statuses() == {
        ("accessanalyzer", "us-east-1", "ListAnalyzers", ""): "not_implemented",
        ("accessanalyzer", "eu-west-1", "ListAnalyzers", ""): "not_implemented",
    }
    assert record is not None
    assert record.data is None


def test_denied(ctx: CollectContext, deny: DenyFunc, statuses: Statuses) -> None:
    deny("accessanalyzer", "ListAnalyzers")

    collect_accessanalyzer(ctx, "us-east-1")

    assert statuses() == {("accessanalyzer", "us-east-1", "ListAnalyzers", ""): "access_denied"}
