from __future__ import annotations

from pathlib import Path

import pytest
from cli_samples import TEST_CHECKS

from seawall.checks.runner import load_checks
from seawall.cli.check_table import (
    BEGIN_MARKER,
    END_MARKER,
    markdown_check_table,
    replace_table,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_check_table_up_to_date() -> None:
    readme = README.read_text(encoding="utf-8")
    expected = replace_table(readme, markdown_check_table(load_checks().values()))

    assert readme == expected, "run: python scripts/gen_check_table.py --write README.md"


def test_table_rows_by_practice_then_id() -> None:
    table = markdown_check_table(TEST_CHECKS.values())

    assert table.splitlines() == [
        "| practice | id | severity | title | controls |",
        "|---|---|---|---|---|",
        "| iam | `iam.root_mfa` | critical | The root user has MFA | CIS:1.5, FSBP:IAM.9 |",
        "| kms | `kms.key_rotation` | medium | KMS keys rotate | CIS:1.5, FSBP:IAM.9 |",
        "| account | `account.security_contact` | low | Security contact | CIS:1.5, FSBP:IAM.9 |",
    ]


def test_replace_table_keeps_surrounding_text() -> None:
    document = f"intro\n{BEGIN_MARKER}\nold table\n{END_MARKER}\noutro\n"

    updated = replace_table(document, "| new |\n")

    assert updated == f"intro\n{BEGIN_MARKER}\n| new |\n{END_MARKER}\noutro\n"


def test_replace_table_missing_marker() -> None:
    with pytest.raises(ValueError, match="missing or misordered markers"):
        replace_table("no markers here", "| new |\n")
