"""Map a CloudTrail event (eventSource, eventName) to the IAM actions that authorize it.

Most events name their action directly: eventSource ``s3.amazonaws.com`` and
eventName ``GetObject`` need ``s3:GetObject``. The tables below hold the known
exceptions: sources whose IAM prefix differs, events renamed or split, calls that
no identity policy controls, and API names with a version suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from seawall.policy.catalog import Catalog

_SOURCE_SUFFIX = ".amazonaws.com"

# Event sources whose IAM service prefix is not the host name.
SOURCE_PREFIXES: dict[str, str] = {
    "monitoring.amazonaws.com": "cloudwatch",
    "email.amazonaws.com": "ses",
    "tagging.amazonaws.com": "tag",
    "streams.dynamodb.amazonaws.com": "dynamodb",
    "servicecatalog-appregistry.amazonaws.com": "servicecatalog",
    "metering-marketplace.amazonaws.com": "aws-marketplace",
    "runtime.sagemaker.amazonaws.com": "sagemaker",
    "api.sagemaker.amazonaws.com": "sagemaker",
    "models.lex.amazonaws.com": "lex",
    "runtime.lex.amazonaws.com": "lex",
    "api.ecr.amazonaws.com": "ecr",
    "api.mediatailor.amazonaws.com": "mediatailor",
    "data.iot.amazonaws.com": "iot",
    "execute-api.amazonaws.com": "execute-api",
}

# Events whose action name differs from the event name, keyed by (prefix, eventName).
RENAMED_EVENTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("s3", "ListBuckets"): ("s3:ListAllMyBuckets",),
    ("s3", "HeadObject"): ("s3:GetObject",),
    ("s3", "HeadBucket"): ("s3:ListBucket",),
    ("s3", "ListObjects"): ("s3:ListBucket",),
    ("s3", "ListObjectsV2"): ("s3:ListBucket",),
    ("s3", "ListObjectVersions"): ("s3:ListBucketVersions",),
    ("s3", "ListMultipartUploads"): ("s3:ListBucketMultipartUploads",),
    ("s3", "ListParts"): ("s3:ListMultipartUploadParts",),
    ("s3", "CreateMultipartUpload"): ("s3:PutObject",),
    ("s3", "UploadPart"): ("s3:PutObject",),
    ("s3", "CompleteMultipartUpload"): ("s3:PutObject",),
    ("s3", "CopyObject"): ("s3:GetObject", "s3:PutObject"),
    ("s3", "UploadPartCopy"): ("s3:GetObject", "s3:PutObject"),
    ("s3", "DeleteObjects"): ("s3:DeleteObject",),
    ("s3", "SelectObjectContent"): ("s3:GetObject",),
    ("s3", "GetBucketEncryption"): ("s3:GetEncryptionConfiguration",),
    ("s3", "PutBucketEncryption"): ("s3:PutEncryptionConfiguration",),
    ("s3", "DeleteBucketEncryption"): ("s3:PutEncryptionConfiguration",),
    ("s3", "GetBucketLifecycle"): ("s3:GetLifecycleConfiguration",),
    ("s3", "GetBucketLifecycleConfiguration"): ("s3:GetLifecycleConfiguration",),
    ("s3", "PutBucketLifecycle"): ("s3:PutLifecycleConfiguration",),
    ("s3", "PutBucketLifecycleConfiguration"): ("s3:PutLifecycleConfiguration",),
    ("s3", "DeleteBucketLifecycle"): ("s3:PutLifecycleConfiguration",),
    ("s3", "GetBucketCors"): ("s3:GetBucketCORS",),
    ("s3", "PutBucketCors"): ("s3:PutBucketCORS",),
    ("s3", "DeleteBucketCors"): ("s3:PutBucketCORS",),
    ("s3", "GetBucketReplication"): ("s3:GetReplicationConfiguration",),
    ("s3", "PutBucketReplication"): ("s3:PutReplicationConfiguration",),
    ("s3", "DeleteBucketReplication"): ("s3:PutReplicationConfiguration",),
    ("s3", "DeleteBucketTagging"): ("s3:PutBucketTagging",),
    ("s3", "DeleteBucketPublicAccessBlock"): ("s3:PutBucketPublicAccessBlock",),
    ("s3", "DeleteAccountPublicAccessBlock"): ("s3:PutAccountPublicAccessBlock",),
    ("s3", "GetBucketAccelerateConfiguration"): ("s3:GetAccelerateConfiguration",),
    ("s3", "PutBucketAccelerateConfiguration"): ("s3:PutAccelerateConfiguration",),
    ("s3", "GetBucketIntelligentTieringConfiguration"): ("s3:GetIntelligentTieringConfiguration",),
    ("s3", "GetBucketInventoryConfiguration"): ("s3:GetInventoryConfiguration",),
    ("s3", "GetBucketMetricsConfiguration"): ("s3:GetMetricsConfiguration",),
    ("s3", "GetBucketAnalyticsConfiguration"): ("s3:GetAnalyticsConfiguration",),
    ("s3", "GetStorageLensDashboardDataInternal"): ("s3:GetStorageLensDashboard",),
    ("kms", "ReEncrypt"): ("kms:ReEncryptFrom", "kms:ReEncryptTo"),
}

# Calls that no identity policy can allow or deny, with the reason given in the notes.
NO_PERMISSION_EVENTS: dict[tuple[str, str], str] = {
    ("sts", "GetCallerIdentity"): "sts:GetCallerIdentity needs no permission",
    ("signin", "ConsoleLogin"): "console sign-in is not authorized by identity policies",
    ("signin", "CheckMfa"): "console sign-in is not authorized by identity policies",
    ("signin", "SwitchRole"): "switching roles in the console is authorized by sts:AssumeRole",
    ("signin", "ExitRole"): "leaving a role in the console needs no permission",
    ("signin", "RenewRole"): "renewing a console role session needs no permission",
}

# API versions appended to event names: CreateFunction20150331 and
# UpdateFunctionCode20150331v2 (Lambda), CreateDistribution2020_05_31 (CloudFront).
_VERSION_SUFFIX = re.compile(r"(?:\d{8}|\d{4}_\d{2}_\d{2})(?:v\d+)?$")


@dataclass(frozen=True)
class Mapping:
    """The IAM actions of one event, or why it has none.

    Exactly one outcome holds: ``actions`` is non-empty, ``no_permission`` gives the
    reason no permission is needed, or neither (the event is unmapped).
    """

    prefix: str
    event_name: str
    actions: tuple[str, ...] = ()
    no_permission: str | None = None

    @property
    def mapped(self) -> bool:
        return bool(self.actions) or self.no_permission is not None


def source_prefix(event_source: str) -> str:
    """Return the IAM service prefix of an eventSource such as ``s3.amazonaws.com``."""
    known = SOURCE_PREFIXES.get(event_source)
    if known is not None:
        return known
    if event_source.endswith(_SOURCE_SUFFIX):
        return event_source[: -len(_SOURCE_SUFFIX)]
    return event_source


def strip_version_suffix(event_name: str) -> str:
    return _VERSION_SUFFIX.sub("", event_name)


def map_event(catalog: Catalog, event_source: str, event_name: str) -> Mapping:
    """Return the IAM actions that authorize one event, checked against the catalog."""
    prefix = source_prefix(event_source)
    if not prefix or not event_name:
        return Mapping(prefix, event_name)
    reason = NO_PERMISSION_EVENTS.get((prefix, event_name))
    if reason is not None:
        return Mapping(prefix, event_name, no_permission=reason)
    renamed = RENAMED_EVENTS.get((prefix, event_name))
    if renamed is not None:
        return Mapping(prefix, event_name, actions=_canonical(catalog, renamed))
    for name in (event_name, strip_version_suffix(event_name)):
        if not name or ":" in name:
            continue
        found = catalog.action(f"{prefix}:{name}")
        if found is not None:
            return Mapping(prefix, event_name, actions=(found.name,))
    return Mapping(prefix, event_name)


def _canonical(catalog: Catalog, names: tuple[str, ...]) -> tuple[str, ...]:
    # Table entries that the bundled catalog lacks are dropped, so a catalog refresh
    # that renames an action turns the event into an unmapped one instead of an
    # invalid policy.
    canonical = []
    for name in names:
        found = catalog.action(name)
        if found is not None:
            canonical.append(found.name)
    return tuple(canonical)
