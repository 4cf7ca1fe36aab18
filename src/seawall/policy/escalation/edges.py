"""Edges of the escalation graph: ways for one identity to act as another.

An edge from A to B means A can obtain B's permissions: assume the role B,
rewrite B's trust policy and assume it, mint credentials for the user B, or
make a service or a running workload act as the role B.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from seawall.policy.escalation.authorizer import Authorizer
from seawall.policy.escalation.model import AccountModel, Identity, Workload
from seawall.policy.escalation.paths import Step
from seawall.policy.escalation.services import (
    EC2_PRINCIPAL,
    LAUNCHES,
    NEW_INSTANCE_PROFILE,
    RUN_INSTANCES,
    ActionOn,
    Launch,
)
from seawall.policy.model import Policy
from seawall.policy.parse import parse_policy
from seawall.policy.request import ContextInput

Edge = tuple[Step, Identity]
ASSUME = "sts:AssumeRole"
CREDENTIAL_ACTIONS = (
    ("iam:CreateAccessKey", "create an access key for {target}"),
    ("iam:CreateLoginProfile", "create a console password for {target}"),
    ("iam:UpdateLoginProfile", "reset the console password of {target}"),
)
RUN_SHELL_DOCUMENT = "arn:aws:ssm:{region}::document/AWS-RunShellScript"


def resource_tags(target: Identity) -> dict[str, ContextInput]:
    """Return the context keys that describe ``target`` as the resource of a request."""
    keys: dict[str, ContextInput] = {"aws:ResourceAccount": target.account}
    for tag, value in target.tags.items():
        keys[f"aws:ResourceTag/{tag}"] = value
        keys[f"iam:ResourceTag/{tag}"] = value
    return keys


class TrustIndex:
    """Which roles' trust policies could name a given identity.

    The Principal elements only choose whom to evaluate, and evaluation decides.
    """

    def __init__(self, roles: list[Identity], account_id: str) -> None:
        self.everyone: list[Identity] = []
        self.account_wide: list[Identity] = []
        self.naming: dict[str, list[Identity]] = {}
        own = {account_id, f"arn:aws:iam::{account_id}:root"}
        for role in roles:
            if role.trust is None:
                continue
            named: set[str] = set()
            wildcard = account = False
            for statement in role.trust.statements:
                if statement.effect != "Allow":
                    continue
                element = statement.principal
                if statement.not_principal is not None or (element and element.wildcard):
                    wildcard = True
                    continue
                for value in element.aws if element else ():
                    text = value.strip()
                    wildcard |= text == "*"
                    account |= text in own
                    named.add(text)
            if wildcard:
                self.everyone.append(role)
            elif account:
                self.account_wide.append(role)
            for arn in named:
                self.naming.setdefault(arn, []).append(role)


class EdgeFinder:
    """Finds the edges that leave each identity, over one account."""

    def __init__(self, model: AccountModel, auth: Authorizer) -> None:
        self.model = model
        self.auth = auth
        self.by_arn = {who.arn: who for who in model.identities}
        self.users = [who for who in model.identities if who.kind == "user"]
        self.roles = [who for who in model.identities if who.kind == "role"]
        self.trusts = TrustIndex(self.roles, model.account_id)
        self._trust_naming: dict[str, Policy] = {}
        self._by_service: dict[str, list[Identity]] = {}
        # Identities with one subject for an action (Authorizer.action_subject)
        # get the same decision for a request, so the per-target loops below
        # run once per subject rather than once per identity. A trust policy
        # that reads the caller keeps its decisions per identity.
        self._assume_edges: dict[object, dict[str, Edge | None]] = {}
        self._credential_edges: dict[tuple[object, str], list[Edge]] = {}
        self._caller_free: dict[str, bool] = {}

    def edges(self, who: Identity) -> list[Edge]:
        found: dict[str, Edge] = {}
        for edge in self._all_edges(who):
            target = edge[1]
            if target.arn != who.arn:
                found.setdefault(target.arn, edge)
        return list(found.values())

    def _all_edges(self, who: Identity) -> Iterator[Edge]:
        yield from self._assume(who)
        yield from self._rewrite_trust(who)
        yield from self._credentials(who)
        yield from self._launches(who)
        yield from self._ec2(who)
        yield from self._workloads(who)

    def _assume(self, who: Identity) -> Iterator[Edge]:
        candidates = [*self.trusts.everyone, *self.trusts.naming.get(who.arn, [])]
        if self.auth.could_allow(who, ASSUME):
            candidates.extend(self.trusts.account_wide)
        unique = {role.arn: role for role in candidates}
        shared = self._assume_edges.setdefault(self.auth.action_subject(who, ASSUME), {})
        missing = [role for arn, role in unique.items() if arn not in shared]
        allowed = {
            role.arn
            for role in self.auth.allowed_targets(
                who, ASSUME, missing, resource_tags, lambda role: role.trust
            )
        }
        own: dict[str, Edge | None] = {}
        for role in missing:
            edge = None
            if role.arn in allowed:
                edge = Step(f"assume {role.label}", (ASSUME,), role.label), role
            (shared if self._trust_caller_free(role) else own)[role.arn] = edge
        for arn in unique:
            edge = shared[arn] if arn in shared else own[arn]
            if edge is not None:
                yield edge

    def _trust_caller_free(self, role: Identity) -> bool:
        """Tell whether the role's trust policy decides alike for identities of one subject."""
        found = self._caller_free.get(role.arn)
        if found is None:
            found = role.trust is not None and not self.auth.reads_caller(role.trust)
            self._caller_free[role.arn] = found
        return found

    def _rewrite_trust(self, who: Identity) -> Iterator[Edge]:
        action = "iam:UpdateAssumeRolePolicy"
        if not self.auth.could_allow(who, action):
            return
        trust = self._trust_naming_policy(who)
        for role in self.auth.screen_targets(who, action, self.roles):
            if self.auth.allowed(
                who, action, role.arn, fixed=resource_tags(role)
            ) and self.auth.allowed(
                who, ASSUME, role.arn, fixed=resource_tags(role), resource_policy=trust
            ):
                text = f"rewrite the trust policy of {role.label} and assume it"
                yield Step(text, (action, ASSUME), role.label), role

    def _trust_naming_policy(self, who: Identity) -> Policy:
        """Return the trust policy an attacker would write to let ``who`` assume a role."""
        found = self._trust_naming.get(who.arn)
        if found is None:
            document = {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": who.arn}, "Action": ASSUME}],
            }
            found = parse_policy(document, name=f"trust policy naming {who.label}")
            self._trust_naming[who.arn] = found
        return found

    def _credentials(self, who: Identity) -> Iterator[Edge]:
        for action, text in CREDENTIAL_ACTIONS:
            key = (self.auth.action_subject(who, action), action)
            found = self._credential_edges.get(key)
            if found is None:
                found = [
                    (Step(text.format(target=user.label), (action,), user.label), user)
                    for user in self.auth.allowed_targets(who, action, self.users, resource_tags)
                ]
                self._credential_edges[key] = found
            for edge in found:
                if edge[1].arn != who.arn:
                    yield edge

    def _launches(self, who: Identity) -> Iterator[Edge]:
        if not self.auth.could_allow(who, "iam:PassRole"):
            return
        for launch in LAUNCHES:
            actions = self._usable_alternative(who, launch.alternatives)
            if actions is None:
                continue
            for role in self._service_roles(launch.principal):
                if self._may_pass(who, role, launch.principal):
                    text = f"pass {role.label} to {launch.how}"
                    yield Step(text, ("iam:PassRole", *actions), role.label), role

    def _ec2(self, who: Identity) -> Iterator[Edge]:
        if not self.auth.could_allow(who, "iam:PassRole"):
            return
        run = self._usable_alternative(who, ((RUN_INSTANCES,),))
        if run is None:
            return
        profile = NEW_INSTANCE_PROFILE
        create = (("iam:CreateInstanceProfile", profile), ("iam:AddRoleToInstanceProfile", profile))
        new_profile = self._usable_alternative(who, (create,))
        for role in self._service_roles(EC2_PRINCIPAL):
            if not role.instance_profiles and new_profile is None:
                continue
            if not self._may_pass(who, role, EC2_PRINCIPAL):
                continue
            if role.instance_profiles:
                text = f"pass {role.label} to a new EC2 instance through its instance profile"
                actions = ("iam:PassRole", *run)
            else:
                text = f"put {role.label} in a new instance profile and pass it to an EC2 instance"
                actions = ("iam:PassRole", *run, *new_profile)  # type: ignore[misc]
            yield Step(text, actions, role.label), role

    def _workloads(self, who: Identity) -> Iterator[Edge]:
        for workload in self.model.workloads:
            for role in self._roles_of(workload):
                actions = self._workload_actions(who, workload)
                if actions is not None:
                    text = f"{actions[0]} {workload.name}, which runs as {role.label}"
                    yield Step(text, actions[1], role.label), role

    def _workload_actions(
        self, who: Identity, workload: Workload
    ) -> tuple[str, tuple[str, ...]] | None:
        """Return how ``who`` can run its own code in ``workload``, or None."""
        if workload.kind == "function":
            action = "lambda:UpdateFunctionCode"
            if self.auth.allowed(who, action, workload.arn):
                return "replace the code of Lambda function", (action,)
            return None
        document = RUN_SHELL_DOCUMENT.format(region=workload.region)
        if self.auth.allowed(who, "ssm:SendCommand", workload.arn) and self.auth.allowed(
            who, "ssm:SendCommand", document
        ):
            return "run a command on EC2 instance", ("ssm:SendCommand",)
        if self.auth.allowed(who, "ssm:StartSession", workload.arn):
            return "open a shell on EC2 instance", ("ssm:StartSession",)
        return None

    def _roles_of(self, workload: Workload) -> list[Identity]:
        if workload.kind == "function":
            role = self.by_arn.get(workload.runs_as)
            return [role] if role is not None else []
        return self._profile_roles.get(workload.runs_as, [])

    @cached_property
    def _profile_roles(self) -> dict[str, list[Identity]]:
        found: dict[str, list[Identity]] = {}
        for role in self.roles:
            for profile in role.instance_profiles:
                found.setdefault(profile, []).append(role)
        return found

    def _service_roles(self, service: str) -> list[Identity]:
        found = self._by_service.get(service)
        if found is None:
            found = [role for role in self.roles if self.auth.service_may_assume(role, service)]
            self._by_service[service] = found
        return found

    def _may_pass(self, who: Identity, role: Identity, service: str) -> bool:
        fixed = {**resource_tags(role), "iam:PassedToService": service}
        return self.auth.allowed(who, "iam:PassRole", role.arn, fixed=fixed)

    def _usable_alternative(
        self, who: Identity, alternatives: tuple[tuple[ActionOn, ...], ...]
    ) -> tuple[str, ...] | None:
        """Return the actions of the first alternative ``who`` may perform in some region."""
        for alternative in alternatives:
            if not all(self.auth.could_allow(who, action) for action, _ in alternative):
                continue
            for region in self.model.regions:
                if all(
                    self.auth.allowed(
                        who,
                        action,
                        template.format(region=region, account=self.model.account_id),
                    )
                    for action, template in alternative
                ):
                    return tuple(action for action, _ in alternative)
        return None


__all__ = ["Edge", "EdgeFinder", "Launch", "resource_tags"]
