"""Account: the security alternate contact, which AWS uses for security notices."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "account"
CONTACT_TYPE = "SECURITY"


@collector(SERVICE, "global")
def collect_account(ctx: CollectContext, region: str) -> None:
    ctx.call(
        SERVICE,
        "GetAlternateContact",
        region=region,
        resource=CONTACT_TYPE,
        params={"AlternateContactType": CONTACT_TYPE},
    )
