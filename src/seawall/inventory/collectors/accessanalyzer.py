"""IAM Access Analyzer: the analyzers of each region."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "accessanalyzer"


@collector(SERVICE, "regional")
def collect_accessanalyzer(ctx: CollectContext, region: str) -> None:
    ctx.call(SERVICE, "ListAnalyzers", region=region, paginate=True)
