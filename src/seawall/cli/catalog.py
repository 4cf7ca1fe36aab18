"""``seawall catalog``: facts about the bundled IAM action catalog."""

from __future__ import annotations

import json

import click

from seawall.cli.errors import UserError
from seawall.policy.catalog import Catalog, CatalogError, load_catalog

FORMATS = ("text", "json")


@click.group("catalog")
def catalog_group() -> None:
    """Show the bundled IAM action catalog: its source, counts and actions."""


@catalog_group.command("info")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
def info(fmt: str) -> None:
    """Print where the catalog data came from, when it was generated, and its counts."""
    catalog = _load()
    if fmt == "json":
        click.echo(json.dumps(info_record(catalog), indent=2))
        return
    source = catalog.source
    lines = [
        f"source:          {source.name} {source.version} ({source.license} licence)",
        f"repository:      {source.repository}",
        f"data updated:    {source.data_updated_at}",
        f"generated:       {source.generated_at}",
        f"services:        {len(catalog.services)}",
        f"actions:         {catalog.action_count}",
        f"resource types:  {catalog.resource_type_count}",
        f"condition keys:  {catalog.condition_key_count} "
        f"(and {len(catalog.global_condition_keys)} global keys)",
    ]
    click.echo("\n".join(lines))


@catalog_group.command("expand")
@click.argument("pattern")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
def expand(pattern: str, fmt: str) -> None:
    """Print the actions that PATTERN matches, with their access levels.

    PATTERN is an Action element value such as 's3:Get*' or 'iam:?etRole'; '*' and '?'
    are the wildcards, and case does not matter.
    """
    catalog = _load()
    try:
        names = catalog.expand(pattern)
    except CatalogError as error:
        raise UserError(str(error)) from error
    if not names:
        raise UserError(f"no action matches `{pattern}`{_suggestion(catalog, pattern)}")
    rows = [(name, _access_level(catalog, name)) for name in names]
    if fmt == "json":
        click.echo(json.dumps([{"action": name, "access_level": level} for name, level in rows]))
        return
    width = max(len(name) for name, _ in rows)
    click.echo("\n".join(f"{name:<{width}}  {level}" for name, level in rows))


def info_record(catalog: Catalog) -> dict[str, object]:
    source = catalog.source
    return {
        "source": {
            "name": source.name,
            "version": source.version,
            "license": source.license,
            "repository": source.repository,
            "data_updated_at": source.data_updated_at,
        },
        "generated_at": source.generated_at,
        "counts": {
            "services": len(catalog.services),
            "actions": catalog.action_count,
            "resource_types": catalog.resource_type_count,
            "condition_keys": catalog.condition_key_count,
            "global_condition_keys": len(catalog.global_condition_keys),
        },
    }


def _load() -> Catalog:
    try:
        return load_catalog()
    except CatalogError as error:
        raise UserError(str(error)) from error


def _access_level(catalog: Catalog, name: str) -> str:
    action = catalog.action(name)
    # expand() returns only names the catalog holds, so the lookup cannot miss.
    assert action is not None
    return action.access_level.value


def _suggestion(catalog: Catalog, pattern: str) -> str:
    if "*" in pattern or "?" in pattern:
        return ": check the service prefix and the spelling"
    nearest = catalog.nearest_action(pattern)
    if not nearest:
        return ": check the service prefix and the spelling"
    return f": did you mean {', '.join(nearest)}?"
