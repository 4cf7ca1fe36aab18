"""Rules for sharing decisions between identities that hold the same policies.

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
    return _has_variable(statement.resources or ()) or _has_variable(statement.not_resources or ())


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


# Context keys that the escalation analysis sets from the target resource.
_RESOURCE_KEY_PREFIXES = ("aws:resource", "iam:resourcetag/")


def is_resource_key(key: str) -> bool:
    return key.lower().startswith(_RESOURCE_KEY_PREFIXES)


def ignores_resource(policy: Policy, action_lower: str) -> bool:
    """Tell whether ``policy`` decides ``action_lower`` the same on every resource of an account.

    True when each statement that names the action covers every resource and
    tests neither a resource key nor a policy variable.
    """
    for statement in policy.candidates(action_lower):
        if statement.not_resources is not None:
            return False
        if statement.resources is not None and any(r != "*" for r in statement.resources):
            return False
        for condition in statement.conditions:
            if is_resource_key(condition.key) or _has_variable((condition.key, *condition.values)):
                return False
    return True


def fingerprint(policy: Policy) -> tuple[object, ...]:
    """Return what decides requests in ``policy``, leaving out its name and source positions.

    Two trust policies with the same fingerprint make the same decisions.
    """
    return (
        policy.version,
        tuple(
            (
                s.effect,
                s.actions,
                s.not_actions,
                s.resources,
                s.not_resources,
                s.principal,
                s.not_principal,
                s.conditions,
                s.substitute_variables,
            )
            for s in policy.statements
        ),
    )
