from __future__ import annotations

import io
import re
import sys

import pytest

from seawall.cli.report_output import emit_report
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
    assert "iam.root_mfa" in terminal.getvalue()


def test_redirected_text_is_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    redirected = io.StringIO()
    monkeypatch.setattr(sys, "stdout", redirected)

    emit_report([FAILURE], META, "text", None)

    output = redirected.getvalue()
    assert "\x1b" not in output
    for line in output.splitlines():
        assert line == line.rstrip()
