from __future__ import annotations

import dataclasses

import pytest
from finding_samples import SAMPLE_FINDINGS, SAMPLE_META, check_golden, make_finding

from seawall.findings.formats.text import (
    remediation_text,
    render_text,
    safe_text,
)
from seawall.findings.model import Severity, Status


def test_text_matches_golden() -> None:
    check_golden("report.txt", render_text(SAMPLE_FINDINGS, SAMPLE_META))


def test_text_fits_100_columns() -> None:
    text = render_text(SAMPLE_FINDINGS, SAMPLE_META)

    assert max(len(line) for line in text.splitlines()) <= 100


def test_text_has_no_escape_codes() -> None:
    finding = make_finding(resource="arn:aws:s3:::evil\x1b[31mred")

    text = render_text([finding], SAMPLE_META)

    assert "\x1b" not in text
    assert "evil\\x1b[31mred" in text


def test_text_lists_failures_worst_first() -> None:
    findings = [
        make_finding("b.low", severity=Severity.LOW),
        make_finding("c.critical", severity=Severity.CRITICAL),
        make_finding("a.low", severity=Severity.LOW),
    ]

    text = render_text(findings, SAMPLE_META)

    positions = [text.index(check_id) for check_id in ("c.critical", "a.low", "b.low")]
    assert positions == sorted(positions)


def test_text_without_failures() -> None:
    text = render_text([make_finding(status=Status.PASS)], SAMPLE_META)

    assert "No failures." in text
    assert "Errors (" not in text


def test_text_omits_pass_details() -> None:
    finding = make_finding(status=Status.PASS, reason="a reason only passes have")

    assert "a reason only passes have" not in render_text([finding], SAMPLE_META)


@pytest.mark.parametrize(
    ("remediation", "expected"),
    [
        pytest.param("", "", id="empty"),
        pytest.param("aws kms enable-key-rotation", "aws kms enable-key-rotation", id="one-line"),
        pytest.param("\n  first\n    second  \n\n", "first\n  second", id="multi-line-dedent"),
        pytest.param("x" * 300, "x" * 300, id="long-line-whole"),
        pytest.param("a\x1bb\nc", "a\\x1bb\nc", id="escape-per-line"),
    ],
)
def test_remediation_text(remediation: str, expected: str) -> None:
    assert remediation_text(remediation) == expected


def test_text_wraps_long_remediation_whole() -> None:
    words = [f"--option-{index}" for index in range(30)]
    finding = make_finding(remediation="aws kms put-key-policy " + " ".join(words))

    lines = render_text([finding], SAMPLE_META).splitlines()

    start = next(index for index, line in enumerate(lines) if line.startswith("  fix:"))
    continuation = lines[start + 1 :]
    assert continuation
    for line in continuation:
        assert line.startswith(" " * 14 + "--option-")
    shown = " ".join(line[14:].strip() for line in lines[start:])
    assert shown == "aws kms put-key-policy " + " ".join(words)
    assert "…" not in "\n".join(lines)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("plain", "plain", id="plain"),
        pytest.param("a\x1bb", "a\\x1bb", id="escape"),
        pytest.param("a\nb", "a\\x0ab", id="newline"),
        pytest.param("ünïcode", "ünïcode", id="unicode-kept"),
    ],
)
def test_safe_text(value: str, expected: str) -> None:
    assert safe_text(value) == expected


def test_text_shows_collection_time() -> None:
    meta = dataclasses.replace(SAMPLE_META, collected_at="2026-12-01T08:00:00+00:00")

    text = render_text([], meta)

    assert "Data collected at 2026-12-01T08:00:00+00:00" in text


def test_text_wraps_long_reason_indented() -> None:
    finding = make_finding(reason="word " * 40)

    lines = render_text([finding], SAMPLE_META).splitlines()

    start = next(index for index, line in enumerate(lines) if line.startswith("  reason:"))
    end = next(index for index, line in enumerate(lines) if line.startswith("  fix:"))
    continuation = lines[start + 1 : end]
    assert continuation
    for line in continuation:
        assert line.startswith(" " * 14 + "word")
