"""Tests of the VPC filtering checks over Snapshots built in code."""

from __future__ import annotations

from typing import Any

import pytest
from _snapshots_network import (
    ALL_EGRESS,
    FINAL_DENIES,
    REGION,
    Result,
    acls_record,
    denied,
    ec2_arn,
    entry,
    group,
    groups_record,
    ok,
    perm,
    region_arn,
    run,
    snapshot,
)

import seawall.checks.network  # noqa: F401  (registers the checks)
from seawall.inventory.snapshot import CallRecord

SG = ec2_arn("security-group", "sg-1")
DENIED_SG = "could not assess: AccessDenied on ec2:DescribeSecurityGroups in us-east-1"

# --- ec2.security_group_admin_ports_open --------------------------------------


def _admin_case(ingress: list[dict[str, Any]], status: str, reason: str) -> Any:
    return ([groups_record(group("sg-1", ingress))], [(status, SG, reason)])


SG_PASS = "no inbound rule reaches port 22 or 3389 from 0.0.0.0/0 or ::/0"


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            *_admin_case(
                [perm("tcp", 22, 22, cidrs=["0.0.0.0/0"])], "fail", "inbound tcp 22 from 0.0.0.0/0"
            ),
            id="ssh-ipv4",
        ),
        pytest.param(
            *_admin_case(
                [perm("tcp", 3389, 3389, ipv6=["::/0"])], "fail", "inbound tcp 3389 from ::/0"
            ),
            id="rdp-ipv6",
        ),
        pytest.param(
            *_admin_case(
                [perm("udp", 3389, 3389, cidrs=["0.0.0.0/0"])],
                "fail",
                "inbound udp 3389 from 0.0.0.0/0",
            ),
            id="rdp-udp",
        ),
        pytest.param(
            *_admin_case(
                [perm("tcp", 0, 65535, cidrs=["0.0.0.0/0"])],
                "fail",
                "inbound tcp 22 and tcp 3389 from 0.0.0.0/0",
            ),
            id="tcp-all-ports",
        ),
        pytest.param(
            *_admin_case(
                [perm("-1", cidrs=["0.0.0.0/0"])], "fail", "inbound all traffic from 0.0.0.0/0"
            ),
            id="all-traffic",
        ),
        pytest.param(
            *_admin_case([perm("6", 20, 30, ipv6=["::/0"])], "fail", "inbound tcp 22 from ::/0"),
            id="numeric-tcp-range",
        ),
        pytest.param(
            *_admin_case([perm("47", -1, -1, cidrs=["0.0.0.0/0"])], "pass", SG_PASS),
            id="gre-minus-one-ports",
        ),
        pytest.param(
            *_admin_case([perm("icmp", -1, -1, cidrs=["0.0.0.0/0"])], "pass", SG_PASS),
            id="icmp-all-types",
        ),
        pytest.param(
            *_admin_case([perm("tcp", 443, 443, cidrs=["0.0.0.0/0"])], "pass", SG_PASS),
            id="https-only",
        ),
        pytest.param(
            *_admin_case([perm("tcp", 23, 3388, cidrs=["0.0.0.0/0"])], "pass", SG_PASS),
            id="range-between-ports",
        ),
        pytest.param(
            *_admin_case(
                [perm("tcp", 22, 22, cidrs=["10.0.0.0/8"], groups=["sg-bastion"])], "pass", SG_PASS
            ),
            id="private-cidr-and-group",
        ),
        pytest.param(
            *_admin_case(
                [perm("tcp", 22, 22, prefix_lists=["pl-123"])],
                "error",
                "could not assess: inbound tcp 22 from prefix list pl-123, "
                "and prefix-list entries are not collected",
            ),
            id="prefix-list-unjudged",
        ),
        pytest.param(
            *_admin_case(
                [perm("tcp", 22, 22, prefix_lists=["pl-123"], cidrs=["0.0.0.0/0"])],
                "fail",
                "inbound tcp 22 from 0.0.0.0/0",
            ),
            id="world-beats-prefix-list",
        ),
        pytest.param(
            *_admin_case(
                [perm("tcp", 22, 22, cidrs=["0.0.0.0/1", "128.0.0.0/1"])],
                "fail",
                "inbound tcp 22 from 0.0.0.0/1, 128.0.0.0/1 (together 0.0.0.0/0)",
            ),
            id="ssh-two-halves",
        ),
        pytest.param(
            *_admin_case(
                [
                    perm("tcp", 20, 25, cidrs=["0.0.0.0/1"]),
                    perm("-1", cidrs=["128.0.0.0/2", "192.0.0.0/2"]),
                ],
                "fail",
                "inbound tcp 22 from 0.0.0.0/1, 128.0.0.0/2, 192.0.0.0/2 (together 0.0.0.0/0)",
            ),
            id="union-across-rules",
        ),
        pytest.param(
            *_admin_case(
                [
                    perm("tcp", 22, 22, ipv6=["::/1"]),
                    perm("tcp", 22, 22, ipv6=["8000::/1"], cidrs=["10.0.0.0/8"]),
                ],
                "fail",
                "inbound tcp 22 from ::/1, 8000::/1 (together ::/0)",
            ),
            id="union-ipv6",
        ),
        pytest.param(
            *_admin_case(
                [
                    perm("tcp", 22, 22, cidrs=["0.0.0.0/1"]),
                    perm("tcp", 3389, 3389, cidrs=["128.0.0.0/1"]),
                ],
                "pass",
                SG_PASS,
            ),
            id="halves-on-different-ports",
        ),
        pytest.param(
            *_admin_case(
                [perm("tcp", 22, 22, cidrs=["0.0.0.0/1", "128.0.0.0/2", "not-a-cidr"])],
                "pass",
                SG_PASS,
            ),
            id="union-with-gap",
        ),
        pytest.param(
            *_admin_case(
                [perm("tcp", 22, 22, cidrs=["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1"])],
                "fail",
                "inbound tcp 22 from 0.0.0.0/0",
            ),
            id="world-rule-not-repeated",
        ),
        pytest.param(
            [groups_record()],
            [("not_applicable", region_arn(), "no security groups in this region")],
            id="no-groups",
        ),
        pytest.param(
            [denied("ec2", "DescribeSecurityGroups")],
            [("error", region_arn(), DENIED_SG)],
            id="access-denied",
        ),
        pytest.param(
            [],
            [
                (
                    "error",
                    region_arn(),
                    "could not assess: ec2:DescribeSecurityGroups in us-east-1 was not collected",
                )
            ],
            id="not-collected",
        ),
    ],
)
def test_security_group_admin_ports(records: list[CallRecord], expected: list[Result]) -> None:
    assert run("ec2.security_group_admin_ports_open", snapshot(records)) == expected


def test_admin_ports_one_region_fails_other_goes_on() -> None:
    snap = snapshot(
        [denied("ec2", "DescribeSecurityGroups", "eu-west-1"), groups_record(group("sg-1"))],
        regions=["eu-west-1", REGION],
    )
    assert run("ec2.security_group_admin_ports_open", snap) == [
        (
            "error",
            region_arn("eu-west-1"),
            "could not assess: AccessDenied on ec2:DescribeSecurityGroups in eu-west-1",
        ),
        ("pass", SG, SG_PASS),
    ]


# --- ec2.nacl_admin_ports_open --------------------------------------------------

ACL = ec2_arn("network-acl", "acl-1")
NACL_PASS = "no inbound entry allows port 22 or 3389 from 0.0.0.0/0 or ::/0"


def _nacl(*entries: dict[str, Any]) -> list[CallRecord]:
    return [acls_record(("acl-1", [*entries, *FINAL_DENIES]))]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            _nacl(entry(100, "allow", "6", ports=(22, 22))),
            [("fail", ACL, "rule 100 allows tcp 22 from 0.0.0.0/0")],
            id="ssh-allowed",
        ),
        pytest.param(
            _nacl(entry(100, "allow", "-1"), entry(101, "allow", "-1", "::/0")),
            [
                (
                    "fail",
                    ACL,
                    "rule 100 allows tcp 22, udp 22, tcp 3389, udp 3389 from 0.0.0.0/0; "
                    "rule 101 allows tcp 22, udp 22, tcp 3389, udp 3389 from ::/0",
                )
            ],
            id="default-acl-allows-all",
        ),
        pytest.param(
            _nacl(
                entry(50, "deny", "6", ports=(22, 22)),
                entry(60, "deny", "6", ports=(3389, 3389)),
                entry(70, "deny", "17", ports=(22, 3389)),
                entry(100, "allow", "-1"),
            ),
            [("pass", ACL, NACL_PASS)],
            id="deny-before-allow",
        ),
        pytest.param(
            _nacl(
                entry(100, "allow", "6", ports=(0, 65535)), entry(200, "deny", "6", ports=(22, 22))
            ),
            [
                (
                    "fail",
                    ACL,
                    "rule 100 allows tcp 22, tcp 3389 from 0.0.0.0/0",
                )
            ],
            id="deny-after-allow-too-late",
        ),
        pytest.param(
            _nacl(
                entry(50, "deny", "6", "10.0.0.0/8", (22, 22)),
                entry(100, "allow", "6", ports=(22, 22)),
            ),
            [("fail", ACL, "rule 100 allows tcp 22 from 0.0.0.0/0")],
            id="narrow-deny-leaves-internet",
        ),
        pytest.param(
            _nacl(entry(100, "allow", "6", "203.0.113.0/24", (22, 22))),
            [("pass", ACL, NACL_PASS)],
            id="narrow-allow",
        ),
        pytest.param(
            _nacl(entry(100, "allow", "17", "::/0", (3389, 3389))),
            [("fail", ACL, "rule 100 allows udp 3389 from ::/0")],
            id="rdp-udp-ipv6",
        ),
        pytest.param(
            _nacl(entry(100, "allow", "47")),
            [("pass", ACL, NACL_PASS)],
            id="gre-reaches-no-port",
        ),
        pytest.param(
            _nacl(entry(100, "allow", "-1", egress=True)),
            [("pass", ACL, NACL_PASS)],
            id="egress-ignored",
        ),
        pytest.param(
            [acls_record()],
            [("not_applicable", region_arn(), "no network ACLs in this region")],
            id="no-acls",
        ),
        pytest.param(
            [denied("ec2", "DescribeNetworkAcls")],
            [
                (
                    "error",
                    region_arn(),
                    "could not assess: AccessDenied on ec2:DescribeNetworkAcls in us-east-1",
                )
            ],
            id="access-denied",
        ),
    ],
)
def test_nacl_admin_ports(records: list[CallRecord], expected: list[Result]) -> None:
    assert run("ec2.nacl_admin_ports_open", snapshot(records)) == expected


# --- ec2.default_security_group_restricts_all ----------------------------------

DEFAULT_SG = ec2_arn("security-group", "sg-d")


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [
                groups_record(
                    group("sg-d", name="default"), group("sg-1", [perm("-1", cidrs=["0.0.0.0/0"])])
                )
            ],
            [("pass", DEFAULT_SG, "default group of vpc-1 has no inbound or outbound rules")],
            id="empty-default",
        ),
        pytest.param(
            [
                groups_record(
                    group("sg-d", [perm("-1", groups=["sg-d"])], [ALL_EGRESS], name="default")
                )
            ],
            [
                (
                    "fail",
                    DEFAULT_SG,
                    "default group of vpc-1 has rules: inbound all traffic with sg-d; "
                    "outbound all traffic with 0.0.0.0/0",
                )
            ],
            id="aws-initial-rules",
        ),
        pytest.param(
            [
                groups_record(
                    group("sg-d", egress=[perm("tcp", 443, 443, ipv6=["::/0"])], name="default")
                )
            ],
            [("fail", DEFAULT_SG, "default group of vpc-1 has rules: outbound tcp 443 with ::/0")],
            id="egress-only",
        ),
        pytest.param(
            [groups_record(group("sg-1"))],
            [("not_applicable", region_arn(), "no VPC default security groups in this region")],
            id="no-default-group",
        ),
        pytest.param(
            [denied("ec2", "DescribeSecurityGroups")],
            [("error", region_arn(), DENIED_SG)],
            id="access-denied",
        ),
    ],
)
def test_default_security_group(records: list[CallRecord], expected: list[Result]) -> None:
    assert run("ec2.default_security_group_restricts_all", snapshot(records)) == expected


# --- ec2.security_group_egress_unrestricted ------------------------------------

EGRESS_PASS = "no outbound rule allows every port to 0.0.0.0/0 or ::/0"


@pytest.mark.parametrize(
    ("egress", "expected"),
    [
        pytest.param(
            [ALL_EGRESS], ("fail", SG, "outbound all traffic to 0.0.0.0/0"), id="default-rule"
        ),
        pytest.param(
            [perm("-1", ipv6=["::/0"])], ("fail", SG, "outbound all traffic to ::/0"), id="ipv6-all"
        ),
        pytest.param(
            [perm("tcp", 0, 65535, cidrs=["0.0.0.0/0"])],
            ("fail", SG, "outbound tcp 0-65535 to 0.0.0.0/0"),
            id="tcp-every-port",
        ),
        pytest.param(
            [perm("tcp", 443, 443, cidrs=["0.0.0.0/0"])], ("pass", SG, EGRESS_PASS), id="https-only"
        ),
        pytest.param(
            [perm("-1", cidrs=["10.0.0.0/8"])], ("pass", SG, EGRESS_PASS), id="private-range"
        ),
        pytest.param(
            [perm("47", -1, -1, cidrs=["0.0.0.0/0"])], ("pass", SG, EGRESS_PASS), id="gre-only"
        ),
        pytest.param([], ("pass", SG, EGRESS_PASS), id="no-egress"),
    ],
)
def test_security_group_egress(egress: list[dict[str, Any]], expected: Result) -> None:
    snap = snapshot([groups_record(group("sg-1", egress=egress))])
    assert run("ec2.security_group_egress_unrestricted", snap) == [expected]


def test_egress_no_groups_not_applicable() -> None:
    assert run("ec2.security_group_egress_unrestricted", snapshot([groups_record()])) == [
        ("not_applicable", region_arn(), "no security groups in this region")
    ]


def test_egress_denied_is_error() -> None:
    snap = snapshot([denied("ec2", "DescribeSecurityGroups")])
    assert run("ec2.security_group_egress_unrestricted", snap) == [
        ("error", region_arn(), DENIED_SG)
    ]


# --- ec2.vpc_flow_logs_enabled -------------------------------------------------

VPC = ec2_arn("vpc", "vpc-1")
VPCS = ok("ec2", "DescribeVpcs", {"Vpcs": [{"VpcId": "vpc-1", "OwnerId": "111111111111"}]})


def _flow(traffic: str = "ALL", status: str = "ACTIVE", **extra: str) -> dict[str, str]:
    return {
        "FlowLogId": "fl-1",
        "ResourceId": "vpc-1",
        "TrafficType": traffic,
        "FlowLogStatus": status,
        **extra,
    }


def _flows(*logs: dict[str, str]) -> CallRecord:
    return ok("ec2", "DescribeFlowLogs", {"FlowLogs": list(logs)})


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [VPCS, _flows(_flow())], [("pass", VPC, "flow log fl-1 records ALL traffic")], id="all"
        ),
        pytest.param(
            [VPCS, _flows(_flow("REJECT"))],
            [("pass", VPC, "flow log fl-1 records REJECT traffic")],
            id="reject",
        ),
        pytest.param(
            [VPCS, _flows(_flow("ACCEPT"))],
            [("fail", VPC, "no usable flow log: fl-1 records only ACCEPT traffic")],
            id="accept-only",
        ),
        pytest.param(
            [VPCS, _flows(_flow(DeliverLogsStatus="FAILED"))],
            [("fail", VPC, "no usable flow log: fl-1 fails to deliver logs")],
            id="delivery-failed",
        ),
        pytest.param(
            [VPCS, _flows(_flow(status="INACTIVE"))],
            [("fail", VPC, "no usable flow log: fl-1 is INACTIVE")],
            id="inactive",
        ),
        pytest.param(
            [VPCS, _flows({**_flow(), "ResourceId": "vpc-other"})],
            [("fail", VPC, "no flow log")],
            id="other-vpc-only",
        ),
        pytest.param(
            [ok("ec2", "DescribeVpcs", {"Vpcs": []}), denied("ec2", "DescribeFlowLogs")],
            [("not_applicable", region_arn(), "no VPCs in this region")],
            id="no-vpcs",
        ),
        pytest.param(
            [VPCS, denied("ec2", "DescribeFlowLogs")],
            [
                (
                    "error",
                    region_arn(),
                    "could not assess: AccessDenied on ec2:DescribeFlowLogs in us-east-1",
                )
            ],
            id="flow-logs-denied",
        ),
    ],
)
def test_vpc_flow_logs(records: list[CallRecord], expected: list[Result]) -> None:
    assert run("ec2.vpc_flow_logs_enabled", snapshot(records)) == expected


# --- ec2.ebs_default_encryption ------------------------------------------------


def test_ebs_default_encryption_per_region() -> None:
    snap = snapshot(
        [
            ok("ec2", "GetEbsEncryptionByDefault", {"EbsEncryptionByDefault": True}, "us-east-1"),
            ok("ec2", "GetEbsEncryptionByDefault", {"EbsEncryptionByDefault": False}, "eu-west-1"),
            denied("ec2", "GetEbsEncryptionByDefault", "ap-south-1"),
        ],
        regions=["us-east-1", "eu-west-1", "ap-south-1"],
    )
    assert run("ec2.ebs_default_encryption", snap) == [
        ("pass", region_arn("us-east-1"), "EBS encryption by default is enabled"),
        ("fail", region_arn("eu-west-1"), "EBS encryption by default is disabled"),
        (
            "error",
            region_arn("ap-south-1"),
            "could not assess: AccessDenied on ec2:GetEbsEncryptionByDefault in ap-south-1",
        ),
    ]


# --- ec2.instance_imdsv2_required ----------------------------------------------

INSTANCE = ec2_arn("instance", "i-1")


def _instances(*instances: dict[str, Any]) -> CallRecord:
    return ok("ec2", "DescribeInstances", {"Reservations": [{"Instances": list(instances)}]})


def _instance(state: str = "running", **options: str) -> dict[str, Any]:
    found: dict[str, Any] = {"InstanceId": "i-1", "State": {"Name": state}}
    if options:
        found["MetadataOptions"] = options
    return found


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [_instances(_instance(HttpTokens="required", HttpEndpoint="enabled"))],
            [("pass", INSTANCE, "HttpTokens is required (IMDSv2 only)")],
            id="required",
        ),
        pytest.param(
            [_instances(_instance(HttpTokens="optional", HttpEndpoint="enabled"))],
            [("fail", INSTANCE, "HttpTokens is optional, so IMDSv1 is accepted")],
            id="optional",
        ),
        pytest.param(
            [_instances(_instance("stopped", HttpTokens="optional", HttpEndpoint="disabled"))],
            [("pass", INSTANCE, "instance metadata endpoint is disabled")],
            id="endpoint-disabled",
        ),
        pytest.param(
            [_instances(_instance())],
            [("error", INSTANCE, "could not assess: MetadataOptions missing from the record")],
            id="options-missing",
        ),
        pytest.param(
            [_instances(_instance("terminated", HttpTokens="optional"))],
            [("not_applicable", region_arn(), "no running or stopped instances")],
            id="terminated-skipped",
        ),
        pytest.param(
            [denied("ec2", "DescribeInstances")],
            [
                (
                    "error",
                    region_arn(),
                    "could not assess: AccessDenied on ec2:DescribeInstances in us-east-1",
                )
            ],
            id="access-denied",
        ),
    ],
)
def test_instance_imdsv2(records: list[CallRecord], expected: list[Result]) -> None:
    assert run("ec2.instance_imdsv2_required", snapshot(records)) == expected
