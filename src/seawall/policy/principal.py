"""Principals: who makes a request, and the Principal element that names them.

Matching follows the IAM User Guide page "AWS JSON policy elements: Principal":
``"*"`` and ``{"AWS": "*"}`` match everyone, anonymous callers included; an account
id or its ``:root`` ARN matches every principal of that account; a role ARN matches
the role and its assumed-role sessions; a user ARN matches that user; a service
principal matches by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

_ACCOUNT_ID = re.compile(r"^\d{12}$")
_IAM_ARN = re.compile(
    r"^arn:(?P<partition>[\w-]+):(?P<service>iam|sts)::(?P<account>\d{12}):(?P<rest>.+)$"
)


class PrincipalKind(StrEnum):
    AWS = "aws"
    SERVICE = "service"
    FEDERATED = "federated"
    CANONICAL_USER = "canonical_user"
    ANONYMOUS = "anonymous"


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a request. Build one with the class methods."""

    kind: PrincipalKind
    identifier: str
    account: str | None = None
    partition: str | None = None
    # For an assumed-role session: the name of the role it belongs to.
    role_name: str | None = None

    @classmethod
    def aws(cls, arn_or_account: str) -> Principal:
        """An IAM user, role, assumed-role session, federated user or account root.

        A bare 12-digit account id stands for ``arn:aws:iam::ACCOUNT:root``.
        Raises ValueError for anything else.
        """
        text = arn_or_account.strip()
        if _ACCOUNT_ID.match(text):
            text = f"arn:aws:iam::{text}:root"
        found = _IAM_ARN.match(text)
        if found is None:
            raise ValueError(
                f"invalid AWS principal {arn_or_account!r}; use a 12-digit account id or an "
                "IAM/STS ARN such as arn:aws:iam::111122223333:user/alice"
            )
        role_name = None
        rest = found.group("rest")
        if found.group("service") == "sts" and rest.startswith("assumed-role/"):
            pieces = rest.split("/")
            if len(pieces) < 3:
                raise ValueError(
                    f"invalid assumed-role ARN {arn_or_account!r}; "
                    "expected arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION"
                )
            role_name = pieces[1]
        return cls(
            PrincipalKind.AWS, text, found.group("account"), found.group("partition"), role_name
        )

    @classmethod
    def service(cls, name: str) -> Principal:
        """An AWS service principal such as ``lambda.amazonaws.com``."""
        return cls(PrincipalKind.SERVICE, name.strip().lower())

    @classmethod
    def federated(cls, provider: str) -> Principal:
        """A web-identity or SAML provider such as ``cognito-identity.amazonaws.com``."""
        return cls(PrincipalKind.FEDERATED, provider.strip())

    @classmethod
    def canonical_user(cls, canonical_id: str) -> Principal:
        return cls(PrincipalKind.CANONICAL_USER, canonical_id.strip())

    @classmethod
    def anonymous(cls) -> Principal:
        """An unauthenticated caller."""
        return cls(PrincipalKind.ANONYMOUS, "anonymous")


class PrincipalMatch(StrEnum):
    """How a Principal element matched a caller, which decides same-account grants."""

    WILDCARD = "wildcard"  # "*" or {"AWS": "*"}
    ACCOUNT = "account"  # the account id or its :root ARN, which delegates to IAM
    ROLE = "role"  # a role ARN matched one of its sessions or the role itself
    EXACT = "exact"  # the caller's own ARN or name


@dataclass(frozen=True, slots=True)
class _AwsEntry:
    source: str
    account: str | None = None  # set for an account id or :root ARN
    partition: str | None = None
    role_name: str | None = None  # set for a role ARN


def _compile_aws_entry(value: str) -> _AwsEntry:
    text = value.strip()
    if _ACCOUNT_ID.match(text):
        return _AwsEntry(text, account=text, partition="aws")
    found = _IAM_ARN.match(text)
    if found is None:
        return _AwsEntry(text)
    rest = found.group("rest")
    if found.group("service") == "iam" and rest == "root":
        return _AwsEntry(text, account=found.group("account"), partition=found.group("partition"))
    if found.group("service") == "iam" and rest.startswith("role/"):
        return _AwsEntry(
            text,
            account=None,
            partition=found.group("partition"),
            role_name=rest.rsplit("/", 1)[-1],
        )
    return _AwsEntry(text)


def _role_account(entry: _AwsEntry) -> str:
    return entry.source.split(":")[4]


@dataclass(frozen=True, slots=True)
class PrincipalElement:
    """A Principal or NotPrincipal element: ``"*"`` or a map of principal types to values."""

    wildcard: bool = False
    aws: tuple[str, ...] = ()
    service: tuple[str, ...] = ()
    federated: tuple[str, ...] = ()
    canonical_user: tuple[str, ...] = ()
    _aws_entries: tuple[_AwsEntry, ...] = field(init=False, repr=False, compare=False)
    _services: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_aws_entries", tuple(_compile_aws_entry(v) for v in self.aws))
        object.__setattr__(self, "_services", frozenset(s.lower() for s in self.service))

    def match(self, caller: Principal) -> PrincipalMatch | None:
        """Return how this element names ``caller``, or None when it does not."""
        if self.wildcard:
            return PrincipalMatch.WILDCARD
        kind = caller.kind
        if kind is PrincipalKind.AWS:
            return self._match_aws(caller)
        if kind is PrincipalKind.ANONYMOUS:
            # AWS treats {"AWS": "*"} like "*", so it also admits anonymous callers.
            return PrincipalMatch.WILDCARD if "*" in self.aws else None
        if kind is PrincipalKind.SERVICE:
            return PrincipalMatch.EXACT if caller.identifier in self._services else None
        if kind is PrincipalKind.FEDERATED:
            return PrincipalMatch.EXACT if caller.identifier in self.federated else None
        return PrincipalMatch.EXACT if caller.identifier in self.canonical_user else None

    def _match_aws(self, caller: Principal) -> PrincipalMatch | None:
        best: PrincipalMatch | None = None
        for entry in self._aws_entries:
            if entry.source == "*":
                found: PrincipalMatch | None = PrincipalMatch.WILDCARD
            elif entry.source == caller.identifier:
                found = PrincipalMatch.EXACT
            elif entry.account is not None:
                same = entry.account == caller.account and entry.partition == caller.partition
                found = PrincipalMatch.ACCOUNT if same else None
            elif entry.role_name is not None and caller.role_name == entry.role_name:
                same = caller.account == _role_account(entry)
                found = (
                    PrincipalMatch.ROLE if same and entry.partition == caller.partition else None
                )
            else:
                found = None
            if found is PrincipalMatch.EXACT:
                return found
            if found is not None and (best is None or best is PrincipalMatch.ACCOUNT):
                best = found
        return best
