"""Read the organization tree and its SCPs out of a Snapshot.

The tree is walked from each root through ListOrganizationalUnitsForParent and
ListAccountsForParent records. For each account the SCPs attached to the root,
to every OU on the way and to the account itself form the levels that
``seawall.policy.evaluate`` takes, in that order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seawall.aws.outcome import CallStatus
from seawall.checks.context import CheckContext, DataUnavailable
from seawall.policy import Policy, PolicyError, parse_policy

SCP = "SERVICE_CONTROL_POLICY"


@dataclass(frozen=True)
class MemberAccount:
    account_id: str
    name: str
    # Ids of the root, then each OU down to the account's parent.
    path: tuple[str, ...]


@dataclass(frozen=True)
class Organization:
    management_account_id: str
    scps_enabled: bool
    accounts: tuple[MemberAccount, ...]


def describe_organization(ctx: CheckContext) -> dict[str, Any] | None:
    """Return the organization, or None when the account is in none."""
    found = ctx.record("organizations", "DescribeOrganization")
    if found.status is CallStatus.NOT_ENABLED:
        return None
    data = ctx.data("organizations", "DescribeOrganization")
    organization = data.get("Organization") if isinstance(data, dict) else None
    if not isinstance(organization, dict):
        raise DataUnavailable("could not assess: DescribeOrganization returned no Organization")
    return organization


def load_organization(ctx: CheckContext, organization: dict[str, Any]) -> Organization:
    roots = _list(ctx, "ListRoots", "", "Roots")
    accounts: list[MemberAccount] = []
    for root in roots:
        accounts.extend(_walk(ctx, (str(root["Id"]),)))
    return Organization(
        management_account_id=str(organization.get("MasterAccountId", "")),
        scps_enabled=organization.get("FeatureSet") == "ALL"
        and all(_scp_enabled(r) for r in roots),
        accounts=tuple(sorted(accounts, key=lambda a: a.account_id)),
    )


def _scp_enabled(root: dict[str, Any]) -> bool:
    types = root.get("PolicyTypes") or []
    # NOTE: moto 5.2.5 returns an empty PolicyTypes list even when SCPs are
    # enabled, so only an explicit list without an ENABLED SCP entry counts
    # as disabled. On AWS, an enabled type is always listed.
    if not types:
        return True
    return any(t.get("Type") == SCP and t.get("Status") == "ENABLED" for t in types)


def _walk(ctx: CheckContext, path: tuple[str, ...]) -> Iterator[MemberAccount]:
    parent = path[-1]
    for account in _list(ctx, "ListAccountsForParent", parent, "Accounts"):
        yield MemberAccount(str(account["Id"]), str(account.get("Name", "")), path)
    for unit in _list(ctx, "ListOrganizationalUnitsForParent", parent, "OrganizationalUnits"):
        yield from _walk(ctx, (*path, str(unit["Id"])))


def _list(ctx: CheckContext, operation: str, resource: str, key: str) -> list[dict[str, Any]]:
    data = ctx.data("organizations", operation, resource=resource)
    items = data.get(key, []) if isinstance(data, dict) else []
    return [i for i in items if isinstance(i, dict)]


class ScpIndex:
    """SCPs by the target they are attached to, parsed on first use."""

    def __init__(self, ctx: CheckContext) -> None:
        self._ctx = ctx
        self._by_target: dict[str, list[str]] = {}
        self._parsed: dict[str, Policy] = {}
        for policy in _list(ctx, "ListPolicies", SCP, "Policies"):
            policy_id = str(policy["Id"])
            for target in _list(ctx, "ListTargetsForPolicy", policy_id, "Targets"):
                self._by_target.setdefault(str(target["TargetId"]), []).append(policy_id)

    def levels(self, account: MemberAccount) -> list[list[Policy]]:
        """Return the SCPs on the path root -> OUs -> account, one list per level."""
        targets = (*account.path, account.account_id)
        return [[self._policy(p) for p in self._by_target.get(t, [])] for t in targets]

    def _policy(self, policy_id: str) -> Policy:
        if policy_id not in self._parsed:
            data = self._ctx.data("organizations", "DescribePolicy", resource=policy_id)
            policy = data.get("Policy", {}) if isinstance(data, dict) else {}
            content = policy.get("Content")
            name = str(policy.get("PolicySummary", {}).get("Name", policy_id))
            if content is None:
                raise DataUnavailable(f"could not assess: SCP {policy_id} has no Content")
            try:
                self._parsed[policy_id] = parse_policy(content, name=f"SCP {name}")
            except PolicyError as exc:
                raise DataUnavailable(
                    f"could not assess: SCP {name} ({policy_id}) is invalid: {exc}"
                ) from exc
        return self._parsed[policy_id]
