from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from seawall.cli.main import cli

pytestmark = pytest.mark.usefixtures("test_checks")


def test_checks_list_table() -> None:
    result = CliRunner().invoke(cli, ["checks", "list"])

    assert result.exit_code == 0, result.output
    assert "3 checks" in result.stdout
    for text in ("iam.root_mfa", "critical", "KMS keys rotate", "CIS:1.5"):
        assert text in result.stdout


def test_checks_list_json() -> None:
    result = CliRunner().invoke(cli, ["checks", "list", "--json"])

    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [item["id"] for item in listed] == [
        "account.security_contact",
        "iam.root_mfa",
        "kms.key_rotation",
    ]
    assert listed[1] == {
        "id": "iam.root_mfa",
        "severity": "critical",
        "practice": "iam",
        "title": "The root user has MFA",
        "controls": ["CIS:1.5", "FSBP:IAM.9"],
        "permissions": ["iam:GetAccountSummary"],
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["--practice", "kms"], ["kms.key_rotation"], id="practice"),
        pytest.param(["--severity", "critical"], ["iam.root_mfa"], id="severity"),
    ],
)
def test_checks_list_filters(args: list[str], expected: list[str]) -> None:
    result = CliRunner().invoke(cli, ["checks", "list", "--json", *args])

    assert result.exit_code == 0, result.output
    assert [item["id"] for item in json.loads(result.stdout)] == expected
