from __future__ import annotations

import dataclasses
import json

from finding_samples import SAMPLE_FINDINGS, SAMPLE_META, check_golden

from seawall.findings.formats.json import render_json
from seawall.findings.formats.report import RESULT_FIELDS


def test_json_matches_golden() -> None:
    check_golden("report.json", render_json(SAMPLE_FINDINGS, SAMPLE_META))


def test_json_result_fields_exact() -> None:
    document = json.loads(render_json(SAMPLE_FINDINGS, SAMPLE_META))

    for result in document["results"]:
        assert tuple(result) == RESULT_FIELDS


def test_json_top_level_metadata() -> None:
    document = json.loads(render_json(SAMPLE_FINDINGS, SAMPLE_META))

    assert document["seawall_version"] == "0.1.0"
    assert document["account"] == "123456789012"
    assert document["regions"] == ["us-east-1", "eu-west-1"]
    assert document["generated_at"] == "2026-12-04T20:00:00+00:00"
    assert document["summary"] == {"pass": 1, "fail": 3, "error": 1, "not_applicable": 1}


def test_json_keeps_controls_as_list() -> None:
    document = json.loads(render_json(SAMPLE_FINDINGS[:1], SAMPLE_META))

    assert document["results"][0]["controls"] == ["CIS:1.4", "FSBP:IAM.4"]


def test_json_empty_findings() -> None:
    document = json.loads(render_json([], SAMPLE_META))

    assert document["results"] == []
    assert document["summary"] == {"pass": 0, "fail": 0, "error": 0, "not_applicable": 0}


def test_json_collected_at_from_snapshot() -> None:
    meta = dataclasses.replace(SAMPLE_META, collected_at="2026-12-01T08:00:00+00:00")

    document = json.loads(render_json([], meta))

    assert document["collected_at"] == "2026-12-01T08:00:00+00:00"
    assert document["generated_at"] == "2026-12-04T20:00:00+00:00"
