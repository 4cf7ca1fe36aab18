"""Customer-managed and inline IAM policy documents from GetAccountAuthorizationDetails."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

# Each entity detail list and the key of its inline policies.
_ENTITY_LISTS = (
    ("UserDetailList", "UserPolicyList"),
    ("GroupDetailList", "GroupPolicyList"),
    ("RoleDetailList", "RolePolicyList"),
)


@dataclass(frozen=True)
class PolicySource:
    """A resource that findings name and the policy documents it holds."""

    arn: str
    documents: list[tuple[str, Any]] = field(default_factory=list)


def decode_document(document: Any) -> Any:
    """Return a policy document as a dict or JSON text.

    IAM returns documents URL-encoded; boto3 usually decodes them, but a
    snapshot written by another client may hold the encoded text.
    """
    if isinstance(document, str) and not document.lstrip().startswith("{"):
        return unquote(document)
    return document


def iam_policy_sources(details: dict[str, Any]) -> Iterator[PolicySource]:
    """Yield each customer-managed policy, then each entity that has inline policies."""
    for policy in details.get("Policies", []):
        arn = str(policy.get("Arn", ""))
        if ":iam::aws:policy/" in arn:
            continue
        name = str(policy.get("PolicyName", arn))
        yield PolicySource(arn, [(name, decode_document(_default_version(policy)))])
    for list_key, inline_key in _ENTITY_LISTS:
        for entity in details.get(list_key, []):
            documents = [
                (str(item.get("PolicyName", "")), decode_document(item.get("PolicyDocument")))
                for item in entity.get(inline_key, [])
            ]
            if documents:
                arn = str(entity.get("Arn", ""))
                yield PolicySource(arn, documents)


def _default_version(policy: dict[str, Any]) -> Any:
    """Return the document of the default version, or None when it is missing."""
    default_id = policy.get("DefaultVersionId")
    for version in policy.get("PolicyVersionList", []):
        if version.get("IsDefaultVersion") or version.get("VersionId") == default_id:
            return version.get("Document")
    return None
