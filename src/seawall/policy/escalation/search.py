"""Find, for every identity, the shortest way to become admin-equivalent.

The goals are identities that are admin-equivalent already and identities
that can make themselves (or an identity they reach in one step)
admin-equivalent. One breadth-first search backwards from all goals at once
gives every identity its next step on a shortest path, so the search visits
each identity and edge once, and cycles of assumable roles end it rather
than loop it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from seawall.policy.escalation.authorizer import Authorizer, Probe
from seawall.policy.escalation.changes import PolicyChanges
from seawall.policy.escalation.edges import Edge, EdgeFinder
from seawall.policy.escalation.model import AccountModel, Identity
from seawall.policy.escalation.paths import EscalationPath, Step

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    """The outcome for one identity: admin already, a path, or neither."""

    identity: Identity
    admin: bool
    path: EscalationPath | None = None


def find_escalations(model: AccountModel, admin_probes: Sequence[Probe]) -> list[Verdict]:
    """Judge every identity of ``model``, in the order of ``model.identities``.

    ``admin_probes`` are the (action, resource) requests that an
    admin-equivalent identity must all be allowed to make.
    """
    auth = Authorizer(model.account_id, admin_probes)
    finder = EdgeFinder(model, auth)
    changes = PolicyChanges(model, auth)

    admins = {who.arn for who in model.identities if auth.is_admin(who)}
    # The search runs backwards from the admins, so an admin's own edges are
    # never followed; skipping them saves most of the work where admins can
    # reach every user and role.
    edges = {who.arn: [] if who.arn in admins else finder.edges(who) for who in model.identities}
    finishes: dict[str, Step] = {}
    for who in model.identities:
        if who.arn not in admins:
            finish = _finish(who, edges[who.arn], changes)
            if finish is not None:
                finishes[who.arn] = finish
    next_hop = _backward_search(model, edges, admins | set(finishes))
    log.debug(
        "escalation analysis: %d identities, %d admin, %d with a path",
        len(model.identities),
        len(admins),
        len(next_hop) + len(finishes),
    )

    verdicts = []
    for who in model.identities:
        if who.arn in admins:
            verdicts.append(Verdict(who, admin=True))
            continue
        verdicts.append(Verdict(who, False, _path(who, next_hop, finishes, finder)))
    return verdicts


def _finish(who: Identity, edges: list[Edge], changes: PolicyChanges) -> Step | None:
    """Return a last step that makes ``who`` admin: a change to itself, or a
    change to an identity it reaches in one step followed by that step."""
    own = changes.make_admin(who, who)
    if own is not None:
        return own
    for step, target in edges:
        change = changes.make_admin(who, target)
        if change is not None:
            return Step(f"{change.text}, then {step.text}", (*change.actions, *step.actions))
    return None


def _backward_search(
    model: AccountModel, edges: dict[str, list[Edge]], goals: set[str]
) -> dict[str, Edge]:
    """Return, for each identity that reaches a goal, its first edge on a shortest path."""
    incoming: dict[str, list[tuple[str, Edge]]] = {}
    for source, leaving in edges.items():
        for edge in leaving:
            incoming.setdefault(edge[1].arn, []).append((source, edge))
    next_hop: dict[str, Edge] = {}
    seen = set(goals)
    queue = deque(arn for arn in (w.arn for w in model.identities) if arn in goals)
    while queue:
        current = queue.popleft()
        for source, edge in incoming.get(current, []):
            if source not in seen:
                seen.add(source)
                next_hop[source] = edge
                queue.append(source)
    return next_hop


def _path(
    who: Identity, next_hop: dict[str, Edge], finishes: dict[str, Step], finder: EdgeFinder
) -> EscalationPath | None:
    steps: list[Step] = []
    current = who.arn
    while current not in finishes:
        edge = next_hop.get(current)
        if edge is None:
            if not steps:
                return None
            return EscalationPath(who.label, tuple(steps), admin=finder.by_arn[current].label)
        steps.append(edge[0])
        current = edge[1].arn
    steps.append(finishes[current])
    return EscalationPath(who.label, tuple(steps))
