"""Privilege escalation: users and roles that can make themselves
admin-equivalent. The snapshot is turned into an account model here, and
seawall.policy.escalation judges it by evaluating requests."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from seawall.checks._iam_data import authorization_details, load_policy, policy_error_reason
from seawall.checks._policy_judge import ADMIN_PROBES
from seawall.checks.context import CheckContext
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity
from seawall.inventory.snapshot import Snapshot
from seawall.policy import Policy, PolicyError
from seawall.policy.escalation import (
    AccountModel,
    Group,
    Identity,
    ManagedPolicy,
    Workload,
    find_escalations,
)

log = logging.getLogger(__name__)

AUTH_DETAILS = "iam:GetAccountAuthorizationDetails"


class _Unreadable(Exception):
    """An identity whose permissions cannot be known; ``reason`` gives the cause."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _ModelBuilder:
    """Turns a GetAccountAuthorizationDetails record into an AccountModel."""

    account_id: str
    details: dict[str, Any]
    policies: dict[str, ManagedPolicy] = field(default_factory=dict)
    broken_policies: dict[str, str] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    group_arns: dict[str, str] = field(default_factory=dict)
    # Identity ARN -> reason it could not be assessed.
    errors: dict[str, str] = field(default_factory=dict)

    def build(self, workloads: tuple[Workload, ...], regions: tuple[str, ...]) -> AccountModel:
        self._read_policies()
        self._read_groups()
        identities = [
            *self._read(self.details.get("UserDetailList", []), "user"),
            *self._read(self.details.get("RoleDetailList", []), "role"),
        ]
        return AccountModel(
            self.account_id, tuple(identities), self.groups, self.policies, workloads, regions
        )

    def _read_policies(self) -> None:
        for item in self.details.get("Policies", []):
            arn = str(item.get("Arn", ""))
            # NOTE: moto 5.2.5 leaves PolicyName out, so the ARN supplies the name.
            name = str(item.get("PolicyName") or arn.rsplit("/", 1)[-1])
            default_id = item.get("DefaultVersionId")
            default: Policy | None = None
            others: list[tuple[str, Policy]] = []
            try:
                for version in item.get("PolicyVersionList", []):
                    version_id = str(version.get("VersionId", ""))
                    parsed = load_policy(version.get("Document"), f"{arn} {version_id}".strip())
                    if version.get("IsDefaultVersion") or version_id == default_id:
                        default = parsed
                    else:
                        others.append((version_id, parsed))
            except PolicyError as exc:
                self.broken_policies[arn] = policy_error_reason(exc)
                continue
            if default is None:
                self.broken_policies[arn] = f"could not assess: {arn} has no default version"
                continue
            self.policies[arn] = ManagedPolicy(arn, name, default, tuple(others))

    def _read_groups(self) -> None:
        for item in self.details.get("GroupDetailList", []):
            arn = str(item.get("Arn", ""))
            name = str(item.get("GroupName", ""))
            self.group_arns[name] = arn
            try:
                inline = self._inline(item, "GroupPolicyList", arn)
                attached = self._attached(item, f"group/{name}")
            except _Unreadable as problem:
                self.errors[arn] = problem.reason
                continue
            self.groups[arn] = Group(name, arn, (*inline, *attached), self._attached_arns(item))

    def _read(self, items: list[dict[str, Any]], kind: str) -> Iterator[Identity]:
        for item in items:
            arn = str(item.get("Arn", ""))
            try:
                yield self._identity(item, kind, arn)
            except _Unreadable as problem:
                self.errors[arn] = problem.reason

    def _identity(self, item: dict[str, Any], kind: str, arn: str) -> Identity:
        name = str(item.get("UserName" if kind == "user" else "RoleName", ""))
        label = f"{kind}/{name}"
        policies = [*self._inline(item, f"{kind.capitalize()}PolicyList", arn)]
        policies += self._attached(item, label)
        attached = list(self._attached_arns(item))
        group_arns: list[str] = []
        for group_name in item.get("GroupList", []) or []:
            group_arn = self.group_arns.get(str(group_name), "")
            group = self.groups.get(group_arn)
            if group is None:
                raise _Unreadable(
                    f"could not assess: group {group_name} of {label} is missing or unreadable"
                )
            group_arns.append(group_arn)
            policies += group.policies
            attached += group.attached
        trust = None
        if kind == "role":
            trust = self._parse(item.get("AssumeRolePolicyDocument"), f"trust policy of {arn}")
        return Identity(
            kind="user" if kind == "user" else "role",
            name=name,
            arn=arn,
            account=self.account_id,
            policies=tuple(policies),
            boundary=self._boundary(item, label),
            attached=tuple(dict.fromkeys(attached)),
            groups=tuple(group_arns),
            tags={str(t.get("Key")): str(t.get("Value", "")) for t in item.get("Tags", []) or []},
            trust=trust,
            instance_profiles=tuple(
                str(p.get("Arn", "")) for p in item.get("InstanceProfileList", []) or []
            ),
        )

    def _inline(self, item: dict[str, Any], key: str, owner: str) -> list[Policy]:
        return [
            self._parse(
                inline.get("PolicyDocument"), f"{owner}/inline-policy/{inline.get('PolicyName')}"
            )
            for inline in item.get(key, []) or []
        ]

    def _attached_arns(self, item: dict[str, Any]) -> tuple[str, ...]:
        return tuple(str(p.get("PolicyArn", "")) for p in item.get("AttachedManagedPolicies", []))

    def _attached(self, item: dict[str, Any], label: str) -> list[Policy]:
        return [self._managed(arn, label) for arn in self._attached_arns(item)]

    def _boundary(self, item: dict[str, Any], label: str) -> Policy | None:
        boundary = item.get("PermissionsBoundary") or {}
        arn = boundary.get("PermissionsBoundaryArn")
        return self._managed(str(arn), label) if arn else None

    def _managed(self, arn: str, label: str) -> Policy:
        if arn in self.broken_policies:
            raise _Unreadable(self.broken_policies[arn])
        managed = self.policies.get(arn)
        if managed is None:
            raise _Unreadable(
                f"could not assess: policy {arn} of {label} is not in the authorization details"
            )
        return managed.default

    def _parse(self, document: Any, name: str) -> Policy:
        try:
            return load_policy(document, name)
        except PolicyError as exc:
            raise _Unreadable(policy_error_reason(exc)) from exc


def _workloads(snapshot: Snapshot) -> tuple[Workload, ...]:
    """Read Lambda functions and EC2 instances where they were collected.

    Missing data only hides the paths through existing workloads, so it is
    not an error.
    """
    found: list[Workload] = []
    for region in snapshot.regions:
        functions = snapshot.get("lambda", "ListFunctions", region)
        if functions is not None and functions.ok and isinstance(functions.data, dict):
            for item in functions.data.get("Functions", []):
                found.append(
                    Workload(
                        "function",
                        str(item.get("FunctionArn", "")),
                        str(item.get("FunctionName", "")),
                        region,
                        str(item.get("Role", "")),
                    )
                )
        instances = snapshot.get("ec2", "DescribeInstances", region)
        if instances is not None and instances.ok and isinstance(instances.data, dict):
            found.extend(_instances(instances.data, snapshot.account_id, region))
    return tuple(found)


def _instances(data: dict[str, Any], account: str, region: str) -> Iterator[Workload]:
    for reservation in data.get("Reservations", []):
        for item in reservation.get("Instances", []):
            profile = (item.get("IamInstanceProfile") or {}).get("Arn")
            state = (item.get("State") or {}).get("Name")
            if not profile or state in ("terminated", "shutting-down"):
                continue
            instance_id = str(item.get("InstanceId", ""))
            arn = f"arn:aws:ec2:{region}:{account}:instance/{instance_id}"
            yield Workload("instance", arn, instance_id, region, str(profile))


@check(
    id="iam.privilege_escalation",
    title="No user or role can make itself admin-equivalent",
    severity=Severity.HIGH,
    practice=Practice.IAM,
    permissions=(AUTH_DETAILS,),
    risk=(
        "A principal that can change its own policies, mint credentials for a stronger user, "
        "assume or rewrite a stronger role, or run code as one through a service holds "
        "administrator power in all but name, whatever its policies list."
    ),
    remediation=(
        "Remove the permission named in the finding from the principal's policies, or limit "
        "it to resources that grant no more than the principal has (for iam:PassRole, list "
        "role ARNs and add an iam:PassedToService condition), or set a permissions boundary: "
        "aws iam put-role-permissions-boundary --role-name ROLE --permissions-boundary "
        "POLICY_ARN (put-user-permissions-boundary for users)"
    ),
)
def privilege_escalation(ctx: CheckContext) -> Iterator[Finding]:
    builder = _ModelBuilder(ctx.account_id, authorization_details(ctx))
    regions = tuple(ctx.regions) or ("us-east-1",)
    model = builder.build(_workloads(ctx.snapshot), regions)
    for arn, reason in builder.errors.items():
        if arn not in builder.groups and ":group/" not in arn:
            yield ctx.error(arn, reason)
    for verdict in find_escalations(model, ADMIN_PROBES):
        who = verdict.identity
        if verdict.admin:
            yield ctx.not_applicable(
                who.arn,
                f"{who.label} is admin-equivalent already, so it has nothing to escalate to",
            )
        elif verdict.path is not None:
            yield ctx.failed(who.arn, verdict.path.describe())
        else:
            yield ctx.passed(who.arn, f"{who.label} has no path to admin-equivalent permissions")
