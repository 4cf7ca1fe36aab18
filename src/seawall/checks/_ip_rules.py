"""Reading EC2 security-group permissions and network ACL entries.

Pure functions over the shapes that DescribeSecurityGroups and
DescribeNetworkAcls return. They answer which (protocol, port) pairs a
rule reaches and whether its source is the whole internet.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

WORLD_IPV4 = "0.0.0.0/0"
WORLD_IPV6 = "::/0"
WORLD_CIDRS = (WORLD_IPV4, WORLD_IPV6)

# SSH and RDP. CIS AWS Foundations 5.2-5.4 count TCP, UDP and all-traffic
# rules on both ports, because RDP also runs over UDP 3389.
ADMIN_PORTS = (22, 3389)
PORT_PROTOCOLS = ("tcp", "udp")

# IP protocol numbers that the EC2 API may return instead of names.
_PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
ALL_PROTOCOLS = "-1"
MAX_PORT = 65535


def protocol_name(raw: object) -> str:
    """Return the protocol as ``-1``, ``tcp``, ``udp``, ``icmp`` or its number."""
    text = str(raw).lower()
    return _PROTOCOL_NAMES.get(text, text)


@dataclass(frozen=True)
class PortRange:
    """The ports a rule covers for one protocol; ``None`` bounds mean every port."""

    protocol: str
    from_port: int | None
    to_port: int | None

    @property
    def all_traffic(self) -> bool:
        return self.protocol == ALL_PROTOCOLS

    @property
    def has_ports(self) -> bool:
        # Only TCP and UDP carry ports. Another protocol (GRE is 47) comes
        # back with FromPort/ToPort -1, which does not mean "all ports".
        return self.all_traffic or self.protocol in PORT_PROTOCOLS

    @property
    def every_port(self) -> bool:
        if self.all_traffic:
            return True
        if not self.has_ports:
            return False
        low, high = self._bounds()
        return low <= 0 and high >= MAX_PORT

    def reaches(self, protocol: str, port: int) -> bool:
        """Return True if traffic of ``protocol`` to ``port`` matches this range."""
        if self.all_traffic:
            return True
        if self.protocol != protocol or not self.has_ports:
            return False
        low, high = self._bounds()
        return low <= port <= high

    def _bounds(self) -> tuple[int, int]:
        # A TCP/UDP rule without ports, or with -1, is read as every port:
        # the widest reading, so that an odd record never hides an open port.
        low = 0 if self.from_port is None or self.from_port < 0 else self.from_port
        high = MAX_PORT if self.to_port is None or self.to_port < 0 else self.to_port
        return low, high

    def describe(self) -> str:
        if self.all_traffic:
            return "all traffic"
        if not self.has_ports:
            return f"protocol {self.protocol}"
        low, high = self._bounds()
        if low == high:
            return f"{self.protocol} {low}"
        return f"{self.protocol} {low}-{high}"


def admin_services(ports: PortRange) -> list[str]:
    """Return the admin (protocol, port) pairs a range reaches, as ``tcp 22``."""
    return [
        f"{protocol} {port}"
        for port in ADMIN_PORTS
        for protocol in PORT_PROTOCOLS
        if ports.reaches(protocol, port)
    ]


# --- Security groups -------------------------------------------------------


@dataclass(frozen=True)
class SecurityGroupRule:
    """One source of one IpPermissions entry of a security group."""

    ports: PortRange
    # A CIDR, a prefix list id (``pl-...``) or a group reference (``sg-...``).
    source: str
    kind: str  # "cidr", "prefix_list" or "group"

    @property
    def world_open(self) -> bool:
        return self.kind == "cidr" and self.source in WORLD_CIDRS


def security_group_rules(permissions: Iterable[Mapping[str, Any]]) -> Iterator[SecurityGroupRule]:
    """Flatten IpPermissions (or IpPermissionsEgress) into one rule per source."""
    for permission in permissions:
        ports = PortRange(
            protocol_name(permission.get("IpProtocol", ALL_PROTOCOLS)),
            _optional_int(permission.get("FromPort")),
            _optional_int(permission.get("ToPort")),
        )
        for item in permission.get("IpRanges", []):
            yield SecurityGroupRule(ports, str(item.get("CidrIp", "")), "cidr")
        for item in permission.get("Ipv6Ranges", []):
            yield SecurityGroupRule(ports, str(item.get("CidrIpv6", "")), "cidr")
        for item in permission.get("PrefixListIds", []):
            yield SecurityGroupRule(ports, str(item.get("PrefixListId", "")), "prefix_list")
        for item in permission.get("UserIdGroupPairs", []):
            yield SecurityGroupRule(ports, str(item.get("GroupId", "")), "group")


def world_union(cidrs: Iterable[str]) -> str | None:
    """Return the world CIDR (0.0.0.0/0 or ::/0) that ``cidrs`` cover together, if any.

    Narrower ranges can add up to the whole internet (0.0.0.0/1 plus
    128.0.0.0/1), so the ranges of each address family are merged with
    ipaddress.collapse_addresses. A CIDR that does not parse is skipped and
    logged, because it can only come from a damaged record.
    """
    ipv4: list[ipaddress.IPv4Network] = []
    ipv6: list[ipaddress.IPv6Network] = []
    for cidr in cidrs:
        try:
            network = ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            logger.warning("skipping invalid CIDR %r in a security group rule", cidr)
            continue
        if isinstance(network, ipaddress.IPv4Network):
            ipv4.append(network)
        else:
            ipv6.append(network)
    if any(n.prefixlen == 0 for n in ipaddress.collapse_addresses(ipv4)):
        return WORLD_IPV4
    if any(n.prefixlen == 0 for n in ipaddress.collapse_addresses(ipv6)):
        return WORLD_IPV6
    return None


# --- Network ACLs -----------------------------------------------------------


@dataclass(frozen=True)
class AclEntry:
    rule_number: int
    action: str  # "allow" or "deny"
    ports: PortRange
    cidr: str


def ingress_entries(entries: Iterable[Mapping[str, Any]]) -> list[AclEntry]:
    """Return the inbound entries of a network ACL in evaluation order (rule number)."""
    found = []
    for entry in entries:
        if entry.get("Egress", False):
            continue
        port_range = entry.get("PortRange") or {}
        found.append(
            AclEntry(
                rule_number=int(entry["RuleNumber"]),
                action=str(entry.get("RuleAction", "")).lower(),
                ports=PortRange(
                    protocol_name(entry.get("Protocol", ALL_PROTOCOLS)),
                    _optional_int(port_range.get("From")),
                    _optional_int(port_range.get("To")),
                ),
                cidr=str(entry.get("CidrBlock") or entry.get("Ipv6CidrBlock") or ""),
            )
        )
    return sorted(found, key=lambda e: e.rule_number)


def world_decision(
    entries: Sequence[AclEntry], protocol: str, port: int, world: str
) -> AclEntry | None:
    """Return the entry that decides traffic from every address of ``world`` to a port.

    Network ACLs apply the lowest-numbered matching entry. Only entries
    whose source is the whole address family (``0.0.0.0/0`` or ``::/0``)
    decide for every internet address: a narrower deny still leaves the
    rest of the internet to the next entries, and a narrower allow does
    not open the port to everyone. ``None`` means no such entry matches,
    so the traffic falls through to the final implicit deny.
    """
    for entry in entries:
        if entry.cidr == world and entry.ports.reaches(protocol, port):
            return entry
    return None


def _optional_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"port {value!r} is not a number")
    if isinstance(value, int):
        return value
    return int(str(value))
