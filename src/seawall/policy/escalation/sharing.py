"""Which decisions can be shared between identities that hold the same policies.

Two users (or two roles) of one account that hold the same identity policies
and boundary get the same decision for any request, unless a policy reads
something that differs between them. That is a policy variable, a condition
on a key that AWS derives from the caller (``aws:PrincipalArn``,
``aws:username``, ``aws:PrincipalTag/*`` and the like), or a Principal
element that names particular principals rather than the account or
everyone. Such policies make the identity's decisions its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from seawall.policy.model import Policy, Statement
from seawall.policy.principal import PrincipalElement

# Condition keys whose value AWS derives from the caller or its tags.
_CALLER_KEYS = frozenset({"aws:username", "aws:userid"})
_CALLER_KEY_PREFIX = "aws:principal"


def reads_caller(policy: Policy, account_id: str) -> bool:
    """Tell whether ``policy`` can decide differently for two callers of ``account_id``
    that are of the same kind (user or role) and hold the same other policies."""
    own = {account_id, f"arn:aws:iam::{account_id}:root"}
    return any(_statement_reads_caller(statement, own) for statement in policy.statements)


def _statement_reads_caller(statement: Statement, own_account: set[str]) -> bool:
    if statement.not_principal is not None:
        return True
    if statement.principal is not None and _names_principals(statement.principal, own_account):
        return True
    for condition in statement.conditions:
        key = condition.key.lower()
        if key in _CALLER_KEYS or key.startswith(_CALLER_KEY_PREFIX):
            return True
        if _has_variable((key, *condition.values)):
            return True
    return _has_variable(statement.resources or ()) or _has_variable(
        statement.not_resources or ()
    )


def _names_principals(element: PrincipalElement, own_account: set[str]) -> bool:
    """Tell whether an AWS entry names something narrower than everyone or the account.

    Service, federated and canonical-user entries never match an IAM user or
    role, so they cannot tell two of them apart.
    """
    if element.wildcard:
        return False
    return any(entry.strip() not in own_account and entry.strip() != "*" for entry in element.aws)


def _has_variable(values: Iterable[str]) -> bool:
    # Any "${" counts, escapes such as ${*} included: a false alarm only costs
    # a decision made for one identity instead of shared.
    return any("${" in value for value in values)
