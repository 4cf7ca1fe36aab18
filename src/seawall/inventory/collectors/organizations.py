"""Organizations: the organization, its tree of OUs and accounts, SCPs and RCPs.

Only the management account and delegated administrators may read an
organization; from a member account the calls are recorded as denied.
"""

from __future__ import annotations

from functools import partial

from seawall.inventory.collect import CollectContext, collector

SERVICE = "organizations"
POLICY_TYPES = ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")


@collector(SERVICE, "global")
def collect_organizations(ctx: CollectContext, region: str) -> None:
    organization = ctx.call(SERVICE, "DescribeOrganization", region=region)
    if not organization.ok:
        # Outside an organization (not_enabled) every other call fails the same way.
        return
    roots = ctx.call(SERVICE, "ListRoots", region=region, paginate=True)
    if roots.ok:
        _walk_tree(ctx, region, [str(root["Id"]) for root in roots.data.get("Roots", [])])
    ctx.call(SERVICE, "ListAccounts", region=region, paginate=True)
    policy_ids: list[str] = []
    for policy_type in POLICY_TYPES:
        listed = ctx.call(
            SERVICE,
            "ListPolicies",
            region=region,
            resource=policy_type,
            paginate=True,
            params={"Filter": policy_type},
        )
        if listed.ok:
            policy_ids.extend(str(policy["Id"]) for policy in listed.data.get("Policies", []))
    ctx.map(lambda policy_id: _collect_policy(ctx, region, policy_id), policy_ids)


def _walk_tree(ctx: CollectContext, region: str, roots: list[str]) -> None:
    """List the OUs and accounts under every parent, one tree level at a time."""
    level = roots
    while level:
        next_level: list[str] = []
        ctx.map(partial(_collect_parent, ctx, region, next_level), level)
        level = sorted(next_level)


def _collect_parent(ctx: CollectContext, region: str, found: list[str], parent_id: str) -> None:
    """Record the OUs and accounts directly under ``parent_id``; add the OU ids to ``found``."""
    ous = ctx.call(
        SERVICE,
        "ListOrganizationalUnitsForParent",
        region=region,
        resource=parent_id,
        paginate=True,
        params={"ParentId": parent_id},
    )
    ctx.call(
        SERVICE,
        "ListAccountsForParent",
        region=region,
        resource=parent_id,
        paginate=True,
        params={"ParentId": parent_id},
    )
    if ous.ok:
        # list.extend is atomic, so parallel parents can share ``found``.
        found.extend(str(ou["Id"]) for ou in ous.data.get("OrganizationalUnits", []))


def _collect_policy(ctx: CollectContext, region: str, policy_id: str) -> None:
    ctx.call(
        SERVICE, "DescribePolicy", region=region, resource=policy_id, params={"PolicyId": policy_id}
    )
    ctx.call(
        SERVICE,
        "ListTargetsForPolicy",
        region=region,
        resource=policy_id,
        paginate=True,
        params={"PolicyId": policy_id},
    )
