"""The built-in rules on real CloudTrail logs of a Stratus Red Team attack simulation.

The logs (about 2,900 events, MIT licence, by Invictus Incident Response)
are read in place from the shared data folder next to the repository and
never copied into it. The test skips when that folder is absent.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from seawall.trail.detect.findings import DetectionFinding
from seawall.trail.detect.run import RuleOptions, detect_source
from seawall.trail.filters import TrailFilter
from seawall.trail.reading import iter_records
from seawall.trail.sources import LocalSource

DATASET = (
    Path(__file__).resolve().parents[3].parent / "shared/data/cloudtrail/invictus-stratus-2023"
)

pytestmark = pytest.mark.skipif(
    not DATASET.is_dir(), reason=f"shared Stratus Red Team logs not found at {DATASET}"
)

# Rule id -> sorted eventIDs, or the number of events where the list is long.
EXPECTED: dict[str, list[str] | int] = {
    # AWS Organizations changed
    "fbee58b6-df8f-4e6d-8e72-9d11298b6b0d": ["be7f89b5-d456-4423-b3e6-0fb0b19bad7c"],
    # Access key or console password created for another user
    "943b3ca0-a2a6-4671-b9ef-d8a7029fe60b": [
        "1170c908-ce8d-4c6f-bc65-cf43aae5235b",
        "64b7de64-bf53-47ae-b7e3-d30cb1b5136e",
        "8c282c0b-00d1-4369-95b7-cb50b6eee620",
        "f0d7bb15-75c8-4770-a500-92d1f71b948c",
    ],
    # Account left the organization
    "fb42988c-e7d7-4b28-af8a-e43e95259ef6": ["be7f89b5-d456-4423-b3e6-0fb0b19bad7c"],
    # AdministratorAccess policy attached
    "a1f9e65d-1ed6-47ad-97e9-6b4be8d47200": [
        "493e08b7-63e4-49a4-832a-1a7598ce78e5",
        "f4923a37-92d5-4dfd-9786-6caef2b5f33c",
    ],
    # CloudTrail configuration changed
    "e6afb7b7-7060-4d52-95bd-ef2cabb76055": 13,
    # CloudTrail event selection or trail settings changed
    "6d8910cf-84b9-42b5-badc-1329a85ac2be": [
        "076e96d5-2983-473f-920a-2fc2d7e02777",
        "3d6df238-f83c-4a34-bea8-45cf80a2050b",
    ],
    # CloudTrail logging stopped or trail deleted
    "2a7538fc-0eba-4000-a974-f4e6879f7434": [
        "9790ee84-ed2b-4866-83d1-f32af0dd4cd2",
        "b4610d54-efe9-40b0-b9f9-71156081d520",
        "b7e19efd-92be-4182-bbbc-b6468296710b",
        "c0057a42-1625-4b1d-9db5-352f931f790a",
        "f6e10706-705c-47f2-94d4-112a9527ab8b",
        "fcec2e46-3cc3-4ac2-8144-3674f06990e4",
    ],
    # Console sign-in without MFA
    "58e306a7-09a1-436d-87f2-27a8be9a69b6": ["70e5932e-9022-4b38-837e-ca10dad94eb7"],
    # EBS or RDS snapshot or AMI shared outside the account
    "5d522e7f-5618-43f2-b4c9-6edac0fc2e79": [
        "2d19ab1e-82e9-4302-ad10-a405b50c8d49",
        "741616fd-4713-426d-8861-3ccae4ba994e",
        "8fe3095f-909c-41f5-a769-00b9ec6e95df",
    ],
    # EC2 user data or Windows password data read
    "35fb91b9-22a7-4a82-a16f-8aaf4f49cb59": 48,
    # IAM policy changed
    "1dd01f0a-a568-4ca5-b461-c01c4cee86f1": 26,
    # IAM role trust policy changed
    "c491f3a7-4831-42ae-97c1-fc08f2c9c987": [
        "059cf0ed-af91-40a6-9c89-a8a4fb81dc65",
        "d96d75c7-e715-44ff-9735-9dc51afbd774",
    ],
    # Lambda function resource policy extended
    "aa55aec3-4e43-4524-823a-81f543a62246": ["b1f37249-bb39-4b9c-a302-e6d0f807d70c"],
    # Many SSM parameters decrypted by one identity
    "959e9ef2-4c4f-4525-8618-f311285dd411": 87,
    # Many secrets read by one identity
    "8d10f08f-64ce-446b-913d-fd6a50dcea50": 60,
    # Network gateway changed
    "71089529-9a29-424f-be55-82cafb58cf56": 15,
    # Route table changed
    "229faeb4-fe90-4290-ab26-781416ea21bf": 40,
    # S3 bucket policy or ACL changed
    "817c10d6-cf29-4fe9-97ca-a2e09c5d8c44": [
        "7823c70d-f7f9-4a04-b4c0-baa8fbe09ea3",
        "8ec435c9-76d1-47d1-8eae-8a8864e3dff5",
        "988f1043-3e3d-4d84-803b-1b4d00e0df90",
        "b921a62d-9241-42a2-bb3c-6821e55c20cd",
        "d58cf935-0194-41d0-baa0-9efc030ce2e6",
        "dfcc072b-da6e-454c-b4bf-f7fbf9052e00",
    ],
    # Security group changed
    "906c5889-6b5d-4233-b230-ccc25fb031ee": 8,
    # Unauthorized API call
    "e912aba6-51fb-41d6-b51c-e994902f96f4": 60,
    # VPC changed
    "e63a3cff-89bf-47a7-892d-9670f6bac5db": 16,
    # VPC flow logs deleted
    "ae779bab-0b7d-4508-82e6-f3f45a331fdc": ["de58d903-38d7-4f30-a84b-b79d858e8376"],
}

# Read calls the rules may flag: credential theft, and two Cost Explorer calls that
# AWS denied (the unauthorized-call rule). Every other read in the logs is benign.
FLAGGED_READS = {
    "GetCostAndUsage",
    "GetCostForecast",
    "GetPasswordData",
    "DescribeInstanceAttribute",
    "GetSecretValue",
    "GetParameter",
    "GetParameters",
}


def run_dataset(workers: int = 1) -> list[DetectionFinding]:
    report = detect_source(LocalSource(DATASET), TrailFilter(), RuleOptions(), workers)
    assert report.events == 2900
    assert report.skipped_files == []
    return report.findings


def events_per_rule(findings: list[DetectionFinding]) -> dict[str, list[str] | int]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for finding in findings:
        grouped[finding.rule_id].update(finding.event_ids)
    return {rule: sorted(ids) if len(ids) <= 6 else len(ids) for rule, ids in grouped.items()}


def test_dataset_rules_and_events() -> None:
    assert events_per_rule(run_dataset()) == EXPECTED


def test_dataset_workers_agree() -> None:
    assert run_dataset(workers=2) == run_dataset()


def test_dataset_benign_reads_quiet() -> None:
    flagged = {event_id for finding in run_dataset() for event_id in finding.event_ids}
    names = {
        record["eventID"]: record["eventName"]
        for record in iter_records(LocalSource(DATASET))
        if record["eventID"] in flagged
    }
    reads = {name for name in names.values() if name.startswith(("Get", "List", "Describe"))}
    assert reads <= FLAGGED_READS
    assert "Decrypt" not in names.values()


def test_dataset_secret_burst_findings() -> None:
    findings = [f for f in run_dataset() if f.rule_id == "8d10f08f-64ce-446b-913d-fd6a50dcea50"]
    assert [len(finding.event_ids) for finding in findings] == [40, 20]
    assert {finding.principal for finding in findings} == {
        "arn:aws:iam::123837392027:user/bert-jan"
    }
