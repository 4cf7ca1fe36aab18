"""``seawall policy lint``: formats, policy types, exit codes and unreadable files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seawall.cli.main import cli

CLEAN = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}
# One finding of each severity below error: a wildcard iam:PassRole (security
# warning), an unknown action (warning) and a lower-case action (suggestion).
NO_ERRORS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["iam:PassRole", "s3:GetObjekt", "s3:getbucketacl"],
            "Resource": "*",
        }
    ],
}
WITH_ERROR = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}],
}
BUCKET_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "111122223333"},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::reports/*",
        }
    ],
}


def write(tmp_path: Path, name: str, document: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2))
    return str(path)


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["policy", "lint", *args], input=stdin)


def test_lint_clean_policy_exits_zero(tmp_path: Path) -> None:
    result = run(write(tmp_path, "clean.json", CLEAN))
    assert result.exit_code == 0
    assert result.output.endswith(
        "1 file linted, 0 findings: 0 error, 0 security_warning, 0 warning, 0 suggestion\n"
    )


def test_lint_error_exits_one(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", WITH_ERROR)
    result = run(path)
    assert result.exit_code == 1
    assert f"{path}:5:17: error EFFECT_CASE:" in result.output
    assert result.output.endswith(
        "1 file linted, 1 finding: 1 error, 0 security_warning, 0 warning, 0 suggestion\n"
    )


@pytest.mark.parametrize(
    ("fail_on", "exit_code"),
    [
        pytest.param("error", 0, id="error"),
        pytest.param("security_warning", 1, id="security-warning"),
        pytest.param("warning", 1, id="warning"),
        pytest.param("suggestion", 1, id="suggestion"),
        pytest.param("never", 0, id="never"),
    ],
)
def test_lint_fail_on_threshold(tmp_path: Path, fail_on: str, exit_code: int) -> None:
    result = run("--fail-on", fail_on, write(tmp_path, "p.json", NO_ERRORS))
    assert result.exit_code == exit_code


def test_lint_fail_on_never_with_error(tmp_path: Path) -> None:
    result = run("--fail-on", "never", write(tmp_path, "p.json", WITH_ERROR))
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("policy_type", "codes"),
    [
        pytest.param("identity", ["PRINCIPAL_NOT_ALLOWED"], id="identity"),
        pytest.param("resource", [], id="resource"),
        pytest.param("scp", ["PRINCIPAL_NOT_ALLOWED"], id="scp"),
        pytest.param("trust", ["RESOURCE_IN_TRUST_POLICY", "TRUST_ACTION_NOT_STS"], id="trust"),
        pytest.param("rcp", ["RCP_PRINCIPAL_NOT_STAR"], id="rcp"),
    ],
)
def test_lint_type_selects_checks(tmp_path: Path, policy_type: str, codes: list[str]) -> None:
    path = write(tmp_path, "bucket.json", BUCKET_POLICY)
    result = run("--type", policy_type, "--format", "json", path)
    document = json.loads(result.output)
    assert sorted(f["code"] for f in document["files"][0]["findings"]) == codes


def test_lint_json_format(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", WITH_ERROR)
    document = json.loads(run("--format", "json", path).output)
    assert document["files"][0]["path"] == path
    assert document["files"][0]["findings"][0]["code"] == "EFFECT_CASE"
    assert document["files"][0]["findings"][0]["path"] == "Statement[0].Effect"
    assert document["summary"]["error"] == 1


def test_lint_sarif_format(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", WITH_ERROR)
    log = json.loads(run("--format", "sarif", path).output)
    result = log["runs"][0]["results"][0]
    assert log["version"] == "2.1.0"
    assert result["ruleId"] == "EFFECT_CASE"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 17,
    }


def test_lint_reads_stdin() -> None:
    result = run("-", stdin=json.dumps(WITH_ERROR))
    assert result.exit_code == 1
    assert result.output.startswith("-:1:")


def test_lint_missing_file_exits_two(tmp_path: Path) -> None:
    clean = write(tmp_path, "clean.json", CLEAN)
    missing = str(tmp_path / "missing.json")
    result = CliRunner().invoke(cli, ["policy", "lint", missing, clean])
    assert result.exit_code == 2
    assert f"error: cannot read policy file {missing}: No such file or directory" in (result.output)
    assert "1 file linted, 0 findings" in result.output


def test_lint_directory_exits_two(tmp_path: Path) -> None:
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert f"cannot read policy file {tmp_path}" in result.output


def test_lint_not_json_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "Version": "2012-10-17",\n  "Statement": [\n}\n')
    result = run(str(path))
    assert result.exit_code == 1
    assert f"{path}:4:1: error INVALID_JSON: Invalid JSON: Expecting value." in result.output
    assert "Traceback" not in result.output


def test_lint_requires_a_file() -> None:
    result = run()
    assert result.exit_code == 2
    assert "Missing argument 'FILE...'" in result.output


def test_lint_rejects_unknown_type(tmp_path: Path) -> None:
    result = run("--type", "session", write(tmp_path, "p.json", CLEAN))
    assert result.exit_code == 2
    assert "'session' is not one of" in result.output
