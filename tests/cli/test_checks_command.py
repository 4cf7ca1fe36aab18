from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

import seawall.cli.checks
from seawall.cli.checks import list_checks
from seawall.cli.main import cli


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


pytestmark = pytest.mark.usefixtures("test_checks")


def test_checks_list_piped_plain_lines() -> None:
    result = CliRunner().invoke(cli, ["checks", "list"])

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "id                        severity  practice  controls            title\n"
        "account.security_contact  low       account   CIS:1.5,FSBP:IAM.9  Security contact\n"
        "iam.root_mfa              critical  iam       CIS:1.5,FSBP:IAM.9  The root user has MFA\n"
        "kms.key_rotation          medium    kms       CIS:1.5,FSBP:IAM.9  KMS keys rotate\n"
    )


def test_checks_list_terminal_table(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(seawall.cli.checks.sys, "stdout", terminal)
    monkeypatch.setenv("COLUMNS", "100")

    list_checks.callback((), None, False)  # type: ignore[misc]

    assert "3 checks" in terminal.getvalue()
    for text in ("iam.root_mfa", "critical", "KMS keys rotate", "CIS:1.5"):
        assert text in terminal.getvalue()


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
