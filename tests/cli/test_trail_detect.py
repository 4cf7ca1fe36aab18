"""seawall trail detect and trail rules through the click runner."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner
from moto import mock_aws

from seawall.cli.main import cli

LOG_NAME = "111122223333_CloudTrail_us-east-1_20240501T1000Z_abc.json.gz"
STOP_RULE_ID = "2a7538fc-0eba-4000-a974-f4e6879f7434"
CHANGE_RULE_ID = "e6afb7b7-7060-4d52-95bd-ef2cabb76055"
USER_RULE = """
title: Bucket listed
id: user-rule-1
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventSource: s3.amazonaws.com, eventName: ListBuckets}
  condition: selection
level: low
"""


def event(name: str, event_id: str, region: str = "us-east-1", **fields: Any) -> dict[str, Any]:
    return {
        "eventVersion": "1.08",
        "eventSource": "cloudtrail.amazonaws.com" if "Logging" in name else "s3.amazonaws.com",
        "eventName": name,
        "eventID": event_id,
        "eventTime": "2024-05-01T10:01:00Z",
        "awsRegion": region,
        "sourceIPAddress": "203.0.113.7",
        "recipientAccountId": "111122223333",
        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice"},
        **fields,
    }


def log_bytes(records: list[dict[str, Any]]) -> bytes:
    return gzip.compress(json.dumps({"Records": records}).encode())


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    records = [
        event("StopLogging", "stop-1", requestParameters={"name": "main"}),
        event("ListBuckets", "list-1", region="ap-south-1"),
    ]
    (folder / LOG_NAME).write_bytes(log_bytes(records))
    return folder


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, ["trail", *args])


def test_detect_text(logs: Path) -> None:
    result = invoke("detect", str(logs))
    assert result.exit_code == 0, result.output
    assert f"CloudTrail logging stopped or trail deleted  [{STOP_RULE_ID}]" in result.output
    assert "2 finding(s) from 2 event(s) in 1 file(s)" in result.output


@pytest.mark.parametrize(
    ("fail_on", "exit_code"),
    [
        pytest.param("high", 1, id="high-fails"),
        pytest.param("critical", 0, id="critical-passes"),
    ],
)
def test_detect_fail_on(logs: Path, fail_on: str, exit_code: int) -> None:
    assert invoke("detect", str(logs), "--fail-on", fail_on).exit_code == exit_code


def test_detect_json_to_file(logs: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    result = invoke("detect", str(logs), "--format", "json", "-o", str(output))
    assert result.exit_code == 0, result.output
    findings = json.loads(output.read_text())["findings"]
    (finding,) = [item for item in findings if item["rule_id"] == STOP_RULE_ID]
    assert finding["event_ids"] == ["stop-1"]
    assert finding["principal"] == "arn:aws:iam::111122223333:user/alice"


def test_detect_user_rules_only(logs: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "listed.yml").write_text(USER_RULE)
    result = invoke(
        "detect", str(logs), "--rules", str(rules), "--no-builtin-rules", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("user-rule-1,Bucket listed,low,list-1,")


def test_detect_allowed_region(logs: Path) -> None:
    result = invoke("detect", str(logs), "--allowed-region", "us-east-1", "--format", "json")
    rules = {finding["rule_id"] for finding in json.loads(result.stdout)["findings"]}
    assert rules == {STOP_RULE_ID, CHANGE_RULE_ID, "7a738b6b-d66b-4fe6-b2ae-3e1fc0b46f4c"}


def test_detect_no_rules_rejected(logs: Path) -> None:
    result = invoke("detect", str(logs), "--no-builtin-rules")
    assert result.exit_code == 2
    assert "--no-builtin-rules needs at least one --rules path" in result.output


def test_detect_broken_rule_rejected(logs: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(USER_RULE.replace("condition: selection", "condition: selection and x"))
    result = invoke("detect", str(logs), "--rules", str(broken))
    assert result.exit_code == 2
    assert "1 rule problem(s)" in result.output
    assert "undefined selection 'x'" in result.output


def test_detect_skips_corrupt_file(logs: Path) -> None:
    (logs / "111122223333_CloudTrail_us-east-1_20240501T1005Z_bad.json.gz").write_bytes(
        b"\x1f\x8bxx"
    )
    result = invoke("detect", str(logs), "--format", "json")
    assert result.exit_code == 0, result.output
    (skipped,) = json.loads(result.stdout)["summary"]["skipped_files"]
    assert skipped["path"].endswith("_bad.json.gz")
    assert "corrupt or truncated gzip" in skipped["reason"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--account", "12"], "expected a 12-digit account id", id="bad-account"),
        pytest.param(["--start-time", "yesterday"], "is not an ISO 8601 time", id="bad-time"),
        pytest.param(
            ["--start-time", "2024-05-02T00:00:00Z", "--end-time", "2024-05-01T00:00:00Z"],
            "--start-time is after --end-time",
            id="reversed-times",
        ),
    ],
)
def test_detect_invalid_options(logs: Path, args: list[str], message: str) -> None:
    result = invoke("detect", str(logs), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_detect_time_filter(logs: Path) -> None:
    result = invoke("detect", str(logs), "--start-time", "2024-05-01T11:00:00Z")
    assert result.exit_code == 0, result.output
    assert "0 finding(s) from 0 event(s) in 0 file(s)" in result.output


def test_detect_s3_source() -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="trail-bucket")
        key = f"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/{LOG_NAME}"
        s3.put_object(
            Bucket="trail-bucket", Key=key, Body=log_bytes([event("StopLogging", "s3-stop")])
        )
        # A second file, so that --workers 2 sends bytes to the process pool.
        s3.put_object(
            Bucket="trail-bucket",
            Key=key.replace("T1000Z", "T1005Z"),
            Body=log_bytes([event("ListBuckets", "s3-list")]),
        )
        result = invoke("detect", "s3://trail-bucket", "--workers", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert {finding["rule_id"] for finding in findings} == {STOP_RULE_ID, CHANGE_RULE_ID}
    assert [finding["event_ids"] for finding in findings] == [["s3-stop"], ["s3-stop"]]


def test_rules_lint_builtin() -> None:
    result = invoke("rules", "lint")
    assert result.exit_code == 0, result.output
    assert "0 problem(s)" in result.output


def test_rules_lint_reports(tmp_path: Path) -> None:
    rule = tmp_path / "rule.yml"
    rule.write_text(USER_RULE.replace("ListBuckets", "ListBucketz"))
    result = invoke("rules", "lint", str(rule))
    assert result.exit_code == 1
    assert "CloudTrail never records eventName 'ListBucketz'" in result.output


def test_rules_list() -> None:
    result = invoke("rules", "list")
    assert result.exit_code == 0, result.output
    assert f"{STOP_RULE_ID}  high          CloudTrail logging stopped or trail deleted" in (
        result.output
    )


@pytest.mark.parametrize(
    ("regions", "names"),
    [
        pytest.param(["mars-1"], "'mars-1'", id="one-unknown"),
        pytest.param(["us-east-1", "us-east1", "eu-mars-9"], "'us-east1', 'eu-mars-9'", id="typo"),
    ],
)
def test_detect_unknown_region_rejected(logs: Path, regions: list[str], names: str) -> None:
    arguments = [argument for region in regions for argument in ("--allowed-region", region)]

    result = invoke("detect", str(logs), *arguments)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith(
        f"error: unknown region {names} in --allowed-region; use a region name such as "
        "us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-2 ("
    )
    assert result.stderr.splitlines()[-1].endswith(" regions are known to botocore)")


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1", "ap-southeast-2"])
def test_detect_known_region_accepted(logs: Path, region: str) -> None:
    result = invoke("detect", str(logs), "--allowed-region", region, "--format", "json")

    assert result.exit_code == 0, result.output
