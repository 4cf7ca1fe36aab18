"""A fixed set of findings, one per status and severity, for the format tests."""

from __future__ import annotations

import os
from pathlib import Path

from seawall.findings.formats.report import ReportMeta
from seawall.findings.model import Finding, Practice, Severity, Status

GOLDEN_DIR = Path(__file__).parent / "golden"
ACCOUNT = "123456789012"


def make_finding(
    check_id: str = "s3.bucket_public_access",
    *,
    status: Status = Status.FAIL,
    severity: Severity = Severity.HIGH,
    practice: Practice = Practice.S3,
    resource: str = "arn:aws:s3:::example-bucket",
    region: str = "global",
    reason: str = "the bucket policy allows s3:GetObject to everyone",
    controls: tuple[str, ...] = ("CIS:2.1.4", "FSBP:S3.8"),
    remediation: str = "aws s3api put-public-access-block --bucket BUCKET",
    title: str = "S3 buckets block public access",
) -> Finding:
    return Finding(
        check_id=check_id,
        title=title,
        practice=practice,
        severity=severity,
        status=status,
        resource=resource,
        account=ACCOUNT,
        region=region,
        reason=reason,
        controls=controls,
        remediation=remediation,
    )


SAMPLE_FINDINGS: tuple[Finding, ...] = (
    make_finding(
        "iam.root_access_key",
        status=Status.PASS,
        severity=Severity.CRITICAL,
        practice=Practice.IAM,
        resource=f"arn:aws:iam::{ACCOUNT}:root",
        reason="the root user has no access keys",
        controls=("CIS:1.4", "FSBP:IAM.4"),
        remediation="Delete the root user's access keys in the IAM console.",
        title="The root user has no access keys",
    ),
    make_finding(
        "kms.key_rotation",
        status=Status.FAIL,
        severity=Severity.MEDIUM,
        practice=Practice.KMS,
        resource=f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        region="eu-west-1",
        reason="automatic rotation is disabled",
        controls=("CIS:3.6", "FSBP:KMS.4"),
        remediation="aws kms enable-key-rotation --key-id KEY_ID",
        title="Customer managed KMS keys rotate yearly",
    ),
    make_finding(
        "s3.bucket_public_access",
        status=Status.FAIL,
        severity=Severity.CRITICAL,
        resource='arn:aws:s3:::=HYPERLINK("http://example.invalid"),bucket',
        reason='the bucket policy allows s3:GetObject to "*"',
        remediation=(
            "aws s3api put-public-access-block --bucket BUCKET \\\n"
            "  --public-access-block-configuration BlockPublicPolicy=true"
        ),
    ),
    make_finding(
        "securityhub.enabled",
        status=Status.ERROR,
        severity=Severity.HIGH,
        practice=Practice.SECURITY_HUB,
        resource=f"arn:aws:::{ACCOUNT}/us-east-1",
        region="us-east-1",
        reason="could not assess: AccessDenied on securityhub:DescribeHub in us-east-1",
        controls=("CIS:5.16",),
        remediation="aws securityhub enable-security-hub --region REGION",
        title="Security Hub is enabled in every region",
    ),
    make_finding(
        "network.default_sg_closed",
        status=Status.NOT_APPLICABLE,
        severity=Severity.LOW,
        practice=Practice.NETWORK,
        resource=f"arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/sg-0123456789abcdef0",
        region="us-east-1",
        reason="the region has no VPC",
        controls=("CIS:5.5", "FSBP:EC2.2"),
        remediation="Remove every rule from the default security group.",
        title="Default security groups allow no traffic",
    ),
    make_finding(
        "account.security_contact",
        status=Status.FAIL,
        severity=Severity.INFORMATIONAL,
        practice=Practice.ACCOUNT,
        resource=f"arn:aws:iam::{ACCOUNT}:root",
        reason="no security alternate contact is set",
        controls=(),
        remediation="",
        title="A security contact is registered",
    ),
)

SAMPLE_META = ReportMeta(
    seawall_version="0.1.0",
    account=ACCOUNT,
    regions=("us-east-1", "eu-west-1"),
    generated_at="2026-12-04T20:00:00+00:00",
)


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/findings/golden/NAME, which SEAWALL_UPDATE_GOLDEN=1 rewrites first."""
    path = GOLDEN_DIR / name
    if os.environ.get("SEAWALL_UPDATE_GOLDEN") == "1":
        with path.open("w", encoding="utf-8", newline="") as output:
            output.write(actual)
    with path.open(encoding="utf-8", newline="") as golden:
        expected = golden.read()
    assert actual == expected, f"{name} differs from the golden file; diff the output with {path}"
