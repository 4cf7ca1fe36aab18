from __future__ import annotations

import pytest

from seawall.policy.catalog import ConditionKeyType
from seawall.policy.catalog.condition_keys import KeyTable, names_match

TABLE = KeyTable(
    {
        "aws:SourceIp": ConditionKeyType.IP_ADDRESS,
        "aws:RequestTag/${TagKey}": ConditionKeyType.STRING,
        "s3:ExistingObjectTag/<key>": ConditionKeyType.STRING,
    }
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("aws:SourceIp", ConditionKeyType.IP_ADDRESS, id="exact"),
        pytest.param("aws:sourceip", ConditionKeyType.IP_ADDRESS, id="any-case"),
        pytest.param("aws:RequestTag/Env", ConditionKeyType.STRING, id="dollar-template"),
        pytest.param("AWS:requesttag/a/b", ConditionKeyType.STRING, id="template-any-case"),
        pytest.param("s3:ExistingObjectTag/x", ConditionKeyType.STRING, id="angle-template"),
        pytest.param("aws:RequestTag/", None, id="empty-placeholder"),
        pytest.param("aws:SourceIpv6", None, id="longer-name"),
    ],
)
def test_key_table_get(name: str, expected: ConditionKeyType | None) -> None:
    assert TABLE.get(name) == expected


@pytest.mark.parametrize(
    ("name", "templates", "expected"),
    [
        pytest.param("iam:PassedToService", ["iam:passedtoservice"], True, id="exact"),
        pytest.param("aws:ResourceTag/Env", ["aws:ResourceTag/${TagKey}"], True, id="template"),
        pytest.param("aws:ResourceTag", ["aws:ResourceTag/${TagKey}"], False, id="no-suffix"),
        pytest.param("iam:PolicyARN", [], False, id="empty"),
    ],
)
def test_names_match(name: str, templates: list[str], expected: bool) -> None:
    assert names_match(name, templates) is expected
