"""Builders of small Snapshots for the network and S3 check tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from seawall.aws.outcome import CallStatus
from seawall.checks.registry import REGISTRY
from seawall.checks.runner import run_check
from seawall.inventory.snapshot import GLOBAL, CallRecord, Snapshot

ACCOUNT = "111111111111"
REGION = "us-east-1"

Result = tuple[str, str, str]


def ok(
    service: str, operation: str, data: Any, region: str = REGION, resource: str = ""
) -> CallRecord:
    return CallRecord(service, operation, region, resource, CallStatus.OK, data)


def denied(service: str, operation: str, region: str = REGION, resource: str = "") -> CallRecord:
    return CallRecord(
        service, operation, region, resource, CallStatus.ACCESS_DENIED, None, "AccessDenied"
    )


def not_found(
    service: str, operation: str, code: str, region: str = GLOBAL, resource: str = ""
) -> CallRecord:
    return CallRecord(service, operation, region, resource, CallStatus.NOT_FOUND, None, code)


def snapshot(records: Iterable[CallRecord], regions: Sequence[str] = (REGION,)) -> Snapshot:
    snap = Snapshot(account_id=ACCOUNT, regions=list(regions))
    for record in records:
        snap.add(record)
    return snap


def run(check_id: str, snap: Snapshot) -> list[Result]:
    """Run one registered check and return (status, resource, reason) of each finding."""
    findings = run_check(snap, REGISTRY[check_id])
    return [(f.status.value, f.resource, f.reason) for f in findings]


def region_arn(region: str = REGION) -> str:
    return f"arn:aws:::{ACCOUNT}/{region}"


def ec2_arn(kind: str, item_id: str, region: str = REGION) -> str:
    return f"arn:aws:ec2:{region}:{ACCOUNT}:{kind}/{item_id}"


# --- Security groups ---------------------------------------------------------


def perm(
    protocol: str,
    from_port: int | None = None,
    to_port: int | None = None,
    *,
    cidrs: Sequence[str] = (),
    ipv6: Sequence[str] = (),
    prefix_lists: Sequence[str] = (),
    groups: Sequence[str] = (),
) -> dict[str, Any]:
    permission: dict[str, Any] = {
        "IpProtocol": protocol,
        "IpRanges": [{"CidrIp": c} for c in cidrs],
        "Ipv6Ranges": [{"CidrIpv6": c} for c in ipv6],
        "PrefixListIds": [{"PrefixListId": p} for p in prefix_lists],
        "UserIdGroupPairs": [{"GroupId": g, "UserId": ACCOUNT} for g in groups],
    }
    if from_port is not None:
        permission["FromPort"] = from_port
    if to_port is not None:
        permission["ToPort"] = to_port
    return permission


ALL_EGRESS = perm("-1", cidrs=["0.0.0.0/0"])


def group(
    group_id: str,
    ingress: Sequence[dict[str, Any]] = (),
    egress: Sequence[dict[str, Any]] = (),
    *,
    name: str | None = None,
    vpc: str = "vpc-1",
) -> dict[str, Any]:
    return {
        "GroupId": group_id,
        "GroupName": name or f"name-{group_id}",
        "VpcId": vpc,
        "OwnerId": ACCOUNT,
        "IpPermissions": list(ingress),
        "IpPermissionsEgress": list(egress),
    }


def groups_record(*groups: dict[str, Any], region: str = REGION) -> CallRecord:
    return ok("ec2", "DescribeSecurityGroups", {"SecurityGroups": list(groups)}, region)


# --- Network ACLs ------------------------------------------------------------


def entry(
    number: int,
    action: str,
    protocol: str,
    cidr: str = "0.0.0.0/0",
    ports: tuple[int, int] | None = None,
    *,
    egress: bool = False,
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "RuleNumber": number,
        "RuleAction": action,
        "Protocol": protocol,
        "Egress": egress,
    }
    item["Ipv6CidrBlock" if ":" in cidr else "CidrBlock"] = cidr
    if ports is not None:
        item["PortRange"] = {"From": ports[0], "To": ports[1]}
    return item


# The two catch-all denies every network ACL ends with.
FINAL_DENIES = (entry(32767, "deny", "-1"), entry(32768, "deny", "-1", "::/0"))


def acls_record(*acls: tuple[str, Sequence[dict[str, Any]]], region: str = REGION) -> CallRecord:
    data = {
        "NetworkAcls": [
            {"NetworkAclId": acl_id, "VpcId": "vpc-1", "OwnerId": ACCOUNT, "Entries": list(items)}
            for acl_id, items in acls
        ]
    }
    return ok("ec2", "DescribeNetworkAcls", data, region)
