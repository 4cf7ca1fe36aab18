"""The account as the escalation analysis sees it: identities, groups, managed
policies and the workloads that run as roles, with their parsed policies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from seawall.policy.model import Policy
from seawall.policy.principal import Principal

IdentityKind = Literal["user", "role"]


@dataclass(frozen=True)
class Group:
    """An IAM group and the identity policies its members receive."""

    name: str
    arn: str
    policies: tuple[Policy, ...] = ()
    attached: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"group/{self.name}"


@dataclass(frozen=True)
class Identity:
    """An IAM user or role: a principal that can make requests.

    ``policies`` is every identity policy in force: inline, attached managed
    (default version) and, for users, those of their groups.
    """

    kind: IdentityKind
    name: str
    arn: str
    account: str
    policies: tuple[Policy, ...] = ()
    boundary: Policy | None = None
    # Managed policy ARNs attached to the identity directly or through a group.
    attached: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    # Roles only: the trust policy and the instance profiles that hold the role.
    trust: Policy | None = None
    instance_profiles: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.kind}/{self.name}"

    @property
    def caller(self) -> Principal:
        """The principal that makes requests: a role acts through a session."""
        if self.kind == "role":
            return Principal.aws(f"arn:aws:sts::{self.account}:assumed-role/{self.name}/seawall")
        return Principal.aws(self.arn)


@dataclass(frozen=True)
class ManagedPolicy:
    """A managed policy: its default version and any other stored versions."""

    arn: str
    name: str
    default: Policy
    # (version id, document) of stored versions that are not the default.
    other_versions: tuple[tuple[str, Policy], ...] = ()

    @property
    def label(self) -> str:
        return f"policy/{self.name}"


@dataclass(frozen=True)
class Workload:
    """A running resource that acts as a role: a Lambda function or an EC2 instance."""

    kind: Literal["function", "instance"]
    arn: str
    name: str
    region: str
    # The role ARN of a function, or the instance profile ARN of an instance.
    runs_as: str


@dataclass(frozen=True)
class AccountModel:
    account_id: str
    identities: tuple[Identity, ...]
    groups: Mapping[str, Group] = field(default_factory=dict)
    policies: Mapping[str, ManagedPolicy] = field(default_factory=dict)
    workloads: tuple[Workload, ...] = ()
    # Regions in which new resources are tried; the first one is tried first.
    regions: tuple[str, ...] = ("us-east-1",)
