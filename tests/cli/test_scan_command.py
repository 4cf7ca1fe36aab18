from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_samples import ACCOUNT, make_snapshot
from click.testing import CliRunner, Result

import seawall.cli.scan
import seawall.inventory.run
from seawall.aws.errors import AwsSetupError
from seawall.aws.session import SessionOptions
from seawall.cli.main import cli
from seawall.inventory.snapshot import Snapshot

pytestmark = pytest.mark.usefixtures("test_checks")

GENERATED_AT = "2026-12-04T20:00:00+00:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seawall.cli.scan, "now_iso", lambda: GENERATED_AT)


@pytest.fixture
def demo_snapshot(monkeypatch: pytest.MonkeyPatch) -> Snapshot:
    snapshot = make_snapshot()
    monkeypatch.setattr(seawall.cli.scan, "load_demo_snapshot", lambda: snapshot)
    return snapshot


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_clean_error(result: Result, code: int, message: str) -> None:
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("demo_snapshot")
def test_scan_demo_text_report() -> None:
    result = run_cli("scan", "--demo")

    assert result.exit_code == 0, result.output
    assert f"account {ACCOUNT}" in result.stdout
    assert "Regions: us-east-1, eu-west-1" in result.stdout
    assert "CRITICAL      iam.root_mfa" in result.stdout
    assert "the root user has no MFA device" in result.stdout
    assert "Errors (1): could not assess" in result.stdout
    assert "\x1b[" not in result.stdout


@pytest.mark.usefixtures("demo_snapshot")
@pytest.mark.parametrize(
    ("fail_on", "expected_code"),
    [
        pytest.param("critical", 1, id="critical-fails"),
        pytest.param("medium", 1, id="medium-includes-critical"),
        pytest.param("informational", 1, id="informational-includes-all"),
    ],
)
def test_scan_fail_on_with_critical_failure(fail_on: str, expected_code: int) -> None:
    result = run_cli("scan", "--demo", "--fail-on", fail_on)

    assert result.exit_code == expected_code, result.output


@pytest.mark.parametrize(
    ("fail_on", "expected_code"),
    [
        pytest.param("critical", 0, id="critical-above-medium"),
        pytest.param("high", 0, id="high-above-medium"),
        pytest.param("medium", 1, id="medium-matches"),
        pytest.param("low", 1, id="low-below-medium"),
    ],
)
def test_scan_fail_on_medium_failure_only(
    monkeypatch: pytest.MonkeyPatch, fail_on: str, expected_code: int
) -> None:
    snapshot = make_snapshot(root_mfa=True, rotation=False)
    monkeypatch.setattr(seawall.cli.scan, "load_demo_snapshot", lambda: snapshot)

    result = run_cli("scan", "--demo", "--fail-on", fail_on)

    assert result.exit_code == expected_code, result.output


@pytest.mark.parametrize(
    ("fail_on", "expected_code"),
    [
        pytest.param("critical", 0, id="critical-above-medium-error"),
        pytest.param("high", 0, id="high-above-medium-error"),
        pytest.param("medium", 1, id="medium-matches-error"),
        pytest.param("informational", 1, id="informational-includes-error"),
    ],
)
def test_scan_errors_trip_fail_on(
    monkeypatch: pytest.MonkeyPatch, fail_on: str, expected_code: int
) -> None:
    # The only non-pass result is the medium kms.key_rotation error in eu-west-1.
    snapshot = make_snapshot(root_mfa=True, rotation=True)
    monkeypatch.setattr(seawall.cli.scan, "load_demo_snapshot", lambda: snapshot)

    result = run_cli("scan", "--demo", "--fail-on", fail_on)

    assert result.exit_code == expected_code, result.output
    assert "No failures." in result.stdout
    assert "Errors (1): could not assess" in result.stdout


def test_scan_help_says_errors_count() -> None:
    result = run_cli("scan", "--help")

    assert "could not be assessed" in " ".join(result.stdout.split())


@pytest.mark.usefixtures("demo_snapshot")
def test_scan_json_format() -> None:
    result = run_cli("scan", "--demo", "--format", "json")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["account"] == ACCOUNT
    assert document["generated_at"] == GENERATED_AT
    assert document["collected_at"] == "2026-12-04T19:00:00+00:00"
    assert document["summary"] == {"pass": 0, "fail": 2, "error": 1, "not_applicable": 1}


@pytest.mark.usefixtures("demo_snapshot")
def test_scan_ocsf_format() -> None:
    result = run_cli("scan", "--demo", "--format", "ocsf")

    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert len(events) == 4
    assert {event["class_uid"] for event in events} == {2004}


@pytest.mark.usefixtures("demo_snapshot")
def test_scan_csv_format() -> None:
    result = run_cli("scan", "--demo", "--format", "csv")

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "check_id"
    assert len(rows) == 5


@pytest.mark.usefixtures("demo_snapshot")
@pytest.mark.parametrize("fmt", ["text", "json", "ocsf", "csv"])
def test_scan_output_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"

    result = run_cli("scan", "--demo", "--format", fmt, "-o", str(target))

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote {fmt} report to {target}" in result.stderr
    content = target.read_text(encoding="utf-8")
    assert "iam.root_mfa" in content
    assert "\x1b" not in content


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param(
            "missing-dir/report.json",
            "error: cannot write {target}: the folder {tmp}/missing-dir does not exist; "
            "create it or choose another path\n",
            id="missing-folder",
        ),
        pytest.param(
            "-",
            "error: -o - (stdout) is not supported; omit -o to print the report on stdout\n",
            id="dash",
        ),
    ],
)
def test_scan_output_path_checked_before_collection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, message: str
) -> None:
    target = tmp_path / name if name != "-" else Path("-")
    fake = FakeCollection(error=AssertionError("collection must not start"))
    monkeypatch.setattr(seawall.inventory.run, "run_collection", fake)

    result = run_cli("scan", "--format", "json", "-o", str(target))

    assert result.exit_code == 2, result.output
    assert result.stderr == message.format(target=target, tmp=tmp_path)
    assert fake.options is None


def test_scan_output_folder_rejected(tmp_path: Path) -> None:
    result = run_cli("scan", "--demo", "-o", str(tmp_path))

    assert result.exit_code == 2, result.output
    assert "is a directory" in result.stderr


def test_scan_snapshot_dash_rejected() -> None:
    result = run_cli("scan", "--snapshot", "-")

    assert_clean_error(
        result,
        2,
        "error: --snapshot - (stdin) is not supported: a snapshot is read from a file; "
        "pass the path of a file written by 'seawall collect'\n",
    )


@pytest.mark.usefixtures("demo_snapshot")
@pytest.mark.parametrize(
    ("args", "expected_ids"),
    [
        pytest.param(["--checks", "iam.root_mfa"], {"iam.root_mfa"}, id="exact-id"),
        pytest.param(
            ["--checks", "iam.root_mfa,kms.key_rotation"],
            {"iam.root_mfa", "kms.key_rotation"},
            id="comma-separated",
        ),
        pytest.param(
            ["--checks", "iam.root_mfa", "--checks", "account.security_contact"],
            {"iam.root_mfa", "account.security_contact"},
            id="repeated",
        ),
        pytest.param(["--checks", "kms."], {"kms.key_rotation"}, id="dot-prefix"),
        pytest.param(["--checks", "kms.key*"], {"kms.key_rotation"}, id="star-prefix"),
        pytest.param(["--practice", "kms"], {"kms.key_rotation"}, id="practice"),
        pytest.param(
            ["--practice", "kms", "--practice", "iam"],
            {"kms.key_rotation", "iam.root_mfa"},
            id="practice-repeated",
        ),
        pytest.param(
            ["--severity", "medium"], {"iam.root_mfa", "kms.key_rotation"}, id="min-severity"
        ),
    ],
)
def test_scan_selects_checks(args: list[str], expected_ids: set[str]) -> None:
    result = run_cli("scan", "--demo", "--format", "json", *args)

    assert result.exit_code == 0, result.output
    results = json.loads(result.stdout)["results"]
    assert {item["check_id"] for item in results} == expected_ids


@pytest.mark.usefixtures("demo_snapshot")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--checks", "iam.root_mf"],
            "unknown check id 'iam.root_mf' in --checks; did you mean: iam.root_mfa?",
            id="unknown-id-close",
        ),
        pytest.param(
            ["--checks", "zzz"],
            "unknown check id 'zzz' in --checks; run 'seawall checks list'",
            id="unknown-id-far",
        ),
        pytest.param(
            ["--checks", "kmss."],
            "--checks 'kmss.' matches no check; did you mean: kms.?",
            id="prefix-no-match",
        ),
        pytest.param(
            ["--practice", "s3"],
            "no check matches the selection",
            id="empty-selection",
        ),
        pytest.param(
            ["--checks", ","],
            "error: no check ids given in --checks ','; pass ids such as iam.root_mfa or a "
            "prefix such as s3., or leave out --checks to run every check\n",
            id="empty-ids",
        ),
        pytest.param(["--practice", "nope"], "Invalid value for '--practice'", id="bad-practice"),
        pytest.param(["--severity", "urgent"], "Invalid value for '--severity'", id="bad-severity"),
        pytest.param(["--fail-on", "urgent"], "Invalid value for '--fail-on'", id="bad-fail-on"),
        pytest.param(["--format", "xml"], "Invalid value for '--format'", id="bad-format"),
        pytest.param(["--snapshot", "x.gz"], "--demo and --snapshot exclude", id="demo-snapshot"),
        pytest.param(
            ["--profile", "p"],
            "the live-scan options --profile do not apply to --demo",
            id="demo-profile",
        ),
        pytest.param(["--max-workers", "0"], "Invalid value for '--max-workers'", id="workers-0"),
        pytest.param(
            ["--max-workers", "129"], "Invalid value for '--max-workers'", id="workers-129"
        ),
    ],
)
def test_scan_rejects_bad_input(args: list[str], message: str) -> None:
    result = run_cli("scan", "--demo", *args)

    assert_clean_error(result, 2, message)


class FakeCollection:
    """Stands in for run_collection and records the options it was given."""

    def __init__(self, snapshot: Snapshot | None = None, error: Exception | None = None) -> None:
        self.snapshot = snapshot
        self.error = error
        self.options: SessionOptions | None = None

    def __call__(self, options: SessionOptions, **kwargs: Any) -> Snapshot:
        self.options = options
        progress = kwargs["progress"]
        progress("iam global")
        if self.error is not None:
            raise self.error
        assert self.snapshot is not None
        return self.snapshot


def test_scan_live_passes_aws_options(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeCollection(make_snapshot())
    monkeypatch.setattr(seawall.inventory.run, "run_collection", fake)

    result = run_cli(
        "scan",
        "--profile",
        "audit",
        "--role-arn",
        "arn:aws:iam::123456789012:role/SecurityAudit",
        "--external-id",
        "ext-1",
        "--region",
        "us-east-1,eu-west-1",
        "--region",
        "us-east-1",
        "--max-workers",
        "4",
    )

    assert result.exit_code == 0, result.output
    assert fake.options == SessionOptions(
        profile="audit",
        role_arn="arn:aws:iam::123456789012:role/SecurityAudit",
        external_id="ext-1",
        regions=("us-east-1", "eu-west-1"),
        max_workers=4,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--external-id", "x"], "--external-id needs --role-arn", id="external-id"),
        pytest.param(["--role-arn", "SecurityAudit"], "invalid --role-arn", id="role-not-arn"),
        pytest.param(["--region", "US_EAST"], "invalid --region 'US_EAST'", id="region"),
    ],
)
def test_scan_live_rejects_bad_aws_options(
    monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.setattr(seawall.inventory.run, "run_collection", FakeCollection(make_snapshot()))

    result = run_cli("scan", *args)

    assert_clean_error(result, 2, message)


def test_scan_live_setup_error(monkeypatch: pytest.MonkeyPatch) -> None:
    error = AwsSetupError("no AWS credentials found: pass --profile")
    monkeypatch.setattr(seawall.inventory.run, "run_collection", FakeCollection(error=error))

    result = run_cli("scan")

    assert_clean_error(result, 2, "error: no AWS credentials found: pass --profile\n")


def test_scan_internal_error_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    error = RuntimeError("boom")
    monkeypatch.setattr(seawall.inventory.run, "run_collection", FakeCollection(error=error))

    result = run_cli("scan")

    assert_clean_error(result, 3, "internal error: RuntimeError: boom, rerun with -v for details\n")
    assert result.stderr.count("\n") == 1


def test_scan_internal_error_verbose_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    error = RuntimeError("boom")
    monkeypatch.setattr(seawall.inventory.run, "run_collection", FakeCollection(error=error))

    result = run_cli("-v", "scan")

    assert result.exit_code == 3
    assert "Traceback" in result.stderr
    assert "RuntimeError: boom" in result.stderr
