from __future__ import annotations

from collections.abc import Callable

import boto3

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.ec2 import collect_ec2

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
OPERATIONS = (
    "DescribeSecurityGroups",
    "DescribeNetworkAcls",
    "DescribeVpcs",
    "DescribeFlowLogs",
    "GetEbsEncryptionByDefault",
    "DescribeInstances",
)


def test_ec2_records(session: boto3.Session, ctx: CollectContext, statuses: Statuses) -> None:
    ec2 = session.client("ec2", region_name=REGION)
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group_id = ec2.create_security_group(GroupName="ssh", Description="ssh", VpcId=vpc_id)[
        "GroupId"
    ]
    ec2.authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    ec2.enable_ebs_encryption_by_default()

    collect_ec2(ctx, REGION)

    assert statuses() == {("ec2", REGION, operation, ""): "ok" for operation in OPERATIONS}
    groups = ctx.snapshot.get("ec2", "DescribeSecurityGroups", REGION)
    assert groups is not None
    ssh = next(g for g in groups.data["SecurityGroups"] if g["GroupId"] == group_id)
    assert ssh["IpPermissions"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]
    ebs = ctx.snapshot.get("ec2", "GetEbsEncryptionByDefault", REGION)
    assert ebs is not None
    assert ebs.data["EbsEncryptionByDefault"] is True
    vpcs = ctx.snapshot.get("ec2", "DescribeVpcs", REGION)
    assert vpcs is not None
    assert vpc_id in {vpc["VpcId"] for vpc in vpcs.data["Vpcs"]}


def test_ec2_denied_one_operation(
    ctx: CollectContext, deny: Callable[[str, str], None], statuses: Statuses
) -> None:
    deny("ec2", "DescribeFlowLogs")

    collect_ec2(ctx, REGION)

    expected = {("ec2", REGION, operation, ""): "ok" for operation in OPERATIONS}
    expected["ec2", REGION, "DescribeFlowLogs", ""] = "access_denied"
    assert statuses() == expected
