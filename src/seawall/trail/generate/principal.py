"""The principal whose events a policy is generated from, and which records are its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

_USER = re.compile(r"arn:(?P<partition>aws[\w-]*):iam::(?P<account>\d{12}):user/(?P<path>.+)")
_ROLE = re.compile(r"arn:(?P<partition>aws[\w-]*):iam::(?P<account>\d{12}):role/(?P<path>.+)")
_SESSION = re.compile(
    r"arn:(?P<partition>aws[\w-]*):sts::(?P<account>\d{12}):assumed-role/"
    r"(?P<role>[^/]+)(?:/(?P<session>.+))?"
)


class PrincipalKind(StrEnum):
    USER = "user"
    ROLE = "role"
    ASSUMED_ROLE = "assumed-role"


class PrincipalArnError(ValueError):
    """A --principal value that is not a user, role or assumed-role ARN."""


@dataclass(frozen=True)
class TrailPrincipal:
    """A user, a role (all its sessions) or one assumed-role session."""

    arn: str
    kind: PrincipalKind
    partition: str
    account: str
    # The last segment of a user or role ARN, or the role name of a session.
    name: str
    session: str | None = None

    def matches(self, record: dict[str, Any]) -> bool:
        """Tell whether the event record was made with this principal's credentials."""
        identity = record.get("userIdentity")
        if not isinstance(identity, dict):
            return False
        arn = identity.get("arn")
        if self.kind is PrincipalKind.USER or self.session is not None:
            return arn == self.arn
        return self._is_role_session(identity, arn)

    def _is_role_session(self, identity: dict[str, Any], arn: Any) -> bool:
        issuer = _session_issuer(identity)
        if self.kind is PrincipalKind.ROLE and issuer is not None:
            return issuer == self.arn
        if not isinstance(arn, str):
            return False
        found = _SESSION.fullmatch(arn)
        return (
            found is not None
            and found["account"] == self.account
            and found["partition"] == self.partition
            and found["role"] == self.name
        )


def parse_principal(arn: str) -> TrailPrincipal:
    """Parse a user, role or assumed-role ARN; raise PrincipalArnError naming the forms."""
    user = _USER.fullmatch(arn)
    if user is not None:
        name = user["path"].rsplit("/", 1)[-1]
        return TrailPrincipal(arn, PrincipalKind.USER, user["partition"], user["account"], name)
    role = _ROLE.fullmatch(arn)
    if role is not None:
        name = role["path"].rsplit("/", 1)[-1]
        return TrailPrincipal(arn, PrincipalKind.ROLE, role["partition"], role["account"], name)
    session = _SESSION.fullmatch(arn)
    if session is not None:
        return TrailPrincipal(
            arn,
            PrincipalKind.ASSUMED_ROLE,
            session["partition"],
            session["account"],
            session["role"],
            session["session"],
        )
    raise PrincipalArnError(
        f"invalid principal ARN '{arn}': expected arn:aws:iam::ACCOUNT:user/NAME, "
        "arn:aws:iam::ACCOUNT:role/NAME or arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION"
    )


def _session_issuer(identity: dict[str, Any]) -> str | None:
    context = identity.get("sessionContext")
    issuer = context.get("sessionIssuer") if isinstance(context, dict) else None
    arn = issuer.get("arn") if isinstance(issuer, dict) else None
    return arn if isinstance(arn, str) and ":role/" in arn else None
