"""Judge identity policies by evaluating probe requests with seawall.policy.

Two questions are answered here, as pure functions over one policy:

- Is the policy admin-equivalent: does it allow every action on every
  resource? A made-up action of a made-up service can only be allowed by
  ``"Action": "*"`` or by a ``NotAction`` that leaves it out, so it is probed
  together with sensitive actions of real services on ``*`` and on sample
  ARNs. ``NotAction`` constructions are therefore judged by what they allow.
- Which services does it allow wholly (``s3:*``)? A made-up action name of
  the service is probed with common verb prefixes, on ``*`` and on sample
  resources taken from the policy's own ``Resource`` patterns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from seawall.policy import (
    Condition,
    Policy,
    Request,
    Statement,
    evaluate_policy,
    parse_policy,
    strip_conditions,
)

PROBE_ACCOUNT = "111122223333"
PROBE_SERVICE = "seawallprobe"
PROBE_ACTION_NAME = "SeawallProbeAction"

# (action, resource) pairs that an admin-equivalent policy must all allow.
# The made-up service comes first because most policies fail on it, which
# ends the probing early.
ADMIN_PROBES: tuple[tuple[str, str], ...] = (
    (f"{PROBE_SERVICE}:{PROBE_ACTION_NAME}", "*"),
    (
        f"{PROBE_SERVICE}:{PROBE_ACTION_NAME}",
        f"arn:aws:{PROBE_SERVICE}:us-east-1:{PROBE_ACCOUNT}:probe/seawall",
    ),
    ("iam:CreateUser", f"arn:aws:iam::{PROBE_ACCOUNT}:user/seawall-probe"),
    ("iam:AttachRolePolicy", f"arn:aws:iam::{PROBE_ACCOUNT}:role/seawall-probe"),
    ("iam:PutUserPolicy", f"arn:aws:iam::{PROBE_ACCOUNT}:user/seawall-probe"),
    ("iam:PassRole", f"arn:aws:iam::{PROBE_ACCOUNT}:role/seawall-probe"),
    ("iam:CreateAccessKey", "*"),
    ("sts:AssumeRole", "arn:aws:iam::444455556666:role/seawall-probe"),
    ("organizations:LeaveOrganization", "*"),
    ("account:PutAlternateContact", "*"),
    ("s3:GetObject", "arn:aws:s3:::seawall-probe-bucket/probe-key"),
    ("s3:PutBucketPolicy", "arn:aws:s3:::seawall-probe-bucket"),
    (
        "kms:Decrypt",
        f"arn:aws:kms:us-east-1:{PROBE_ACCOUNT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    ),
    ("ec2:RunInstances", f"arn:aws:ec2:us-east-1:{PROBE_ACCOUNT}:instance/*"),
    ("lambda:UpdateFunctionCode", f"arn:aws:lambda:us-east-1:{PROBE_ACCOUNT}:function:probe"),
    (
        "secretsmanager:GetSecretValue",
        f"arn:aws:secretsmanager:us-east-1:{PROBE_ACCOUNT}:secret:seawall-probe-AbCdEf",
    ),
    ("cloudtrail:StopLogging", f"arn:aws:cloudtrail:us-east-1:{PROBE_ACCOUNT}:trail/probe"),
    ("guardduty:DeleteDetector", "*"),
    ("dynamodb:DeleteTable", f"arn:aws:dynamodb:us-east-1:{PROBE_ACCOUNT}:table/probe"),
)

# Action names probed per service: a made-up name, then the same made-up
# name behind the verbs that partial wildcards such as "s3:Get*" cover, so
# that only a whole-service grant allows all of them.
SERVICE_PROBE_NAMES: tuple[str, ...] = (
    PROBE_ACTION_NAME,
    f"Get{PROBE_ACTION_NAME}",
    f"List{PROBE_ACTION_NAME}",
    f"Describe{PROBE_ACTION_NAME}",
    f"Put{PROBE_ACTION_NAME}",
    f"Create{PROBE_ACTION_NAME}",
    f"Update{PROBE_ACTION_NAME}",
    f"Delete{PROBE_ACTION_NAME}",
)

# Services probed when the policy names no service, uses a wildcard in a
# service prefix, or grants through NotAction.
COMMON_SERVICES: tuple[str, ...] = (
    PROBE_SERVICE,
    "iam",
    "sts",
    "organizations",
    "account",
    "s3",
    "ec2",
    "kms",
    "lambda",
    "secretsmanager",
    "ssm",
    "dynamodb",
    "rds",
    "cloudtrail",
    "cloudwatch",
    "logs",
    "config",
    "guardduty",
    "securityhub",
    "sns",
    "sqs",
    "ecr",
    "ecs",
    "eks",
    "cloudformation",
)


@dataclass(frozen=True)
class AdminJudgement:
    admin: bool
    # Readable conditions the grant depends on; empty when it is unconditional.
    conditions: tuple[str, ...] = ()
    # NotAction patterns of the granting statements that stay denied although
    # every probe is allowed, such as "budgets:*" in a NotAction of everything else.
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class WildcardJudgement:
    # Service prefixes whose every action the policy allows, sorted.
    services: tuple[str, ...]

    @property
    def every_service(self) -> bool:
        return PROBE_SERVICE in self.services

    @property
    def named_services(self) -> tuple[str, ...]:
        return tuple(s for s in self.services if s != PROBE_SERVICE)


def judge_admin(policy: Policy, relaxed: Policy | None = None) -> AdminJudgement:
    """Decide whether ``policy`` allows every action on every resource.

    ``relaxed`` is ``relax_conditions(policy)`` when the caller has it already.
    """
    if _allows_all(policy, ADMIN_PROBES):
        return AdminJudgement(True, excluded=_excluded_not_actions(policy))
    if relaxed is None:
        relaxed = relax_conditions(policy)
    if not _allows_all(relaxed, ADMIN_PROBES):
        return AdminJudgement(False)
    return AdminJudgement(
        True, _narrowing_conditions(policy, relaxed), _excluded_not_actions(relaxed)
    )


def _excluded_not_actions(policy: Policy) -> tuple[str, ...]:
    """List the Allow statements' NotAction patterns whose actions ``policy`` does not allow.

    The probes cannot cover every service, so a NotAction of a service they
    skip (budgets:*) leaves an admin-equivalent policy short of every action.
    """
    excluded: list[str] = []
    for statement in _allow_statements(policy):
        for pattern in statement.not_actions or ():
            action = pattern.replace("*", PROBE_ACTION_NAME).replace("?", "x")
            if not evaluate_policy(policy, Request(action=action, resource="*")).allowed:
                excluded.append(pattern)
    return tuple(dict.fromkeys(excluded))


def judge_service_wildcards(policy: Policy, relaxed: Policy | None = None) -> WildcardJudgement:
    """Find the services whose every action ``policy`` allows on some resource.

    The policy's own Action and Resource elements only supply the candidate
    services and sample resources, and the verdict comes from evaluation.
    ``relaxed`` is ``relax_conditions(policy)`` when the caller has it already.
    """
    if relaxed is None:
        relaxed = relax_conditions(policy)
    services, broad = _candidate_services(policy)
    if broad:
        services |= set(COMMON_SERVICES)
    # A cheap first pass on a copy that allows every resource drops most
    # candidates before each is probed on every sample resource.
    any_resource = _any_resource(relaxed)
    possible = [s for s in sorted(services) if _allows_all(any_resource, _service_probes(s, "*"))]
    resources = ("*", *_candidate_resources(policy))
    wholly_allowed = [
        service
        for service in possible
        if any(_allows_all(relaxed, _service_probes(service, r)) for r in resources)
    ]
    return WildcardJudgement(tuple(wholly_allowed))


def _any_resource(policy: Policy) -> Policy:
    """Return the Allow statements of ``policy`` with every resource allowed.

    It allows a superset of what ``policy`` allows, so a request it denies
    is denied by ``policy`` on every resource too.
    """
    allows = tuple(
        s if s.resources == ("*",) else dataclasses.replace(s, resources=("*",), not_resources=None)
        for s in policy.statements
        if s.effect == "Allow"
    )
    return dataclasses.replace(policy, statements=allows)


def relax_conditions(policy: Policy) -> Policy:
    """Return the policy as it reads when every condition works for the caller.

    Allow statements lose their conditions, and Deny statements that carry a
    condition are dropped, because a condition only narrows either of them.
    """
    if not any(s.conditions for s in policy.statements):
        # Copying recompiles every statement's patterns, so skip it when nothing changes.
        return policy
    stripped = strip_conditions(policy)
    kept = tuple(
        plain
        for original, plain in zip(policy.statements, stripped.statements, strict=True)
        if original.effect == "Allow" or not original.conditions
    )
    return dataclasses.replace(stripped, statements=kept)


def describe_condition(condition: Condition) -> str:
    values = ", ".join(str(v) for v in condition.values)
    return f"{condition.key} {condition.operator} {values}"


def _allows_all(policy: Policy, probes: Iterable[tuple[str, str]]) -> bool:
    return all(
        evaluate_policy(policy, Request(action=action, resource=resource)).allowed
        for action, resource in probes
    )


def _service_probes(service: str, resource: str) -> list[tuple[str, str]]:
    return [(f"{service}:{name}", resource) for name in SERVICE_PROBE_NAMES]


def _narrowing_conditions(policy: Policy, relaxed: Policy) -> tuple[str, ...]:
    """List the conditions that stand between ``policy`` and a full grant."""
    deciding = _deciding_statement_indexes(relaxed)
    phrases: list[str] = []
    for statement in policy.statements:
        if not statement.conditions:
            continue
        if statement.effect == "Allow" and statement.index in deciding:
            phrases.extend(f"{describe_condition(c)} holds" for c in statement.conditions)
        elif statement.effect == "Deny":
            phrases.extend(f"{describe_condition(c)} does not hold" for c in statement.conditions)
    return tuple(dict.fromkeys(phrases))


def _deciding_statement_indexes(relaxed: Policy) -> set[int]:
    indexes: set[int] = set()
    for action, resource in ADMIN_PROBES:
        result = evaluate_policy(relaxed, Request(action=action, resource=resource))
        indexes.update(match.statement_index for match in result.statements)
    return indexes


def _allow_statements(policy: Policy) -> list[Statement]:
    return [s for s in policy.statements if s.effect == "Allow"]


def _candidate_services(policy: Policy) -> tuple[set[str], bool]:
    """Return the service prefixes named by Allow statements, and whether a
    statement could reach services it does not name."""
    services: set[str] = set()
    broad = False
    for statement in _allow_statements(policy):
        if statement.not_actions is not None:
            broad = True
            services.update(_prefix(a) for a in statement.not_actions if ":" in a)
        for action in statement.actions or ():
            prefix = _prefix(action)
            if ":" not in action or "*" in prefix or "?" in prefix:
                broad = True
            else:
                services.add(prefix)
    return services, broad


def _prefix(action: str) -> str:
    return action.split(":", 1)[0].lower()


def _candidate_resources(policy: Policy) -> list[str]:
    """Turn the Allow statements' Resource patterns into sample ARNs they match."""
    samples: list[str] = []
    for statement in _allow_statements(policy):
        for pattern in statement.resources or ():
            if pattern == "*" or "${" in pattern:
                continue
            samples.append(pattern.replace("*", "seawall").replace("?", "x"))
    return list(dict.fromkeys(samples))


@dataclass(frozen=True)
class Classification:
    """How a set of policy documents splits under both judgements."""

    # Name -> the conditions its full grant depends on (empty: unconditional).
    admin: dict[str, tuple[str, ...]]
    service_wildcard: tuple[str, ...]


def classify_documents(documents: Iterable[tuple[str, Any]]) -> Classification:
    """Judge each (name, document) pair; raises PolicyError on an invalid document."""
    admin: dict[str, tuple[str, ...]] = {}
    wildcard: list[str] = []
    for name, document in documents:
        policy = parse_policy(document, name=name)
        relaxed = relax_conditions(policy)
        judgement = judge_admin(policy, relaxed)
        if judgement.admin:
            admin[name] = judgement.conditions
        if judge_service_wildcards(policy, relaxed).services:
            wildcard.append(name)
    return Classification(dict(sorted(admin.items())), tuple(sorted(wildcard)))
