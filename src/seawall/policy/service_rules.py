"""Services whose resource policy must allow, whatever the identity policies allow.

For most services, within one account, an identity-based policy alone can allow
a request. Two documented exceptions make the resource policy mandatory:

- KMS key policies ("Key policies in AWS KMS", AWS KMS Developer Guide): no IAM
  policy gives access to a KMS key unless its key policy allows it. The key
  policy either allows the caller directly, or names the account
  (``"AWS": "arn:aws:iam::ACCOUNT:root"``), which lets the account's identity
  policies decide.
- Role trust policies ("Policy evaluation logic" and "Cross-account policy
  evaluation logic", IAM User Guide): a role can be assumed only when its trust
  policy allows the caller. Within one account, a trust policy that names the
  user or role ARN is enough; one that names the account needs an identity-based
  policy too.

The rule applies when the request is for such an action and the caller passed
the resource policy. Without a resource policy, seawall does not assume one and
evaluates the identity-based policies alone, which callers use to ask "may this
principal call kms:Decrypt at all?".
"""

from __future__ import annotations

from enum import StrEnum

# Actions whose resource policy is the role's trust policy. sts:TagSession and
# sts:SetSourceIdentity are checked against it too, but only together with an
# AssumeRole call, so they are left to the general rule.
_TRUST_ACTIONS = frozenset(
    {"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity"}
)


class ResourceRule(StrEnum):
    """The rule that combines a request's resource policy with the identity-based policies."""

    GENERAL = "general"
    KEY_POLICY = "key_policy"
    TRUST_POLICY = "trust_policy"

    @property
    def label(self) -> str:
        return {
            ResourceRule.GENERAL: "resource-based policy",
            ResourceRule.KEY_POLICY: "KMS key policy",
            ResourceRule.TRUST_POLICY: "role trust policy",
        }[self]


def resource_rule(action_lower: str, has_resource_policy: bool) -> ResourceRule:
    """Return the rule for a request for ``action_lower`` (lower-cased)."""
    if not has_resource_policy:
        return ResourceRule.GENERAL
    if action_lower.startswith("kms:"):
        return ResourceRule.KEY_POLICY
    if action_lower in _TRUST_ACTIONS:
        return ResourceRule.TRUST_POLICY
    return ResourceRule.GENERAL
