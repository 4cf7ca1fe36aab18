"""The AWS managed organization policies that AWS attaches by default.

``FullAWSAccess`` (SCP) and ``RCPFullAWSAccess`` (RCP) are attached to the root,
every OU and every account when the policy type is enabled ("Resource control
policies", AWS Organizations User Guide). ``RCPFullAWSAccess`` cannot be
detached, so every RCP level allows by default and only Deny statements in the
customer's RCPs restrict anything. Passing ``rcps=[]`` to ``evaluate`` is
therefore the same as passing ``[[RCP_FULL_AWS_ACCESS]]`` at every level.
"""

from __future__ import annotations

from seawall.policy.model import Policy
from seawall.policy.parse import parse_policy

FULL_AWS_ACCESS = parse_policy(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    },
    name="FullAWSAccess",
)

RCP_FULL_AWS_ACCESS = parse_policy(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}],
    },
    name="RCPFullAWSAccess",
)


def with_default_rcp(levels: list[list[Policy]]) -> list[list[Policy]]:
    """Add RCPFullAWSAccess to every level, as AWS does, so customer RCPs need only Deny."""
    return [[RCP_FULL_AWS_ACCESS, *level] for level in levels]
