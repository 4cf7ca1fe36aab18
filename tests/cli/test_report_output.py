from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from seawall.cli.errors import UserError
from seawall.cli.report_output import check_output_path, emit_report
from seawall.findings.formats import ReportMeta
from seawall.findings.model import Finding, Practice, Severity, Status

# An SGR sequence that sets a foreground or background color (bold and italic are not colors).
COLOR_CODE = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-7]|4[0-7]|9[0-7])m")

META = ReportMeta("0.1.0", "123456789012", ("us-east-1",), "2026-12-04T20:00:00+00:00")
FAILURE = Finding(
    check_id="iam.root_mfa",
    title="The root user has MFA",
    practice=Practice.IAM,
    severity=Severity.CRITICAL,
    status=Status.FAIL,
    resource="arn:aws:iam::123456789012:root",
    account="123456789012",
    region="global",
    reason="the root user has no MFA device",
    controls=("CIS:1.5",),
    remediation="Enable MFA for the root user.",
)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def use_fake_terminal(monkeypatch: pytest.MonkeyPatch) -> FakeTerminal:
    """Replace stdout with a fake terminal.

    Call it in the test body: pytest's output capture sets sys.stdout again
    after fixtures have run.
    """
    fake = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", fake)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return fake


def test_terminal_text_is_colored(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = use_fake_terminal(monkeypatch)

    emit_report([FAILURE], META, "text", None)

    assert COLOR_CODE.search(terminal.getvalue())
    assert "iam.root_mfa" in terminal.getvalue()


def test_no_color_disables_color(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = use_fake_terminal(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")

    emit_report([FAILURE], META, "text", None)

    assert not COLOR_CODE.search(terminal.getvalue())
    assert "\x1b" not in terminal.getvalue()
    assert "iam.root_mfa" in terminal.getvalue()


def test_redirected_text_is_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    redirected = io.StringIO()
    monkeypatch.setattr(sys, "stdout", redirected)

    emit_report([FAILURE], META, "text", None)

    output = redirected.getvalue()
    assert "\x1b" not in output
    for line in output.splitlines():
        assert line == line.rstrip()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("-", "-o - (stdout) is not supported; hint", id="dash"),
        pytest.param(".", "-o {tmp} is a folder; pass a file path inside it", id="folder"),
        pytest.param(
            "gone/out.txt",
            "cannot write {tmp}/gone/out.txt: the folder {tmp}/gone does not exist; "
            "create it or choose another path",
            id="missing-folder",
        ),
    ],
)
def test_check_output_path_rejects(tmp_path: Path, name: str, message: str) -> None:
    path = Path("-") if name == "-" else (tmp_path / name if name != "." else tmp_path)

    with pytest.raises(UserError) as caught:
        check_output_path(path, "hint")

    assert caught.value.format_message() == message.format(tmp=tmp_path)


@pytest.mark.parametrize("exists", [pytest.param(False, id="new"), pytest.param(True, id="old")])
def test_check_output_path_accepts_file(tmp_path: Path, exists: bool) -> None:
    path = tmp_path / "out.txt"
    if exists:
        path.write_text("old", encoding="utf-8")

    check_output_path(path, "hint")

    assert path.exists() is exists
