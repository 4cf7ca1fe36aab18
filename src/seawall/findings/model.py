"""The Finding model: one check's verdict on one resource."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFORMATIONAL = "informational"

    @property
    def rank(self) -> int:
        """Order from worst (0) to least severe (4)."""
        return list(Severity).index(self)


class Practice(StrEnum):
    IAM = "iam"
    MFA_SCP = "mfa_scp"
    KMS = "kms"
    SECRETS = "secrets"
    SECURITY_HUB = "security_hub"
    GUARDDUTY = "guardduty"
    CONFIG = "config"
    CLOUDTRAIL = "cloudtrail"
    NETWORK = "network"
    S3 = "s3"
    ACCOUNT = "account"


@dataclass(frozen=True, slots=True)
class Finding:
    """A check result. Field names are the public JSON contract."""

    check_id: str
    title: str
    practice: Practice
    severity: Severity
    status: Status
    resource: str
    account: str
    region: str
    reason: str
    controls: tuple[str, ...]
    remediation: str
