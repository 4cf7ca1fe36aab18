"""Account collector against moto in-process."""

from __future__ import annotations

from collections.abc import Callable

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.account import collect_account

Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
DenyFunc = Callable[[str, str], None]
KEY = ("account", "global", "GetAlternateContact", "SECURITY")


def test_unset_contact_is_not_found(ctx: CollectContext, statuses: Statuses) -> None:
    collect_account(ctx, "global")

    record = ctx.snapshot.get("account", "GetAlternateContact", resource="SECURITY")
    assert statuses() == {KEY: "not_found"}
    assert record is not None
    assert record.error_code == "ResourceNotFoundException"


def test_set_contact_is_recorded(ctx: CollectContext, statuses: Statuses) -> None:
    ctx.clients.client("account", "us-east-1").put_alternate_contact(
        AlternateContactType="SECURITY",
        EmailAddress="security@example.com",
        Name="Security team",
        PhoneNumber="+1-555-0100",
        Title="CISO",
    )

    collect_account(ctx, "global")

    record = ctx.snapshot.get("account", "GetAlternateContact", resource="SECURITY")
    assert statuses() == {KEY: "ok"}
    assert record is not None
    assert record.data["AlternateContact"]["EmailAddress"] == "security@example.com"


def test_denied_contact(ctx: CollectContext, deny: DenyFunc, statuses: Statuses) -> None:
    deny("account", "GetAlternateContact")

    collect_account(ctx, "global")

    assert statuses() == {KEY: "access_denied"}
