"""VPC filtering checks: security groups, network ACLs, flow logs, EBS and IMDS."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from seawall.checks._ip_rules import (
    ADMIN_PORTS,
    PORT_PROTOCOLS,
    WORLD_CIDRS,
    admin_services,
    ingress_entries,
    security_group_rules,
    world_decision,
    world_union,
)
from seawall.checks.context import CheckContext
from seawall.checks.registry import check
from seawall.findings.model import Finding, Practice, Severity

_SG_REFERENCE_ADVICE = (
    "Allow administration only from a security group (a bastion or VPN group) "
    "instead of a CIDR, or use SSM Session Manager and close the port."
)


def _ec2_arn(ctx: CheckContext, region: str, kind: str, item_id: str, owner: object) -> str:
    account = str(owner) if owner else ctx.account_id
    return f"arn:{ctx.snapshot.partition}:ec2:{region}:{account}:{kind}/{item_id}"


def _security_groups(ctx: CheckContext, region: str) -> list[Mapping[str, Any]]:
    data = ctx.data("ec2", "DescribeSecurityGroups", region)
    return list(data.get("SecurityGroups", []))


def _group_arn(ctx: CheckContext, region: str, group: Mapping[str, Any]) -> str:
    return _ec2_arn(ctx, region, "security-group", group["GroupId"], group.get("OwnerId"))


# --- ec2.security_group_admin_ports_open --------------------------------------


@check(
    id="ec2.security_group_admin_ports_open",
    title="Security groups do not open SSH or RDP to the internet",
    severity=Severity.HIGH,
    practice=Practice.NETWORK,
    permissions=("ec2:DescribeSecurityGroups",),
    risk=(
        "SSH (22) and RDP (3389) reachable from 0.0.0.0/0 or ::/0 are scanned and "
        "brute-forced within minutes, and one weak credential or unpatched server "
        "gives an attacker a shell inside the VPC."
    ),
    remediation=(
        "aws ec2 revoke-security-group-ingress --group-id SG_ID "
        "--ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]'  "
        "(repeat for 3389, udp and Ipv6Ranges=[{CidrIpv6=::/0}]). " + _SG_REFERENCE_ADVICE
    ),
    cis=("5.3", "5.4"),
    fsbp=("EC2.53", "EC2.54", "EC2.13", "EC2.14"),
)
def security_group_admin_ports_open(ctx: CheckContext) -> Iterator[Finding]:
    return _each_security_group(ctx, _judge_admin_ports)


GroupJudge = Callable[[CheckContext, str, Mapping[str, Any]], Finding]


def _each_security_group(ctx: CheckContext, judge: GroupJudge) -> Iterator[Finding]:
    """Judge every security group of every region; a region without any is not_applicable."""

    def in_region(region: str) -> Iterator[Finding]:
        groups = _security_groups(ctx, region)
        if not groups:
            yield ctx.not_applicable(
                ctx.region_resource(region), "no security groups in this region", region
            )
        for group in groups:
            yield judge(ctx, region, group)

    return ctx.per_region(in_region)


def _judge_admin_ports(ctx: CheckContext, region: str, group: Mapping[str, Any]) -> Finding:
    arn = _group_arn(ctx, region, group)
    open_to_world: list[str] = []
    unjudged: list[str] = []
    for rule in security_group_rules(group.get("IpPermissions", [])):
        services = admin_services(rule.ports)
        if not services:
            continue
        reached = "all traffic" if rule.ports.all_traffic else " and ".join(services)
        if rule.world_open:
            open_to_world.append(f"{reached} from {rule.source}")
        elif rule.kind == "prefix_list":
            unjudged.append(f"{reached} from prefix list {rule.source}")
    open_to_world.extend(_unions_open_to_world(group.get("IpPermissions", [])))
    if open_to_world:
        return ctx.failed(arn, "inbound " + "; ".join(open_to_world), region)
    if unjudged:
        # The snapshot does not contain prefix-list entries, and a list may
        # contain 0.0.0.0/0. An unknown source is not a safe one.
        return ctx.error(
            arn,
            "could not assess: inbound "
            + "; ".join(unjudged)
            + ", and prefix-list entries are not collected",
            region,
        )
    return ctx.passed(arn, "no inbound rule reaches port 22 or 3389 from 0.0.0.0/0 or ::/0", region)


def _unions_open_to_world(permissions: list[Mapping[str, Any]]) -> list[str]:
    """Describe admin ports that narrower CIDRs open to the whole internet together.

    A port that one 0.0.0.0/0 or ::/0 rule opens is already reported, so
    the union is taken over the narrower CIDRs only.
    """
    rules = [r for r in security_group_rules(permissions) if r.kind == "cidr"]
    found: list[str] = []
    for port in ADMIN_PORTS:
        for protocol in PORT_PROTOCOLS:
            reaching = [r for r in rules if r.ports.reaches(protocol, port)]
            direct = {r.source for r in reaching if r.world_open}
            narrow = [r.source for r in reaching if not r.world_open]
            world = world_union(narrow)
            if world is not None and world not in direct:
                sources = ", ".join(dict.fromkeys(c for c in narrow if _same_family(c, world)))
                found.append(f"{protocol} {port} from {sources} (together {world})")
    return found


def _same_family(cidr: str, world: str) -> bool:
    return (":" in cidr) == (":" in world)


# --- ec2.nacl_admin_ports_open --------------------------------------------------


@check(
    id="ec2.nacl_admin_ports_open",
    title="Network ACLs do not allow SSH or RDP from the internet",
    severity=Severity.MEDIUM,
    practice=Practice.NETWORK,
    permissions=("ec2:DescribeNetworkAcls",),
    risk=(
        "A network ACL that lets 0.0.0.0/0 or ::/0 reach ports 22 or 3389 leaves "
        "security groups as the only filter in front of remote administration."
    ),
    remediation=(
        "Add a deny entry numbered below the allow: aws ec2 create-network-acl-entry "
        "--network-acl-id ACL_ID --ingress --rule-number 50 --protocol 6 "
        "--port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny "
        "(repeat for 3389, protocol 17 and --ipv6-cidr-block ::/0), or narrow the allow "
        "entry with aws ec2 replace-network-acl-entry."
    ),
    cis=("5.2",),
    fsbp=("EC2.21",),
)
def nacl_admin_ports_open(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        data = ctx.data("ec2", "DescribeNetworkAcls", region)
        acls = list(data.get("NetworkAcls", []))
        if not acls:
            yield ctx.not_applicable(
                ctx.region_resource(region), "no network ACLs in this region", region
            )
        for acl in acls:
            yield _judge_nacl(ctx, region, acl)

    return ctx.per_region(in_region)


def _judge_nacl(ctx: CheckContext, region: str, acl: Mapping[str, Any]) -> Finding:
    arn = _ec2_arn(ctx, region, "network-acl", acl["NetworkAclId"], acl.get("OwnerId"))
    entries = ingress_entries(acl.get("Entries", []))
    # NOTE: only entries whose source is a whole address family are judged.
    # Allow entries of narrower CIDRs that add up to the internet
    # (0.0.0.0/1 plus 128.0.0.0/1) pass, because a correct union has to
    # subtract the lower-numbered deny entries range by range.
    # (rule number, source) -> the admin services that entry lets in
    allowed: dict[tuple[int, str], list[str]] = {}
    for world in WORLD_CIDRS:
        for port in ADMIN_PORTS:
            for protocol in PORT_PROTOCOLS:
                entry = world_decision(entries, protocol, port, world)
                if entry is not None and entry.action == "allow":
                    allowed.setdefault((entry.rule_number, world), []).append(f"{protocol} {port}")
    if allowed:
        reasons = [
            f"rule {number} allows {', '.join(services)} from {world}"
            for (number, world), services in allowed.items()
        ]
        return ctx.failed(arn, "; ".join(reasons), region)
    return ctx.passed(arn, "no inbound entry allows port 22 or 3389 from 0.0.0.0/0 or ::/0", region)


# --- ec2.default_security_group_restricts_all ----------------------------------


@check(
    id="ec2.default_security_group_restricts_all",
    title="The default security group of each VPC has no rules",
    severity=Severity.HIGH,
    practice=Practice.NETWORK,
    permissions=("ec2:DescribeSecurityGroups",),
    risk=(
        "Resources launched without a security group land in the default group; "
        "rules there silently give them network access nobody designed."
    ),
    remediation=(
        "aws ec2 revoke-security-group-ingress --group-id DEFAULT_SG_ID "
        "--security-group-rule-ids RULE_IDS and aws ec2 revoke-security-group-egress "
        "--group-id DEFAULT_SG_ID --security-group-rule-ids RULE_IDS; find the ids with "
        "aws ec2 describe-security-group-rules --filters Name=group-id,Values=DEFAULT_SG_ID. "
        "Give each workload its own group that references other groups."
    ),
    cis=("5.5",),
    fsbp=("EC2.2",),
)
def default_security_group_restricts_all(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        defaults = [
            group
            for group in _security_groups(ctx, region)
            if group.get("GroupName") == "default" and group.get("VpcId")
        ]
        if not defaults:
            yield ctx.not_applicable(
                ctx.region_resource(region), "no VPC default security groups in this region", region
            )
        for group in defaults:
            yield _judge_default_group(ctx, region, group)

    return ctx.per_region(in_region)


def _judge_default_group(ctx: CheckContext, region: str, group: Mapping[str, Any]) -> Finding:
    arn = _group_arn(ctx, region, group)
    inbound = _describe_rules(group.get("IpPermissions", []))
    outbound = _describe_rules(group.get("IpPermissionsEgress", []))
    vpc = group["VpcId"]
    if not inbound and not outbound:
        return ctx.passed(arn, f"default group of {vpc} has no inbound or outbound rules", region)
    parts = []
    if inbound:
        parts.append("inbound " + ", ".join(inbound))
    if outbound:
        parts.append("outbound " + ", ".join(outbound))
    return ctx.failed(arn, f"default group of {vpc} has rules: " + "; ".join(parts), region)


def _describe_rules(permissions: list[Mapping[str, Any]]) -> list[str]:
    return [
        f"{rule.ports.describe()} with {rule.source}" for rule in security_group_rules(permissions)
    ]


# --- ec2.security_group_egress_unrestricted ------------------------------------


@check(
    id="ec2.security_group_egress_unrestricted",
    title="Security groups do not allow all outbound traffic to the internet",
    # Low, because every new group has the allow-all egress rule and egress
    # filtering limits damage after a compromise rather than preventing one.
    severity=Severity.LOW,
    practice=Practice.NETWORK,
    permissions=("ec2:DescribeSecurityGroups",),
    risk=(
        "Unrestricted egress lets a compromised instance send data to, or fetch tools "
        "from, any host on the internet."
    ),
    remediation=(
        "aws ec2 revoke-security-group-egress --group-id SG_ID "
        "--ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]' (and "
        "Ipv6Ranges=[{CidrIpv6=::/0}]), then add only the egress the workload needs, "
        "preferably to security groups, prefix lists or VPC endpoints."
    ),
)
def security_group_egress_unrestricted(ctx: CheckContext) -> Iterator[Finding]:
    return _each_security_group(ctx, _judge_egress)


def _judge_egress(ctx: CheckContext, region: str, group: Mapping[str, Any]) -> Finding:
    arn = _group_arn(ctx, region, group)
    unrestricted = [
        f"{rule.ports.describe()} to {rule.source}"
        for rule in security_group_rules(group.get("IpPermissionsEgress", []))
        if rule.world_open and rule.ports.every_port
    ]
    if unrestricted:
        return ctx.failed(arn, "outbound " + "; ".join(unrestricted), region)
    return ctx.passed(arn, "no outbound rule allows every port to 0.0.0.0/0 or ::/0", region)


# --- ec2.vpc_flow_logs_enabled -------------------------------------------------

_FLOW_TRAFFIC_TYPES = ("ALL", "REJECT")


@check(
    id="ec2.vpc_flow_logs_enabled",
    title="Every VPC has an active flow log that records rejected traffic",
    severity=Severity.MEDIUM,
    practice=Practice.NETWORK,
    permissions=("ec2:DescribeVpcs", "ec2:DescribeFlowLogs"),
    risk=(
        "Without flow logs there is no record of who connected to what, so scans, "
        "lateral movement and exfiltration cannot be detected or investigated."
    ),
    remediation=(
        "aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID "
        "--traffic-type REJECT --log-destination-type cloud-watch-logs "
        "--log-group-name vpc-flow-logs --deliver-logs-permission-arn ROLE_ARN "
        "(or --traffic-type ALL, or --log-destination-type s3 --log-destination BUCKET_ARN)"
    ),
    cis=("3.7",),
    fsbp=("EC2.6",),
)
def vpc_flow_logs_enabled(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        vpcs = list(ctx.data("ec2", "DescribeVpcs", region).get("Vpcs", []))
        if not vpcs:
            yield ctx.not_applicable(ctx.region_resource(region), "no VPCs in this region", region)
            return
        flow_logs = list(ctx.data("ec2", "DescribeFlowLogs", region).get("FlowLogs", []))
        for vpc in vpcs:
            yield _judge_flow_logs(ctx, region, vpc, flow_logs)

    return ctx.per_region(in_region)


def _judge_flow_logs(
    ctx: CheckContext, region: str, vpc: Mapping[str, Any], flow_logs: list[Mapping[str, Any]]
) -> Finding:
    vpc_id = vpc["VpcId"]
    arn = _ec2_arn(ctx, region, "vpc", vpc_id, vpc.get("OwnerId"))
    mine = [log for log in flow_logs if log.get("ResourceId") == vpc_id]
    if not mine:
        return ctx.failed(arn, "no flow log", region)
    problems = []
    for log in mine:
        log_id = log.get("FlowLogId", "?")
        status = log.get("FlowLogStatus", "")
        traffic = log.get("TrafficType", "")
        delivery = log.get("DeliverLogsStatus", "SUCCESS")
        if status != "ACTIVE":
            problems.append(f"{log_id} is {status or 'of unknown status'}")
        elif traffic not in _FLOW_TRAFFIC_TYPES:
            problems.append(f"{log_id} records only {traffic or 'unknown'} traffic")
        elif delivery == "FAILED":
            problems.append(f"{log_id} fails to deliver logs")
        else:
            return ctx.passed(arn, f"flow log {log_id} records {traffic} traffic", region)
    return ctx.failed(arn, "no usable flow log: " + "; ".join(problems), region)


# --- ec2.ebs_default_encryption --------------------------------------------------


@check(
    id="ec2.ebs_default_encryption",
    title="EBS encryption by default is enabled in every region",
    severity=Severity.MEDIUM,
    practice=Practice.NETWORK,
    permissions=("ec2:GetEbsEncryptionByDefault",),
    risk=(
        "Without encryption by default, new volumes and snapshots may be created "
        "unencrypted, and an unencrypted snapshot can be shared or copied in the clear."
    ),
    remediation="aws ec2 enable-ebs-encryption-by-default --region REGION (in every region)",
    cis=("5.1.1",),
    fsbp=("EC2.7",),
)
def ebs_default_encryption(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        data = ctx.data("ec2", "GetEbsEncryptionByDefault", region)
        resource = ctx.region_resource(region)
        if data.get("EbsEncryptionByDefault") is True:
            yield ctx.passed(resource, "EBS encryption by default is enabled", region)
        else:
            yield ctx.failed(resource, "EBS encryption by default is disabled", region)

    return ctx.per_region(in_region)


# --- ec2.instance_imdsv2_required ------------------------------------------------

# Instances that are gone or going: their metadata options can no longer change.
_SKIPPED_STATES = ("terminated", "shutting-down")


@check(
    id="ec2.instance_imdsv2_required",
    title="EC2 instances require IMDSv2",
    severity=Severity.HIGH,
    practice=Practice.NETWORK,
    permissions=("ec2:DescribeInstances",),
    risk=(
        "IMDSv1 answers plain GET requests, so a server-side request forgery or an "
        "open proxy on the instance can read its role credentials."
    ),
    remediation=(
        "aws ec2 modify-instance-metadata-options --instance-id INSTANCE_ID "
        "--http-tokens required --http-endpoint enabled; for new instances, set "
        "aws ec2 modify-instance-metadata-defaults --http-tokens required per region"
    ),
    cis=("5.7",),
    fsbp=("EC2.8",),
)
def instance_imdsv2_required(ctx: CheckContext) -> Iterator[Finding]:
    def in_region(region: str) -> Iterator[Finding]:
        data = ctx.data("ec2", "DescribeInstances", region)
        instances = [
            instance
            for reservation in data.get("Reservations", [])
            for instance in reservation.get("Instances", [])
            if instance.get("State", {}).get("Name") not in _SKIPPED_STATES
        ]
        if not instances:
            yield ctx.not_applicable(
                ctx.region_resource(region), "no running or stopped instances", region
            )
        for instance in instances:
            yield _judge_imds(ctx, region, instance)

    return ctx.per_region(in_region)


def _judge_imds(ctx: CheckContext, region: str, instance: Mapping[str, Any]) -> Finding:
    arn = _ec2_arn(ctx, region, "instance", instance["InstanceId"], None)
    options = instance.get("MetadataOptions")
    if not options:
        return ctx.error(arn, "could not assess: MetadataOptions missing from the record", region)
    tokens = options.get("HttpTokens")
    endpoint = options.get("HttpEndpoint", "enabled")
    if endpoint == "disabled":
        return ctx.passed(arn, "instance metadata endpoint is disabled", region)
    if tokens == "required":
        return ctx.passed(arn, "HttpTokens is required (IMDSv2 only)", region)
    return ctx.failed(arn, f"HttpTokens is {tokens or 'unset'}, so IMDSv1 is accepted", region)
