"""Privilege escalation analysis: which identities can make themselves
admin-equivalent, and how. Pure: it reads a model of the account built by
the caller and decides every step by evaluating requests with seawall.policy.
"""

from seawall.policy.escalation.authorizer import ALLOW_ALL, Authorizer
from seawall.policy.escalation.model import AccountModel, Group, Identity, ManagedPolicy, Workload
from seawall.policy.escalation.paths import EscalationPath, Step
from seawall.policy.escalation.search import Verdict, find_escalations

__all__ = [
    "ALLOW_ALL",
    "AccountModel",
    "Authorizer",
    "EscalationPath",
    "Group",
    "Identity",
    "ManagedPolicy",
    "Step",
    "Verdict",
    "Workload",
    "find_escalations",
]
