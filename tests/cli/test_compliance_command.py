"""``seawall compliance coverage`` over the registered checks and the bundled data."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from seawall.cli.main import cli


def _coverage_json(framework: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["compliance", "coverage", "--framework", framework, "--json"])
    assert result.exit_code == 0, result.output
    record: dict[str, object] = json.loads(result.output)
    return record


@pytest.mark.parametrize(
    ("framework", "control_id", "checks"),
    [
        pytest.param("cis", "1.4", ["iam.root_mfa_enabled"], id="cis-covered"),
        pytest.param("cis", "1.1", [], id="cis-uncovered"),
        pytest.param("fsbp", "S3.5", ["s3.bucket_deny_http"], id="fsbp-covered"),
        pytest.param("fsbp", "EC2.1", [], id="fsbp-uncovered"),
    ],
)
def test_coverage_json_maps_control(framework: str, control_id: str, checks: list[str]) -> None:
    controls = _coverage_json(framework)["controls"]
    assert isinstance(controls, list)
    by_id = {control["id"]: control for control in controls}
    assert by_id[control_id]["checks"] == checks


def test_coverage_json_counts_covered() -> None:
    record = _coverage_json("cis")
    controls = record["controls"]
    assert isinstance(controls, list)
    assert record["total"] == len(controls)
    assert record["covered"] == sum(1 for control in controls if control["checks"])


def test_coverage_table_marks_uncovered() -> None:
    result = CliRunner().invoke(cli, ["compliance", "coverage"])
    assert result.exit_code == 0
    assert "CIS AWS Foundations Benchmark 5.0.0:" in result.output
    assert "uncovered" in result.output


def test_coverage_rejects_unknown_framework() -> None:
    result = CliRunner().invoke(cli, ["compliance", "coverage", "--framework", "nist"])
    assert result.exit_code == 2
    assert "'nist' is not one of 'cis', 'fsbp'" in result.output
