from __future__ import annotations

import csv
import io

import pytest
from finding_samples import SAMPLE_FINDINGS, SAMPLE_META, check_golden, make_finding

from seawall.findings.formats.csv import neutralize_formula, render_csv
from seawall.findings.formats.report import RESULT_FIELDS


def test_csv_matches_golden() -> None:
    check_golden("report.csv", render_csv(SAMPLE_FINDINGS, SAMPLE_META))


def test_csv_header_is_json_field_names() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(SAMPLE_FINDINGS, SAMPLE_META))))

    assert tuple(rows[0]) == RESULT_FIELDS
    assert len(rows) == len(SAMPLE_FINDINGS) + 1


def test_csv_round_trips_quotes_commas_newlines() -> None:
    finding = make_finding(
        resource='arn:aws:s3:::a,"b"',
        reason="line one\nline two",
        controls=("CIS:2.1.4", "FSBP:S3.8"),
    )

    rows = list(csv.reader(io.StringIO(render_csv([finding], SAMPLE_META))))

    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["resource"] == 'arn:aws:s3:::a,"b"'
    assert record["reason"] == "line one\nline two"
    assert record["controls"] == "CIS:2.1.4;FSBP:S3.8"


def test_csv_uses_crlf_line_ends() -> None:
    text = render_csv([make_finding()], SAMPLE_META)

    assert text.count("\r\n") == 2
    assert text.endswith("\r\n")


def test_csv_neutralizes_formula_in_resource() -> None:
    finding = make_finding(resource="=cmd|' /C calc'!A0", reason="@SUM(1+1)")

    rows = list(csv.reader(io.StringIO(render_csv([finding], SAMPLE_META))))

    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["resource"] == "'=cmd|' /C calc'!A0"
    assert record["reason"] == "'@SUM(1+1)"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param("+1", "'+1", id="plus"),
        pytest.param("-1", "'-1", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\t=1", "'\t=1", id="tab"),
        pytest.param("\r=1", "'\r=1", id="carriage-return"),
        pytest.param("arn:aws:s3:::b", "arn:aws:s3:::b", id="plain-arn"),
        pytest.param("a=1", "a=1", id="equals-inside"),
        pytest.param("", "", id="empty"),
    ],
)
def test_neutralize_formula(cell: str, expected: str) -> None:
    assert neutralize_formula(cell) == expected
