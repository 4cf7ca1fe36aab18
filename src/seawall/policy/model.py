"""The parsed policy document: Policy, Statement and Condition values.

Statements compile their patterns once, when built, so evaluating a request does
not recompile any regular expression.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from seawall.policy.conditions import CompiledCondition, parse_operator
from seawall.policy.patterns import GlobPattern
from seawall.policy.principal import PrincipalElement
from seawall.policy.wildcard import Matcher, compile_any, tokenize_glob

Effect = Literal["Allow", "Deny"]
# Policy versions: only 2012-10-17 substitutes policy variables.
VERSION_2012 = "2012-10-17"
VERSION_2008 = "2008-10-17"


@dataclass(frozen=True, slots=True)
class Condition:
    """One operator/key pair of a Condition block, values normalized to strings."""

    operator: str
    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """One statement. Exactly one of actions/not_actions is set (the other is None)."""

    index: int
    effect: Effect
    sid: str | None = None
    actions: tuple[str, ...] | None = None
    not_actions: tuple[str, ...] | None = None
    resources: tuple[str, ...] | None = None
    not_resources: tuple[str, ...] | None = None
    principal: PrincipalElement | None = None
    not_principal: PrincipalElement | None = None
    conditions: tuple[Condition, ...] = ()
    line: int | None = None
    column: int | None = None
    substitute_variables: bool = True
    _action_matcher: Matcher = field(init=False, repr=False, compare=False)
    # Set when no Resource pattern has a variable, so one matcher covers them all.
    _resource_matcher: Matcher | None = field(init=False, repr=False, compare=False)
    _resource_patterns: tuple[GlobPattern, ...] = field(init=False, repr=False, compare=False)
    _compiled_conditions: tuple[CompiledCondition, ...] = field(
        init=False, repr=False, compare=False
    )
    # True when the statement applies to every request its action admits:
    # "Resource": "*" (or none), no Principal element and no condition.
    _unconditional: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        actions = self.actions if self.actions is not None else self.not_actions or ()
        resources = self.resources if self.resources is not None else self.not_resources or ()
        # Actions match without regard to case, so patterns and requests are lower-cased.
        patterns = tuple(GlobPattern(r, substitute=self.substitute_variables) for r in resources)
        static = all(p.is_static for p in patterns)
        compiled = tuple(
            CompiledCondition(
                parse_operator(c.operator), c.key, c.values, self.substitute_variables
            )
            for c in self.conditions
        )
        object.__setattr__(
            self, "_action_matcher", compile_any(tuple(tokenize_glob(a.lower()) for a in actions))
        )
        resource_matcher = compile_any(tuple(p.tokens for p in patterns)) if static else None
        object.__setattr__(self, "_resource_matcher", resource_matcher if patterns else None)
        object.__setattr__(self, "_resource_patterns", patterns)
        object.__setattr__(self, "_compiled_conditions", compiled)
        any_resource = self.not_resources is None and self.resources in (None, ("*",))
        unconditional = any_resource and not self.has_principal and not compiled
        object.__setattr__(self, "_unconditional", unconditional)

    @property
    def has_principal(self) -> bool:
        return self.principal is not None or self.not_principal is not None


# Distinct actions remembered per policy; a caller sweeping the whole catalog
# (about 20,000 actions) clears the memo now and then instead of growing it forever.
_MAX_MEMO_ACTIONS = 4096


@dataclass(frozen=True)
class Policy:
    """A parsed policy document. ``name`` labels it in explanations (an ARN or a label)."""

    statements: tuple[Statement, ...]
    version: str = VERSION_2008
    id: str | None = None
    name: str = "policy"
    _by_action: dict[str, tuple[Statement, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def candidates(self, action_lower: str) -> tuple[Statement, ...]:
        """Return the statements whose Action or NotAction element admits ``action_lower``.

        The answer depends only on the action, so it is memoized per policy: most
        requests then skip every statement written for other actions.
        """
        found = self._by_action.get(action_lower)
        if found is None:
            found = tuple(
                s
                for s in self.statements
                if s._action_matcher(action_lower) == (s.actions is not None)
            )
            if len(self._by_action) >= _MAX_MEMO_ACTIONS:
                self._by_action.clear()
            self._by_action[action_lower] = found
        return found
