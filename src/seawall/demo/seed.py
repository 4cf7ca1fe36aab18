"""Seed a demo account with compliant and non-compliant resources in every practice area.

Only plain boto3 calls on the given session, so the same seed runs against
moto in-process (``mock_aws``) and against a ``moto_server`` reached through
``AWS_ENDPOINT_URL``. IAM managed policies must be loaded in moto first
(``MOTO_IAM_LOAD_MANAGED_POLICIES=true`` before moto starts).
"""

from __future__ import annotations

import logging

import boto3

from seawall.demo.data import DATA_KEY_ALIAS, TRAIL_KEY_ALIAS, seed_kms, seed_s3, seed_secrets
from seawall.demo.detection import (
    seed_account,
    seed_cloudtrail,
    seed_config,
    seed_guardduty,
    seed_monitoring,
    seed_security_hub,
)
from seawall.demo.identity import seed_iam, seed_organization
from seawall.demo.network import seed_network

log = logging.getLogger(__name__)


def seed_demo_account(session: boto3.Session) -> None:
    """Create the demo organization's resources in us-east-1 and eu-west-1."""
    # IAM first: Lambda, Config, CloudTrail and flow logs refer to its roles.
    seed_iam(session)
    seed_organization(session)
    key_arns = seed_kms(session)
    seed_secrets(session)
    seed_s3(session, key_arns[DATA_KEY_ALIAS])
    seed_security_hub(session)
    seed_guardduty(session)
    seed_config(session)
    seed_cloudtrail(session, key_arns[TRAIL_KEY_ALIAS])
    seed_monitoring(session)
    seed_network(session)
    seed_account(session)
    log.info("seeded the demo account")
