"""The IAM policy language: parsing, matching and evaluation, with no I/O."""

from seawall.policy.errors import PolicyError, Problem
from seawall.policy.evaluate import evaluate, evaluate_policy
from seawall.policy.model import Condition, Policy, Statement
from seawall.policy.parse import parse_policy
from seawall.policy.principal import Principal, PrincipalElement, PrincipalKind
from seawall.policy.request import Request
from seawall.policy.result import Decision, EvaluationResult, StatementMatch
from seawall.policy.transform import strip_conditions

__all__ = [
    "Condition",
    "Decision",
    "EvaluationResult",
    "Policy",
    "PolicyError",
    "Principal",
    "PrincipalElement",
    "PrincipalKind",
    "Problem",
    "Request",
    "Statement",
    "StatementMatch",
    "evaluate",
    "evaluate_policy",
    "parse_policy",
    "strip_conditions",
]
