"""Decide whether an identity may make a request, over every context it can choose.

Decisions come from ``seawall.policy.evaluate`` with the identity's policies
and permission boundary. Three things keep a large account fast. A cache of
which escalation actions each policy could allow at all means most
identities are never evaluated. Every decision made is cached. Decision keys
let identities of one kind with the same policies for the action share their
decisions, unless a policy reads the caller (see ``sharing``).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from seawall.policy.escalation.contexts import candidate_contexts
from seawall.policy.escalation.model import Identity
from seawall.policy.escalation.sharing import (
    fingerprint,
    ignores_resource,
    is_resource_key,
    reads_caller,
)
from seawall.policy.evaluate import evaluate, evaluate_policy
from seawall.policy.model import Condition, Policy, Statement
from seawall.policy.parse import parse_policy
from seawall.policy.patterns import GlobPattern
from seawall.policy.principal import Principal
from seawall.policy.request import ContextInput, Request
from seawall.policy.result import Decision
from seawall.policy.variables import TemplatePart, Variable, parse_template, resolve
from seawall.policy.wildcard import QMARK, STAR

T = TypeVar("T", bound=Identity)

ALLOW_ALL = parse_policy(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    name="an admin policy written by the attacker",
)

Probe = tuple[str, str]
# An identity's variable values, the Resource patterns with wildcards of its
# Allow statements for an action (each with its literal start, or "" when it
# ignores case), and the ARNs that the others resolve to.
Screen = tuple[dict[str, str], list[tuple[GlobPattern, str]], set[str]]
# The parts of a decision key that do not depend on the target: the subject,
# whether every policy involved ignores the resource, and otherwise the
# Resource and NotResource elements of the statements for the action when the
# resource matters only through them (see _resource_elements).
Head = tuple[object, bool, list[tuple[GlobPattern, ...]] | None]


class Authorizer:
    """Decisions for the identities of one account, cached for the analysis."""

    def __init__(self, account_id: str, admin_probes: Sequence[Probe]) -> None:
        if not admin_probes:
            raise ValueError("admin_probes is empty; pass the (action, resource) pairs to probe")
        self.account_id = account_id
        self.admin_probes = tuple(admin_probes)
        self._could: dict[tuple[int, str], bool] = {}
        self._conditioned: dict[int, list[tuple[Policy, Statement]]] = {}
        self._decisions: dict[tuple[object, ...], bool] = {}
        self._admin: dict[tuple[object, ...], bool] = {}
        # Identity ARN -> (action, resource policy class, extra ids) -> _decision_head.
        self._heads: dict[str, dict[tuple[object, ...], Head]] = {}
        self._reads_caller: dict[int, bool] = {}
        self._policy_sets: dict[str, object] = {}
        self._ignores_resource: dict[tuple[int, str], bool] = {}
        self._fingerprints: dict[tuple[object, ...], int] = {}
        self._trust_classes: dict[int, int] = {}
        self._could_identity: dict[tuple[str, str], bool] = {}
        self._statement_patterns: dict[int, list[tuple[GlobPattern, tuple[TemplatePart, ...]]]] = {}
        self._screens: dict[tuple[str, str, tuple[int, ...]], Screen | None] = {}
        self._target_positions: dict[int, tuple[Sequence[Identity], str, dict[str, int]]] = {}

    # Quick filter ---------------------------------------------------------

    def could_allow(self, who: Identity, action: str, extra: Sequence[Policy] = ()) -> bool:
        """Tell whether any identity policy allows ``action`` on some resource in some context.

        A False result is final: no resource or context makes the request allowed.
        """
        if extra:
            return any(self._policy_could_allow(p, action) for p in (*who.policies, *extra))
        key = (who.arn, action.lower())
        found = self._could_identity.get(key)
        if found is None:
            found = any(self._policy_could_allow(p, action) for p in who.policies)
            self._could_identity[key] = found
        return found

    def _could_match_resource(
        self, who: Identity, action: str, resource: str, extra: Sequence[Policy]
    ) -> bool:
        """Tell whether an Allow statement for ``action`` could cover ``resource``.

        Variables resolve to the identity's own values, which no candidate
        context changes. A variable without such a value counts as a match,
        so a False result is final.
        """
        screen = self._resource_screen(who, action.lower(), extra)
        if screen is None:
            return True
        context, patterns, exact = screen
        return resource in exact or any(p.matches(resource, context) for p, _ in patterns)

    def screen_targets(self, who: Identity, action: str, targets: Sequence[T]) -> list[T]:
        """Return the targets whose ARN some Allow statement for ``action`` could cover.

        The edge search needs a decision for every (identity, target) pair, so
        screening the targets in one pass leaves full decisions for the few that remain.
        """
        if not self.could_allow(who, action):
            return []
        screen = self._resource_screen(who, action.lower(), ())
        if screen is None:
            return list(targets)
        context, screen_patterns, exact = screen
        common, positions = self._positions(targets)
        # A pattern whose literal start differs from the start that every
        # target shares (an S3 ARN against IAM users) matches none of them.
        patterns = [
            p
            for p, start in screen_patterns
            if start.startswith(common) or common.startswith(start)
        ]
        if not patterns:
            # Only exact ARNs, such as a user's own: look them up instead of
            # comparing every target.
            return [targets[i] for i in sorted(positions[a] for a in exact if a in positions)]
        return [
            t for t in targets if t.arn in exact or any(p.matches(t.arn, context) for p in patterns)
        ]

    def _positions(self, targets: Sequence[Identity]) -> tuple[str, dict[str, int]]:
        """Return the start that all target ARNs share and the index of each, cached
        for the long-lived target lists."""
        cached = self._target_positions.get(id(targets))
        if cached is None or cached[0] is not targets:
            arns = [t.arn for t in targets]
            common = _common_start(arns)
            cached = (targets, common, {arn: i for i, arn in enumerate(arns)})
            self._target_positions[id(targets)] = cached
        return cached[1], cached[2]

    def _resource_screen(
        self, who: Identity, action_lower: str, extra: Sequence[Policy]
    ) -> Screen | None:
        """Return the identity's variable values and the Resource patterns of its
        Allow statements for the action, or None when any resource could match.

        Patterns that resolve to an ARN without wildcards go in the set of exact ARNs.

        It is cached per identity and action, because the edge search asks it
        once for every (identity, target) pair.
        """
        key = (who.arn, action_lower, tuple(id(p) for p in extra))
        if key in self._screens:
            return self._screens[key]
        # Variables resolve to string values only, so the other keys can go.
        context: dict[str, str] = {
            k.lower(): v for k, v in self._identity_keys(who).items() if isinstance(v, str)
        }
        patterns: list[tuple[GlobPattern, str]] = []
        exact: set[str] = set()
        screen: Screen | None = (context, patterns, exact)
        for policy in (*who.policies, *extra):
            for statement in policy.candidates(action_lower):
                if statement.effect != "Allow":
                    continue
                if statement.resources is None:
                    screen = None
                    break
                for pattern, parts in self._patterns(statement):
                    tokens = resolve(parts, context)
                    if tokens is None:
                        if _lacks_caller_key(parts, context):
                            continue
                        screen = None
                        break
                    if pattern.ignore_case:
                        patterns.append((pattern, ""))
                    elif STAR in tokens or QMARK in tokens:
                        start = "".join(
                            itertools.takewhile(lambda t: t not in (STAR, QMARK), tokens)
                        )
                        patterns.append((pattern, start))
                    else:
                        exact.add("".join(tokens))
                if screen is None:
                    break
            if screen is None:
                break
        self._screens[key] = screen
        return screen

    def _patterns(self, statement: Statement) -> list[tuple[GlobPattern, tuple[TemplatePart, ...]]]:
        found = self._statement_patterns.get(id(statement))
        if found is None:
            substitute = statement.substitute_variables
            found = [
                (GlobPattern(r, substitute=substitute), parse_template(r, substitute=substitute))
                for r in statement.resources or ()
            ]
            self._statement_patterns[id(statement)] = found
        return found

    def _policy_could_allow(self, policy: Policy, action: str) -> bool:
        key = (id(policy), action.lower())
        found = self._could.get(key)
        if found is None:
            # The same result as evaluating the policy with its Allow statements
            # loosened to every resource and no condition, without a Request.
            found = any(s.effect == "Allow" for s in policy.candidates(key[1]))
            self._could[key] = found
        return found

    # Decisions ------------------------------------------------------------

    def allowed(
        self,
        who: Identity,
        action: str,
        resource: str,
        *,
        fixed: Mapping[str, ContextInput] | None = None,
        extra: Sequence[Policy] = (),
        resource_policy: Policy | None = None,
    ) -> bool:
        """Tell whether ``who`` may call ``action`` on ``resource`` in some context.

        ``fixed`` contains context keys the caller cannot choose, such as
        ``iam:PassedToService``; ``extra`` adds identity policies (a group
        to join, a policy to attach). A resource policy such as a trust
        policy can grant on its own, so the quick filter is skipped then.
        """
        fixed = dict(fixed or {})
        if resource_policy is None and not (
            self.could_allow(who, action, extra)
            and self._could_match_resource(who, action, resource, extra)
        ):
            return False
        key = self._decision_key(who, action, resource, fixed, extra, resource_policy)
        found = self._decisions.get(key)
        if found is None:
            found = self._decide(who, action, resource, fixed, extra, resource_policy)
            self._decisions[key] = found
        return found

    def allowed_targets(
        self,
        who: Identity,
        action: str,
        targets: Sequence[T],
        fixed_of: Callable[[T], Mapping[str, ContextInput]],
        resource_policy_of: Callable[[T], Policy | None] | None = None,
    ) -> list[T]:
        """Return, in order, the targets whose ARN ``who`` may call ``action`` on.

        Each decision is the one ``allowed`` makes with ``fixed_of(target)``
        and ``resource_policy_of(target)``. When no policy involved tests the
        resource, targets with one decision key share it, found from the ARN
        prefix, the resource policy class and the keys that do not describe
        the resource, which is cheaper than a key for every target.
        """
        if resource_policy_of is None:
            targets = self.screen_targets(who, action, targets)
        action_lower = action.lower()
        found: list[T] = []
        shared: dict[tuple[object, ...], bool] = {}
        ignores: dict[int | None, bool] = {}
        for target in targets:
            policy = None if resource_policy_of is None else resource_policy_of(target)
            fixed = fixed_of(target)
            trust = None if policy is None else self._trust_class(policy)
            ignored = ignores.get(trust)
            if ignored is None:
                ignored = ignores[trust] = self._head(who, action_lower, (), (), policy, trust)[1]
            if not ignored:
                if self.allowed(who, action, target.arn, fixed=fixed, resource_policy=policy):
                    found.append(target)
                continue
            others = [k for k in fixed if not is_resource_key(k)]
            kept = tuple(sorted((k.lower(), str(fixed[k])) for k in others)) if others else ()
            key = (tuple(target.arn.split(":", 5)[:5]), trust, kept)
            allowed = shared.get(key)
            if allowed is None:
                allowed = self.allowed(who, action, target.arn, fixed=fixed, resource_policy=policy)
                shared[key] = allowed
            if allowed:
                found.append(target)
        return found

    # Sharing ---------------------------------------------------------------

    def _decision_key(
        self,
        who: Identity,
        action: str,
        resource: str,
        fixed: Mapping[str, ContextInput],
        extra: Sequence[Policy],
        resource_policy: Policy | None,
    ) -> tuple[object, ...]:
        """Return the cache key of a decision: whatever can change it, and nothing more.

        When no policy involved tests the resource, only the account part of
        the ARN and the keys that do not describe the resource stay in the
        key, so one decision serves every role or user of the account.
        """
        action_lower = action.lower()
        extra_ids = tuple(id(p) for p in extra) if extra else ()
        trust = None if resource_policy is None else self._trust_class(resource_policy)
        subject, ignores, elements = self._head(
            who, action_lower, extra, extra_ids, resource_policy, trust
        )
        if ignores or elements is not None:
            # Partition, service, region and account: the cross-account rules need the account.
            target: object = tuple(resource.split(":", 5)[:5])
            if elements is not None:
                # Which statements' Resource or NotResource element lists the resource.
                target = (
                    target,
                    tuple([any(p.matches(resource, {}) for p in e) for e in elements]),
                )
            kept = tuple(
                sorted((k.lower(), str(v)) for k, v in fixed.items() if not is_resource_key(k))
            )
        else:
            target = resource
            kept = tuple(sorted((k.lower(), str(v)) for k, v in fixed.items()))
        return (subject, action_lower, target, kept, extra_ids, trust)

    def action_subject(self, who: Identity, action: str) -> object:
        """Return the subject of ``who``'s decisions on ``action`` without extra or
        resource policies: identities with one subject get the same decisions."""
        return self._head(who, action.lower(), (), (), None, None)[0]

    def _head(
        self,
        who: Identity,
        action_lower: str,
        extra: Sequence[Policy],
        extra_ids: tuple[int, ...],
        resource_policy: Policy | None,
        trust: int | None,
    ) -> Head:
        heads = self._heads.get(who.arn)
        if heads is None:
            heads = self._heads[who.arn] = {}
        head_key = (action_lower, trust, extra_ids)
        head = heads.get(head_key)
        if head is None:
            head = self._decision_head(who, action_lower, extra, resource_policy)
            heads[head_key] = head
        return head

    def _decision_head(
        self,
        who: Identity,
        action_lower: str,
        extra: Sequence[Policy],
        resource_policy: Policy | None,
    ) -> Head:
        """Return the parts of a decision key that do not depend on the target.

        Resource policies of one class decide alike, so either serves here."""
        involved = [*who.policies, *extra]
        if who.boundary is not None:
            involved.append(who.boundary)
        if resource_policy is not None:
            involved.append(resource_policy)
        ignores = all(self._policy_ignores_resource(p, action_lower) for p in involved)
        elements = None if ignores else _resource_elements(involved, action_lower)
        return self._action_subject(who, action_lower, extra, resource_policy), ignores, elements

    def _action_subject(
        self,
        who: Identity,
        action_lower: str,
        extra: Sequence[Policy],
        resource_policy: Policy | None,
    ) -> object:
        """Return the subject of a decision on ``action_lower``: the identity's kind,
        account, boundary and those of its policies with a statement for the action.

        A policy without such a statement adds no hit to any request for the
        action, so identities that differ only in such policies decide alike.
        It is the identity's ARN when a policy involved reads the caller.
        """
        relevant = [p for p in who.policies if p.candidates(action_lower)]
        own = [*relevant, *((who.boundary,) if who.boundary is not None else ())]
        if any(self._policy_reads_caller(p) for p in (*own, *extra)):
            return who.arn
        if resource_policy is not None and self._policy_reads_caller(resource_policy):
            return who.arn
        boundary = id(who.boundary) if who.boundary is not None else None
        return (who.kind, who.account, tuple(id(p) for p in relevant), boundary)

    def _policy_ignores_resource(self, policy: Policy, action_lower: str) -> bool:
        key = (id(policy), action_lower)
        found = self._ignores_resource.get(key)
        if found is None:
            found = ignores_resource(policy, action_lower)
            self._ignores_resource[key] = found
        return found

    def _trust_class(self, policy: Policy) -> int:
        """Return a number shared by the policies with the same fingerprint, which
        is cheaper to hash in keys than the fingerprint itself."""
        found = self._trust_classes.get(id(policy))
        if found is None:
            found = self._fingerprints.setdefault(fingerprint(policy), len(self._fingerprints))
            self._trust_classes[id(policy)] = found
        return found

    def subject(
        self, who: Identity, extra: Sequence[Policy] = (), resource_policy: Policy | None = None
    ) -> object:
        """Return the key under which decisions for ``who`` are cached.

        It is the identity's kind and policy set when no policy involved reads
        the caller, so identities that share it share their decisions, and the
        identity's ARN otherwise.
        """
        subject = self.policy_set(who)
        if isinstance(subject, str):
            return subject
        if resource_policy is not None and self._policy_reads_caller(resource_policy):
            return who.arn
        if any(self._policy_reads_caller(p) for p in extra):
            return who.arn
        return subject

    def policy_set(self, who: Identity) -> object:
        """Return the key of the identity's kind and policy set.

        It is the identity's ARN instead when one of its policies reads the caller.
        """
        found = self._policy_sets.get(who.arn)
        if found is None:
            own = [*who.policies, *((who.boundary,) if who.boundary is not None else ())]
            if any(self._policy_reads_caller(p) for p in own):
                found = who.arn
            else:
                boundary = id(who.boundary) if who.boundary is not None else None
                found = (who.kind, who.account, tuple(id(p) for p in who.policies), boundary)
            self._policy_sets[who.arn] = found
        return found

    def reads_caller(self, policy: Policy) -> bool:
        """Tell whether ``policy`` can decide differently for identities of one policy set."""
        return self._policy_reads_caller(policy)

    def _policy_reads_caller(self, policy: Policy) -> bool:
        found = self._reads_caller.get(id(policy))
        if found is None:
            found = reads_caller(policy, self.account_id)
            self._reads_caller[id(policy)] = found
        return found

    def _decide(
        self,
        who: Identity,
        action: str,
        resource: str,
        fixed: dict[str, ContextInput],
        extra: Sequence[Policy],
        resource_policy: Policy | None,
    ) -> bool:
        identity = (*who.policies, *extra)
        everything = [*identity]
        if who.boundary is not None:
            everything.append(who.boundary)
        if resource_policy is not None:
            everything.append(resource_policy)
        caller = who.caller
        base = {**self._identity_keys(who), **fixed}
        if not any(self._conditioned_statements(p) for p in everything):
            # Without conditions the context matters only to policy variables,
            # so one request decides.
            request = Request(action=action, resource=resource, principal=caller, context=base)
            return evaluate(
                request, identity=identity, resource=resource_policy, boundary=who.boundary
            ).allowed
        conditions = self._relevant_conditions(everything, action, resource, caller)
        for context in candidate_contexts(conditions, base):
            request = Request(action=action, resource=resource, principal=caller, context=context)
            result = evaluate(
                request, identity=identity, resource=resource_policy, boundary=who.boundary
            )
            if result.allowed:
                return True
        return False

    def service_may_assume(self, role: Identity, service: str) -> bool:
        """Tell whether the role's trust policy lets ``service`` assume it for this account."""
        if role.trust is None:
            return False
        key = ("service", role.arn, service)
        found = self._decisions.get(key)
        if found is None:
            caller = Principal.service(service)
            action = "sts:AssumeRole"
            conditions = self._relevant_conditions([role.trust], action, role.arn, caller)
            # A service acting for this account sets aws:SourceAccount to it.
            base: dict[str, ContextInput] = {"aws:SourceAccount": self.account_id}
            found = any(
                evaluate_policy(
                    role.trust,
                    Request(action=action, resource=role.arn, principal=caller, context=context),
                ).allowed
                for context in candidate_contexts(conditions, base)
            )
            self._decisions[key] = found
        return found

    def _identity_keys(self, who: Identity) -> dict[str, ContextInput]:
        keys: dict[str, ContextInput] = {
            "aws:PrincipalArn": who.arn,
            "aws:PrincipalAccount": who.account,
            "aws:PrincipalType": "User" if who.kind == "user" else "AssumedRole",
            "aws:PrincipalIsAWSService": False,
        }
        if who.kind == "user":
            keys["aws:username"] = who.name
        for tag, value in who.tags.items():
            keys[f"aws:PrincipalTag/{tag}"] = value
        return keys

    def _relevant_conditions(
        self, policies: Sequence[Policy], action: str, resource: str, caller: Principal
    ) -> list[Condition]:
        """Collect the conditions of statements that match the request apart from them."""
        request = Request(action=action, resource=resource, principal=caller)
        found: list[Condition] = []
        for policy in policies:
            for probe, statement in self._conditioned_statements(policy):
                if evaluate_policy(probe, request).decision is not Decision.IMPLICIT_DENY:
                    found.extend(statement.conditions)
        return found

    def _conditioned_statements(self, policy: Policy) -> list[tuple[Policy, Statement]]:
        """Return each statement with a condition, paired with a copy of it without one."""
        found = self._conditioned.get(id(policy))
        if found is None:
            found = [
                (
                    dataclasses.replace(
                        policy, statements=(dataclasses.replace(statement, conditions=()),)
                    ),
                    statement,
                )
                for statement in policy.statements
                if statement.conditions
            ]
            self._conditioned[id(policy)] = found
        return found

    # Admin judgement ------------------------------------------------------

    def is_admin(self, who: Identity, extra: Sequence[Policy] = ()) -> bool:
        """Tell whether ``who``, holding ``extra`` as well, may make every admin probe request."""
        key = (self.subject(who, extra), tuple(id(p) for p in extra))
        found = self._admin.get(key)
        if found is None:
            found = all(
                self.allowed(who, action, resource, extra=extra)
                for action, resource in self.admin_probes
            )
            self._admin[key] = found
        return found

    def admin_with_own_policy(self, who: Identity) -> bool:
        """Tell whether ``who`` becomes admin-equivalent once it holds a policy it wrote."""
        return self.is_admin(who, (ALLOW_ALL,))


def _resource_elements(
    policies: Sequence[Policy], action_lower: str
) -> list[tuple[GlobPattern, ...]] | None:
    """Return the Resource or NotResource patterns of each statement for the action,
    or None when the resource can matter otherwise.

    The evaluator reads the resource only to match these elements, and the
    conditions read it through resource keys or variables. Without those,
    two resources of one account that each element lists alike get the same
    decision, so the key contains which elements list the resource instead of it.
    """
    found: list[tuple[GlobPattern, ...]] = []
    for policy in policies:
        for statement in policy.candidates(action_lower):
            for condition in statement.conditions:
                if is_resource_key(condition.key) or any(
                    "${" in text for text in (condition.key, *condition.values)
                ):
                    return None
            texts = statement.resources
            if texts is None:
                texts = statement.not_resources or ()
            patterns = tuple(
                GlobPattern(r, substitute=statement.substitute_variables) for r in texts
            )
            if not all(p.is_static for p in patterns):
                return None
            found.append(patterns)
    return found


def _common_start(texts: list[str]) -> str:
    """Return the longest string that every text starts with."""
    if not texts:
        return ""
    # Sorted order puts the texts that differ most at the two ends.
    low, high = min(texts), max(texts)
    size = 0
    while size < len(low) and low[size] == high[size]:
        size += 1
    return low[:size]


def _lacks_caller_key(parts: tuple[TemplatePart, ...], context: Mapping[str, str]) -> bool:
    """Tell whether a pattern uses a variable for a caller key the identity lacks.

    Such a pattern matches nothing in any decision: ``aws:username`` and
    ``aws:PrincipalTag/*`` come only from the identity (``_identity_keys``),
    candidate contexts never set them, and an unresolvable variable matches
    nothing. A role has no ``aws:username``, so ``user/${aws:username}``
    covers no user for it.
    """
    return any(
        isinstance(part, Variable)
        and part.default is None
        and part.key not in context
        and (part.key == "aws:username" or part.key.startswith("aws:principaltag/"))
        for part in parts
    )
