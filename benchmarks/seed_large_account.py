"""Seed a moto_server with a large account for the scan benchmark.

Sizes: 1,500 IAM users and 1,500 roles, 2,000 customer-managed policies,
1,000 buckets, 500 security groups, 300 KMS keys and 300 secrets, spread
over three regions. Only plain boto3 calls, sent to the endpoint in
AWS_ENDPOINT_URL (a moto_server on 127.0.0.1).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import boto3
from botocore.config import Config

log = logging.getLogger(__name__)

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
T = TypeVar("T")


@dataclass(frozen=True)
class AccountSize:
    users: int = 1500
    roles: int = 1500
    policies: int = 2000
    buckets: int = 1000
    security_groups: int = 500
    kms_keys: int = 300
    secrets: int = 300


def _policy_document(index: int) -> str:
    actions = [["s3:GetObject", "s3:ListBucket"], ["ec2:Describe*"], ["kms:Decrypt"], ["*"]]
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": actions[index % len(actions)],
                    "Resource": "*" if index % 3 else f"arn:aws:s3:::bucket-{index}/*",
                }
            ],
        }
    )


_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def _run(pool: ThreadPoolExecutor, func: Callable[[T], Any], items: Iterable[T]) -> None:
    for future in [pool.submit(func, item) for item in items]:
        future.result()


def seed(session: boto3.Session, size: AccountSize, workers: int = 8) -> None:
    # moto_server's IAM answered concurrent writes with an HTML 500 page
    # (seen with 32 threads), which botocore cannot parse or retry, so IAM is
    # seeded from one thread and the other services from ``workers``.
    config = Config(retries={"mode": "standard", "max_attempts": 10})

    def client(service: str, region: str = "us-east-1") -> Any:
        return session.client(service, region_name=region, config=config)

    iam = client("iam")
    s3 = client("s3")
    ec2 = {r: client("ec2", r) for r in REGIONS}
    kms = {r: client("kms", r) for r in REGIONS}
    secrets = {r: client("secretsmanager", r) for r in REGIONS}
    account = client("sts").get_caller_identity()["Account"]

    def create_policy(i: int) -> None:
        iam.create_policy(PolicyName=f"bench-policy-{i}", PolicyDocument=_policy_document(i))

    def create_user(i: int) -> None:
        name = f"bench-user-{i}"
        iam.create_user(UserName=name)
        iam.attach_user_policy(
            UserName=name,
            PolicyArn=f"arn:aws:iam::{account}:policy/bench-policy-{i % size.policies}",
        )
        if i % 2 == 0:
            iam.create_access_key(UserName=name)

    def create_role(i: int) -> None:
        name = f"bench-role-{i}"
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=_TRUST)
        iam.put_role_policy(RoleName=name, PolicyName="inline", PolicyDocument=_policy_document(i))

    def create_bucket(i: int) -> None:
        region = REGIONS[i % len(REGIONS)]
        params: dict[str, Any] = {"Bucket": f"bench-bucket-{i:04d}"}
        if region != "us-east-1":
            params["CreateBucketConfiguration"] = {"LocationConstraint": region}
        s3.create_bucket(**params)

    def create_security_group(i: int) -> None:
        client = ec2[REGIONS[i % len(REGIONS)]]
        group = client.create_security_group(GroupName=f"bench-sg-{i}", Description="benchmark")
        port = 22 if i % 5 == 0 else 443
        client.authorize_security_group_ingress(
            GroupId=group["GroupId"],
            IpPermissions=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": port,
                    "ToPort": port,
                    "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                }
            ],
        )

    def create_key(i: int) -> None:
        client = kms[REGIONS[i % len(REGIONS)]]
        key_id = client.create_key(Description=f"bench-key-{i}")["KeyMetadata"]["KeyId"]
        if i % 2 == 0:
            client.enable_key_rotation(KeyId=key_id)

    def create_secret(i: int) -> None:
        client = secrets[REGIONS[i % len(REGIONS)]]
        # A benchmark placeholder, not a credential.
        client.create_secret(Name=f"bench-secret-{i}", SecretString="placeholder")

    steps: list[tuple[str, Callable[[int], None], int, int]] = [
        ("policies", create_policy, size.policies, 1),
        ("users", create_user, size.users, 1),
        ("roles", create_role, size.roles, 1),
        ("buckets", create_bucket, size.buckets, workers),
        ("security groups", create_security_group, size.security_groups, workers),
        ("KMS keys", create_key, size.kms_keys, workers),
        ("secrets", create_secret, size.secrets, workers),
    ]
    for label, func, count, threads in steps:
        log.info("seeding %d %s", count, label)
        with ThreadPoolExecutor(max_workers=threads) as pool:
            _run(pool, func, range(count))
