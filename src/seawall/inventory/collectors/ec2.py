"""EC2 network filtering, flow logs, EBS default encryption and instances, per region."""

from __future__ import annotations

from seawall.inventory.collect import CollectContext, collector

SERVICE = "ec2"

_PAGINATED_OPERATIONS = (
    "DescribeSecurityGroups",
    "DescribeNetworkAcls",
    "DescribeVpcs",
    "DescribeFlowLogs",
    "DescribeInstances",
)


@collector(SERVICE, "regional")
def collect_ec2(ctx: CollectContext, region: str) -> None:
    for operation in _PAGINATED_OPERATIONS:
        ctx.call(SERVICE, operation, region=region, paginate=True)
    ctx.call(SERVICE, "GetEbsEncryptionByDefault", region=region)
