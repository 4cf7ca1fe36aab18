"""Build the demo Snapshot: seed a moto account in-process and collect it.

Nothing leaves the process: moto's ``mock_aws`` intercepts every boto3
call, the credentials are fake, and the user's AWS configuration files,
profile and endpoint settings are hidden while the demo runs.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3

from seawall.aws.session import SessionOptions
from seawall.demo.names import PRIMARY_REGION, REGIONS
from seawall.demo.seed import seed_demo_account
from seawall.inventory.run import run_collection
from seawall.inventory.snapshot import Snapshot

log = logging.getLogger(__name__)

_LOAD_MANAGED_POLICIES = "MOTO_IAM_LOAD_MANAGED_POLICIES"
_FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# Variables that could point boto3 or moto at a real account, a profile or another endpoint.
_HIDDEN_PREFIXES = ("AWS_", "MOTO_")


def build_demo_snapshot() -> Snapshot:
    """Seed the demo account in moto and return its collected Snapshot."""
    with _isolated_environment():
        from moto import mock_aws

        with mock_aws():
            started = time.perf_counter()
            session = boto3.Session(region_name=PRIMARY_REGION, **_session_credentials())
            _load_managed_policies(session)
            seed_demo_account(session)
            seeded = time.perf_counter()
            snapshot = run_collection(SessionOptions(regions=REGIONS), session=session)
            log.info(
                "demo account seeded in %.1f s and collected in %.1f s",
                seeded - started,
                time.perf_counter() - seeded,
            )
    return snapshot


def _load_managed_policies(session: boto3.Session) -> None:
    """Make moto build the demo account's IAM with the AWS managed policies, and only it.

    moto 5.2.5 reads MOTO_IAM_LOAD_MANAGED_POLICIES each time it builds an
    IAM backend, once per account and partition, and again on reset. Parsing
    the 1,582 bundled policies takes about 0.2 s per backend, so the setting
    is on only for the first IAM call, which builds the demo account's
    backends. Organization member accounts and the reset at exit skip it.
    """
    os.environ[_LOAD_MANAGED_POLICIES] = "true"
    try:
        session.client("iam", region_name=PRIMARY_REGION).list_policies(Scope="AWS", MaxItems=1)
    finally:
        del os.environ[_LOAD_MANAGED_POLICIES]


def _session_credentials() -> dict[str, str]:
    return {
        "aws_access_key_id": _FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": _FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    }


@contextmanager
def _isolated_environment() -> Iterator[None]:
    """Replace every AWS_ and MOTO_ variable for the duration, then restore them all."""
    saved = {name: value for name, value in os.environ.items() if name.startswith(_HIDDEN_PREFIXES)}
    with tempfile.TemporaryDirectory(prefix="seawall-demo-") as empty_dir:
        config_file = Path(empty_dir, "config")
        credentials_file = Path(empty_dir, "credentials")
        config_file.touch()
        credentials_file.touch()
        for name in saved:
            del os.environ[name]
        os.environ.update(
            _FAKE_CREDENTIALS,
            AWS_DEFAULT_REGION=PRIMARY_REGION,
            AWS_CONFIG_FILE=str(config_file),
            AWS_SHARED_CREDENTIALS_FILE=str(credentials_file),
        )
        try:
            yield
        finally:
            for name in [n for n in os.environ if n.startswith(_HIDDEN_PREFIXES)]:
                del os.environ[name]
            os.environ.update(saved)
