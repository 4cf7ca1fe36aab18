"""seawall trail validate and download through the click runner."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from click.testing import CliRunner
from moto import mock_aws

from seawall.cli.main import cli
from seawall.trail.synthetic import (
    SigningKey,
    TrailSpec,
    build_trail,
    generate_signing_key,
    public_keys_document,
    put_s3,
    write_local,
)

SPEC = TrailSpec()
END_TIME = "2024-03-01T07:01:31Z"


@pytest.fixture(scope="module")
def signing_key() -> SigningKey:
    return generate_signing_key()


@pytest.fixture
def keys_file(tmp_path: Path, signing_key: SigningKey) -> Path:
    document = public_keys_document(
        [signing_key],
        SPEC.first_digest_end - timedelta(days=1),
        SPEC.first_digest_end + timedelta(days=1),
    )
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(document))
    return path


@pytest.fixture
def trail_folder(tmp_path: Path, signing_key: SigningKey) -> Path:
    root = tmp_path / "trail"
    write_local(build_trail(SPEC, signing_key), root)
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["trail", *args])
    return result.exit_code, result.stdout, result.stderr


def test_validate_json_valid(trail_folder: Path, keys_file: Path) -> None:
    code, output, _ = run(
        "validate",
        str(trail_folder),
        "--public-keys",
        str(keys_file),
        "--end-time",
        END_TIME,
        "--format",
        "json",
    )

    document = json.loads(output)
    assert code == 0
    assert document["valid"] is True
    assert document["summary"]["digests"]["valid"] == 6
    assert document["summary"]["logs"]["valid"] == 12
    assert document["gaps"] == []


def test_validate_json_deleted_digest(trail_folder: Path, keys_file: Path) -> None:
    deleted = next(trail_folder.rglob("*T030131Z.json.gz"))
    deleted.unlink()

    code, output, _ = run(
        "validate",
        str(trail_folder),
        "--public-keys",
        str(keys_file),
        "--end-time",
        END_TIME,
        "--format",
        "json",
    )

    document = json.loads(output)
    digest_statuses = {
        Path(item["path"]).name: item["status"]
        for item in document["files"]
        if item["kind"] == "digest" and item["status"] != "valid"
    }
    assert code == 1
    assert digest_statuses == {deleted.name: "deleted"}
    assert [(gap["start"], gap["end"]) for gap in document["gaps"]] == [
        ("2024-03-01T02:01:31Z", "2024-03-01T03:01:31Z")
    ]


def test_validate_text_summary(trail_folder: Path, keys_file: Path) -> None:
    code, output, _ = run(
        "validate", str(trail_folder), "--public-keys", str(keys_file), "--end-time", END_TIME
    )

    assert code == 0
    assert output.splitlines()[-3:] == [
        "digests: 6: 6 valid",
        "logs: 12: 12 valid",
        "Result: VALID",
    ]


def test_download_then_validate(tmp_path: Path, signing_key: SigningKey, keys_file: Path) -> None:
    destination = tmp_path / "copy"
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=SPEC.bucket)
        put_s3(build_trail(SPEC, signing_key), client, SPEC.bucket)

        download = run("download", f"s3://{SPEC.bucket}", str(destination))
        direct = run(
            "validate",
            f"s3://{SPEC.bucket}",
            "--public-keys",
            str(keys_file),
            "--end-time",
            END_TIME,
        )
    local = run(
        "validate", str(destination), "--public-keys", str(keys_file), "--end-time", END_TIME
    )

    assert download[:2] == (0, f"Downloaded 12 log file(s) and 6 digest file(s) to {destination}\n")
    assert direct[0] == 0
    assert local[0] == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(
            ["validate", "/no/such/folder", "--public-keys", "{keys}"],
            "error: source folder '/no/such/folder' does not exist or is not a folder",
            id="missing-folder",
        ),
        pytest.param(
            ["validate", "ftp://host/x", "--public-keys", "{keys}"],
            "error: unsupported source 'ftp://host/x'",
            id="bad-scheme",
        ),
        pytest.param(
            ["validate", "{trail}", "--public-keys", "{missing}"],
            "error: cannot read public keys file",
            id="unreadable-keys",
        ),
        pytest.param(
            ["validate", "{trail}", "--public-keys", "{malformed}"],
            "error: public keys file",
            id="malformed-keys",
        ),
        pytest.param(
            ["validate", "s3://no-such-bucket", "--public-keys", "{keys}"],
            "error: cannot read bucket 'no-such-bucket'",
            id="missing-bucket",
        ),
        pytest.param(
            ["download", "{trail}", "{trail}"],
            "error: invalid SOURCE",
            id="download-local-source",
        ),
        pytest.param(
            ["validate", "{trail}", "--account", "12"],
            "error: invalid --account '12'",
            id="bad-account",
        ),
    ],
)
def test_bad_input_exits_2(
    tmp_path: Path, trail_folder: Path, keys_file: Path, arguments: list[str], message: str
) -> None:
    malformed = tmp_path / "malformed.json"
    malformed.write_text("{not json")
    values = {
        "keys": str(keys_file),
        "trail": str(trail_folder),
        "missing": str(tmp_path / "absent.json"),
        "malformed": str(malformed),
    }
    with mock_aws():
        code, _, error = run(*(argument.format(**values) for argument in arguments))

    assert code == 2
    assert error.startswith(message)
    assert len(error.strip().splitlines()) == 1


def test_validate_empty_folder_invalid(tmp_path: Path, keys_file: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    code, output, _ = run("validate", str(empty), "--public-keys", str(keys_file))

    assert code == 1
    assert output.splitlines() == [
        f"Validating {empty}",
        "digests: 0",
        "logs: 0",
        f"error: no CloudTrail digest files found under {empty}; check the path, --account, "
        "--region and --trail, and that log file validation is enabled on the trail",
        "Result: INVALID",
    ]


def test_validate_filter_matches_nothing(trail_folder: Path, keys_file: Path) -> None:
    code, output, _ = run(
        "validate",
        str(trail_folder),
        "--public-keys",
        str(keys_file),
        "--account",
        "999999999999",
        "--format",
        "json",
    )

    document = json.loads(output)
    assert code == 1
    assert document["valid"] is False
    assert document["files"] == []
    assert document["problems"] == [
        f"no CloudTrail digest files found under {trail_folder} (with the filters --account "
        "999999999999); check the path, --account, --region and --trail, and that log file "
        "validation is enabled on the trail"
    ]


def test_validate_keys_html_error_one_line(
    start_moto_server: Callable[..., str], monkeypatch: pytest.MonkeyPatch, signing_key: SigningKey
) -> None:
    # moto_server lacks cloudtrail:ListPublicKeys and answers with an HTML 500 page.
    monkeypatch.setenv("AWS_ENDPOINT_URL", start_moto_server())
    client = boto3.client("s3", region_name="us-east-1")
    client.create_bucket(Bucket=SPEC.bucket)
    put_s3(build_trail(SPEC, signing_key), client, SPEC.bucket)

    code, output, error = run("validate", f"s3://{SPEC.bucket}", "--end-time", END_TIME)

    assert code == 2
    assert output == ""
    assert error == (
        "error: could not fetch CloudTrail public keys: the endpoint returned an HTML error "
        "page (HTTP 500); pass --public-keys FILE (the output of aws cloudtrail "
        "list-public-keys)\n"
    )


# Four days after the newest digest (2024-03-01T06:01:31Z), 96 hourly digests are due.
LATE_END_TIME = "2024-03-05T07:01:31Z"
LATE_GAP = (
    "gap 2024-03-01T06:01:31Z .. 2024-03-05T06:01:31Z AWSLogs/111122223333/us-east-1/"
    "main-trail (home region us-east-1): 96 digest(s) missing"
)


def test_validate_text_one_line_per_gap(trail_folder: Path, keys_file: Path) -> None:
    code, output, _ = run(
        "validate", str(trail_folder), "--public-keys", str(keys_file), "--end-time", LATE_END_TIME
    )

    not_valid = [line for line in output.splitlines() if not line.startswith("valid ")]
    assert code == 1
    assert not_valid == [
        f"Validating {trail_folder}",
        LATE_GAP,
        "rerun with -v or --format json to list the missing digests by name",
        "digests: 102: 6 valid, 96 deleted",
        "logs: 12: 12 valid",
        "Result: INVALID",
    ]


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(["trail", "validate", "-v"], id="command-flag"),
        pytest.param(["-v", "trail", "validate"], id="global-flag"),
    ],
)
def test_validate_verbose_lists_names(
    trail_folder: Path, keys_file: Path, arguments: list[str]
) -> None:
    options = ["--public-keys", str(keys_file), "--end-time", LATE_END_TIME]
    result = CliRunner().invoke(cli, [*arguments, str(trail_folder), *options])

    lines = result.stdout.splitlines()
    deleted = [line for line in lines if line.startswith("deleted ")]
    assert result.exit_code == 1
    assert len(deleted) == 48
    assert deleted[0].startswith(f"deleted               digest {trail_folder}/AWSLogs/")
    assert deleted[0].endswith(
        "_20240301T070131Z.json.gz  (not found; expected by the hourly "
        "cadence, so its name is estimated)"
    )
    assert LATE_GAP in lines
    assert "digests: 102: 6 valid, 96 deleted" in lines


def test_validate_json_counts_agree(trail_folder: Path, keys_file: Path) -> None:
    code, output, _ = run(
        "validate",
        str(trail_folder),
        "--public-keys",
        str(keys_file),
        "--end-time",
        LATE_END_TIME,
        "--format",
        "json",
    )

    document = json.loads(output)
    listed = [item for item in document["files"] if item["status"] == "deleted"]
    assert code == 1
    assert len(listed) == 48
    assert document["summary"]["missing_digests"] == 96
    assert document["summary"]["digests"]["deleted"] == 96
    assert [(gap["start"], gap["end"], gap["missing_digests"]) for gap in document["gaps"]] == [
        ("2024-03-01T06:01:31Z", "2024-03-05T06:01:31Z", 96)
    ]


def test_validate_empty_s3_prefix_invalid(keys_file: Path) -> None:
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=SPEC.bucket)

        code, output, _ = run(
            "validate", f"s3://{SPEC.bucket}/wrong/prefix", "--public-keys", str(keys_file)
        )

    assert code == 1
    assert (
        f"error: no CloudTrail digest files found under s3://{SPEC.bucket}/wrong/prefix/; check "
        "the path, --account, --region and --trail, and that log file validation is enabled "
        "on the trail"
    ) in output.splitlines()
