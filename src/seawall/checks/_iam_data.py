"""Read IAM data out of a Snapshot: authorization details, policy documents,
the credential report and the snapshot's reference time.

Every reader raises DataUnavailable when the data is missing or unusable, so
the calling check turns it into an ``error`` finding.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import unquote

from seawall.checks.context import CheckContext, DataUnavailable
from seawall.policy import Policy, PolicyError, parse_policy

ROOT_USER = "<root_account>"

J = TypeVar("J")


@dataclass(frozen=True)
class PolicyDocument:
    """An identity policy attached somewhere in the account, with its label for findings."""

    arn: str
    label: str
    document: Any


def authorization_details(ctx: CheckContext) -> dict[str, Any]:
    data = ctx.data("iam", "GetAccountAuthorizationDetails")
    if not isinstance(data, dict):
        raise DataUnavailable(
            "could not assess: GetAccountAuthorizationDetails data is not an object"
        )
    return data


def decode_document(document: Any) -> Any:
    """Return a policy document as parse_policy accepts it.

    GetAccountAuthorizationDetails returns documents URL-encoded on the wire;
    boto3 decodes them to objects, but other endpoints and saved snapshots
    may still hold the encoded string.
    """
    if isinstance(document, str):
        return unquote(document)
    return document


def load_policy(document: Any, name: str) -> Policy:
    """Parse a stored policy document, raising PolicyError on malformed input."""
    return parse_policy(decode_document(document), name=name)


def judge_each(
    items: Iterable[PolicyDocument], judge: Callable[[Policy], J]
) -> Iterator[tuple[PolicyDocument, J | PolicyError]]:
    """Yield each policy with ``judge``'s verdict on it, or the PolicyError it raised.

    Accounts repeat the same document under many names (one inline policy
    copied to a thousand roles), so each distinct document is judged once.
    """
    verdicts: dict[str, J | PolicyError] = {}
    for item in items:
        key = _document_key(item.document)
        if key not in verdicts:
            try:
                verdicts[key] = judge(load_policy(item.document, item.arn))
            except PolicyError as exc:
                verdicts[key] = exc
        yield item, verdicts[key]


def _document_key(document: Any) -> str:
    """Return the same text for the same policy, whether stored as an object or as JSON text."""
    decoded = decode_document(document)
    if isinstance(decoded, str):
        try:
            decoded = json.loads(decoded)
        except ValueError:
            return str(decoded)
    return json.dumps(decoded, sort_keys=True)


def is_aws_managed(arn: str) -> bool:
    return ":iam::aws:policy/" in arn


def _policy_name(item: dict[str, Any], arn: str) -> str:
    # NOTE: moto 5.2.5 leaves PolicyName out of these entries, so the
    # name falls back to the last segment of the ARN.
    return str(item.get("PolicyName") or arn.rsplit("/", 1)[-1])


def _default_document(item: dict[str, Any]) -> tuple[bool, Any]:
    """Return (found, document) for the default version of a managed policy entry."""
    for version in item.get("PolicyVersionList", []):
        if version.get("IsDefaultVersion", True):
            return True, version.get("Document")
    return False, None


def customer_policies(details: dict[str, Any]) -> Iterator[PolicyDocument]:
    """Yield the default version of each customer-managed policy."""
    for item in details.get("Policies", []):
        arn = str(item.get("Arn", ""))
        if is_aws_managed(arn):
            continue
        found, document = _default_document(item)
        if found:
            yield PolicyDocument(arn, f"policy {_policy_name(item, arn)}", document)


def managed_policy_holders(details: dict[str, Any]) -> dict[str, list[str]]:
    """Map each attached managed policy's ARN to its holders ("role ops"), in listing order."""
    sections = (
        ("UserDetailList", "UserName", "user"),
        ("GroupDetailList", "GroupName", "group"),
        ("RoleDetailList", "RoleName", "role"),
    )
    holders: dict[str, list[str]] = {}
    for section, name_key, kind in sections:
        for entity in details.get(section, []):
            for attached in entity.get("AttachedManagedPolicies", []) or []:
                arn = str(attached.get("PolicyArn", ""))
                holders.setdefault(arn, []).append(f"{kind} {entity.get(name_key, '')}")
    return holders


def attached_aws_policies(details: dict[str, Any]) -> Iterator[PolicyDocument]:
    """Yield the default version of each AWS-managed policy attached to a user, group or role.

    Every account lists all AWS-managed policies (about 1,600), so only those
    in use are yielded: an AttachmentCount above zero or a holder in the
    principals' AttachedManagedPolicies.
    """
    holders = managed_policy_holders(details)
    for item in details.get("Policies", []):
        arn = str(item.get("Arn", ""))
        if not is_aws_managed(arn):
            continue
        names = holders.get(arn, [])
        count = max(_attachment_count(item), len(names))
        if count == 0:
            continue
        found, document = _default_document(item)
        if found:
            label = f"AWS-managed policy {_policy_name(item, arn)} ({_attached_to(names, count)})"
            yield PolicyDocument(arn, label, document)


def _attachment_count(item: dict[str, Any]) -> int:
    count = item.get("AttachmentCount", 0)
    return count if isinstance(count, int) else 0


MAX_HOLDERS_NAMED = 3


def _attached_to(names: list[str], count: int) -> str:
    """Describe where a policy is attached, naming up to MAX_HOLDERS_NAMED holders."""
    if not names:
        return f"attached to {_holders(count)}"
    shown = ", ".join(names[:MAX_HOLDERS_NAMED])
    rest = count - min(len(names), MAX_HOLDERS_NAMED)
    if rest > 0:
        return f"attached to {shown} and {rest} more"
    return f"attached to {shown}"


def _holders(count: int) -> str:
    return f"{count} user, group or role" if count == 1 else f"{count} users, groups or roles"


def inline_policies(details: dict[str, Any]) -> Iterator[PolicyDocument]:
    """Yield every inline policy of users, groups and roles."""
    sections = (
        ("UserDetailList", "UserName", "UserPolicyList", "user"),
        ("GroupDetailList", "GroupName", "GroupPolicyList", "group"),
        ("RoleDetailList", "RoleName", "RolePolicyList", "role"),
    )
    for section, name_key, list_key, kind in sections:
        for entity in details.get(section, []):
            entity_arn = str(entity.get("Arn", ""))
            for inline in entity.get(list_key, []) or []:
                policy_name = str(inline.get("PolicyName", ""))
                yield PolicyDocument(
                    f"{entity_arn}/inline-policy/{policy_name}",
                    f"inline policy {policy_name} of {kind} {entity.get(name_key, '')}",
                    inline.get("PolicyDocument"),
                )


def account_policies(details: dict[str, Any]) -> Iterator[PolicyDocument]:
    yield from customer_policies(details)
    yield from inline_policies(details)


def policy_error_reason(error: PolicyError) -> str:
    return f"could not assess: the policy document is invalid: {error}"


def reference_time(ctx: CheckContext) -> datetime:
    """Return the snapshot's collection time, against which ages are measured.

    Using the collection time rather than the clock keeps a saved snapshot's
    results stable when it is scanned again later.
    """
    raw = ctx.snapshot.collected_at
    if not raw:
        raise DataUnavailable("could not assess: the snapshot has no collection time")
    return parse_time(raw, "collected_at")


def parse_time(raw: str, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise DataUnavailable(f"could not assess: {field} {raw!r} is not an ISO 8601 time") from exc
    if parsed.tzinfo is None:
        raise DataUnavailable(f"could not assess: {field} {raw!r} has no time zone")
    return parsed


@dataclass(frozen=True)
class CredentialRow:
    """One line of the IAM credential report."""

    fields: dict[str, str]

    @property
    def user(self) -> str:
        return self.fields.get("user", "")

    @property
    def arn(self) -> str:
        return self.fields.get("arn", "")

    @property
    def is_root(self) -> bool:
        return self.user == ROOT_USER

    def flag(self, name: str) -> bool:
        return self.fields.get(name, "").lower() == "true"

    def time(self, name: str) -> datetime | None:
        """Return a time column, or None for N/A, no_information and the like."""
        raw = self.fields.get(name, "")
        if not raw or not raw[0].isdigit():
            return None
        return parse_time(raw, f"credential report column {name} of {self.user}")


def credential_report(ctx: CheckContext) -> list[CredentialRow]:
    data = ctx.data("iam", "GetCredentialReport")
    content = data.get("Content") if isinstance(data, dict) else None
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    if not isinstance(content, str) or not content.strip():
        raise DataUnavailable("could not assess: the credential report is empty")
    rows = [CredentialRow(dict(row)) for row in csv.DictReader(io.StringIO(content))]
    if rows and "user" not in rows[0].fields:
        raise DataUnavailable("could not assess: the credential report has no 'user' column")
    return rows


def root_row(ctx: CheckContext) -> CredentialRow:
    for row in credential_report(ctx):
        if row.is_root:
            return row
    raise DataUnavailable("could not assess: the credential report has no <root_account> line")
