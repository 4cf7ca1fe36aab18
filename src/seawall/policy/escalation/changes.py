"""Policy changes that make an identity admin-equivalent: writing, attaching or
publishing a policy for it, or adding it to a group."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from seawall.policy.escalation.authorizer import ALLOW_ALL, Authorizer
from seawall.policy.escalation.edges import resource_tags
from seawall.policy.escalation.model import AccountModel, Identity
from seawall.policy.escalation.paths import Step
from seawall.policy.model import Policy
from seawall.policy.request import ContextInput

Tags = Mapping[str, ContextInput]

ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
NEW_POLICY_NAME = "seawall-escalation"
CHANGE_ACTIONS = (
    "iam:PutUserPolicy",
    "iam:PutRolePolicy",
    "iam:PutGroupPolicy",
    "iam:AttachUserPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachGroupPolicy",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AddUserToGroup",
)


class PolicyChanges:
    """Finds a change that ``actor`` can make to make ``target`` admin-equivalent."""

    def __init__(self, model: AccountModel, auth: Authorizer) -> None:
        self.model = model
        self.auth = auth
        self._admin_policies: list[tuple[str, str, Policy]] | None = None
        # Keyed by Authorizer.policy_set, because the result depends on the policies only.
        self._may_change: dict[object, bool] = {}

    def make_admin(self, actor: Identity, target: Identity) -> Step | None:
        """Return the first change ``actor`` can make that turns ``target`` admin, or None."""
        if not self.may_change_any(actor) or self.auth.is_admin(target):
            return None
        return next(self._changes(actor, target), None)

    def may_change_any(self, actor: Identity) -> bool:
        """Tell whether ``actor``'s policies could allow any of the changes at all.

        Every change needs one of CHANGE_ACTIONS allowed without a resource
        policy, so a False result means ``make_admin`` finds nothing.
        """
        key = self.auth.policy_set(actor)
        found = self._may_change.get(key)
        if found is None:
            found = any(self.auth.could_allow(actor, action) for action in CHANGE_ACTIONS)
            self._may_change[key] = found
        return found

    def _changes(self, actor: Identity, target: Identity) -> Iterator[Step]:
        name = "itself" if actor.arn == target.arn else target.label
        kind = "User" if target.kind == "user" else "Role"
        tags = resource_tags(target)
        yield from self._write_inline(actor, target, f"iam:Put{kind}Policy", target.arn, name, tags)
        yield from self._attach(actor, target, f"iam:Attach{kind}Policy", target.arn, name, tags)
        for group_arn in target.groups:
            group = self.model.groups.get(group_arn)
            if group is None:
                continue
            where = f"{group.label}, a group of {name}"
            account = {"aws:ResourceAccount": target.account}
            put, attach = "iam:PutGroupPolicy", "iam:AttachGroupPolicy"
            yield from self._write_inline(actor, target, put, group.arn, where, account)
            yield from self._attach(actor, target, attach, group.arn, where, account)
        yield from self._new_versions(actor, target, name)
        if actor.arn == target.arn and target.kind == "user":
            yield from self._join_groups(target)

    def _write_inline(
        self, actor: Identity, target: Identity, action: str, resource: str, where: str, tags: Tags
    ) -> Iterator[Step]:
        if self.auth.allowed(
            actor, action, resource, fixed=tags
        ) and self.auth.admin_with_own_policy(target):
            yield Step(f"put an admin inline policy on {where}", (action,))

    def _attach(
        self, actor: Identity, target: Identity, action: str, resource: str, where: str, tags: Tags
    ) -> Iterator[Step]:
        if not self.auth.could_allow(actor, action):
            return
        for arn, label, document in self._attachable():
            fixed = {**tags, "iam:PolicyARN": arn}
            if self.auth.allowed(actor, action, resource, fixed=fixed) and self.auth.is_admin(
                target, (document,)
            ):
                yield Step(f"attach {label} to {where}", (action,))
                return
        new_arn = f"arn:aws:iam::{self.model.account_id}:policy/{NEW_POLICY_NAME}"
        if (
            self.auth.allowed(actor, "iam:CreatePolicy", new_arn)
            and self.auth.allowed(actor, action, resource, fixed={**tags, "iam:PolicyARN": new_arn})
            and self.auth.admin_with_own_policy(target)
        ):
            yield Step(
                f"create an admin policy and attach it to {where}", ("iam:CreatePolicy", action)
            )

    def _attachable(self) -> list[tuple[str, str, Policy]]:
        """List (ARN, label, document) of managed policies that grant admin on their own."""
        if self._admin_policies is None:
            found: list[tuple[str, str, Policy]] = []
            if ADMINISTRATOR_ACCESS not in self.model.policies:
                # AWS provides AdministratorAccess in every account, collected or not.
                found.append((ADMINISTRATOR_ACCESS, "AdministratorAccess", ALLOW_ALL))
            holder = Identity("role", "seawall-policy-holder", "", self.model.account_id)
            for arn, managed in self.model.policies.items():
                sample = Identity(
                    "role", holder.name, f"{arn}#holder", holder.account, (managed.default,)
                )
                if self.auth.is_admin(sample):
                    found.append((arn, managed.name, managed.default))
            # A path names the first policy that works, so AdministratorAccess and
            # other unconditional grants go before policies that are admin only
            # under a condition (AWSMcpServiceActionsFullAccess needs
            # aws:IsMcpServiceAction). The sort is stable, so ties keep the listing order.
            found.sort(key=lambda entry: (entry[0] != ADMINISTRATOR_ACCESS, _conditional(entry[2])))
            self._admin_policies = found
        return self._admin_policies

    def _new_versions(self, actor: Identity, target: Identity, name: str) -> Iterator[Step]:
        for arn in target.attached:
            managed = self.model.policies.get(arn)
            if managed is None or ":iam::aws:policy/" in arn:
                continue
            where = f"{managed.label}, attached to {name}"
            if self.auth.allowed(
                actor, "iam:CreatePolicyVersion", arn
            ) and self.auth.admin_with_own_policy(target):
                text = f"publish an admin default version of {where}"
                yield Step(text, ("iam:CreatePolicyVersion",))
                continue
            for version, document in managed.other_versions:
                if self.auth.allowed(
                    actor, "iam:SetDefaultPolicyVersion", arn
                ) and self.auth.is_admin(target, (document,)):
                    text = f"make version {version} the default of {where}"
                    yield Step(text, ("iam:SetDefaultPolicyVersion",))
                    break

    def _join_groups(self, user: Identity) -> Iterator[Step]:
        action = "iam:AddUserToGroup"
        if not self.auth.could_allow(user, action):
            return
        for group in self.model.groups.values():
            if group.arn in user.groups:
                continue
            if self.auth.allowed(user, action, group.arn) and self.auth.is_admin(
                user, group.policies
            ):
                yield Step(f"add itself to {group.label}", (action,))
                return


def _conditional(policy: Policy) -> bool:
    """Tell whether any statement of ``policy`` carries a condition."""
    return any(statement.conditions for statement in policy.statements)
