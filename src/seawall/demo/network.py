"""Demo VPC filtering, flow logs, EBS default encryption and instance metadata settings."""

from __future__ import annotations

from typing import Any

import boto3

from seawall.demo.names import ACCOUNT_ID, PRIMARY_REGION, SECONDARY_REGION


def seed_network(session: boto3.Session) -> None:
    """Seed the primary region with mixed settings and leave the secondary mostly default."""
    ec2 = session.client("ec2", region_name=PRIMARY_REGION)
    vpc_id = ec2.create_vpc(CidrBlock="10.10.0.0/16")["Vpc"]["VpcId"]
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.10.1.0/24")["Subnet"]["SubnetId"]

    _seed_security_groups(ec2, vpc_id)
    _seed_network_acl(ec2, vpc_id)
    # The new VPC has flow logs; the default VPC has none.
    ec2.create_flow_logs(
        ResourceIds=[vpc_id],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogGroupName="vpc-flow-logs",
        DeliverLogsPermissionArn=f"arn:aws:iam::{ACCOUNT_ID}:role/flow-logs-delivery",
    )
    ec2.enable_ebs_encryption_by_default()
    _seed_instances(ec2, subnet_id)
    _empty_default_security_group(session.client("ec2", region_name=SECONDARY_REGION))


def _seed_security_groups(ec2: Any, vpc_id: str) -> None:
    bastion = ec2.create_security_group(
        GroupName="bastion-ssh", Description="SSH from anywhere", VpcId=vpc_id
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=bastion, IpPermissions=[_tcp_rule(22, "0.0.0.0/0")]
    )
    internal = ec2.create_security_group(
        GroupName="web-internal", Description="HTTPS inside the VPC", VpcId=vpc_id
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=internal, IpPermissions=[_tcp_rule(443, "10.10.0.0/16")]
    )
    # The default security group of the new VPC gets an extra open rule.
    default = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"][0]["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=default, IpPermissions=[_tcp_rule(80, "0.0.0.0/0")]
    )


def _tcp_rule(port: int, cidr: str) -> dict[str, Any]:
    return {
        "IpProtocol": "tcp",
        "FromPort": port,
        "ToPort": port,
        "IpRanges": [{"CidrIp": cidr}],
    }


def _seed_network_acl(ec2: Any, vpc_id: str) -> None:
    acl_id = ec2.create_network_acl(VpcId=vpc_id)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(
        NetworkAclId=acl_id,
        RuleNumber=100,
        Protocol="6",
        RuleAction="allow",
        Egress=False,
        CidrBlock="0.0.0.0/0",
        PortRange={"From": 3389, "To": 3389},
    )
    ec2.create_network_acl_entry(
        NetworkAclId=acl_id,
        RuleNumber=110,
        Protocol="6",
        RuleAction="allow",
        Egress=False,
        CidrBlock="10.10.0.0/16",
        PortRange={"From": 443, "To": 443},
    )


def _seed_instances(ec2: Any, subnet_id: str) -> None:
    image_id = ec2.describe_images(
        Owners=["amazon"], Filters=[{"Name": "name", "Values": ["amzn2-ami-hvm-*"]}]
    )["Images"][0]["ImageId"]
    for name, tokens in (("app-imdsv2", "required"), ("legacy-imdsv1", "optional")):
        ec2.run_instances(
            ImageId=image_id,
            InstanceType="t3.micro",
            MinCount=1,
            MaxCount=1,
            SubnetId=subnet_id,
            MetadataOptions={"HttpTokens": tokens, "HttpEndpoint": "enabled"},
            TagSpecifications=[
                {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}
            ],
        )


def _empty_default_security_group(ec2: Any) -> None:
    """Remove every rule of the default VPC's default security group, as CIS recommends."""
    group = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])[
        "SecurityGroups"
    ][0]
    if group["IpPermissions"]:
        ec2.revoke_security_group_ingress(
            GroupId=group["GroupId"], IpPermissions=group["IpPermissions"]
        )
    if group["IpPermissionsEgress"]:
        ec2.revoke_security_group_egress(
            GroupId=group["GroupId"], IpPermissions=group["IpPermissionsEgress"]
        )
