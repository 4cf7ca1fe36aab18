"""boto3 sessions and clients for a scan.

Credentials come from the standard chain (environment, shared config and
profiles, SSO, container and instance roles), optionally followed by an
``sts:AssumeRole`` into ``role_arn``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config


@dataclass(frozen=True)
class SessionOptions:
    profile: str | None = None
    role_arn: str | None = None
    external_id: str | None = None
    regions: tuple[str, ...] = ()
    max_workers: int = 16
    # Total attempts per call, including the first, under adaptive retry mode.
    max_attempts: int = 10


@dataclass
class ClientFactory:
    """Create boto3 clients once per (service, region) and share them across threads.

    boto3 clients are thread-safe; sessions are not, so client creation is
    serialized by a lock.
    """

    session: boto3.Session
    options: SessionOptions = field(default_factory=SessionOptions)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        with self._lock:
            existing = self._clients.get(key)
            if existing is not None:
                return existing
            config = Config(
                retries={"mode": "adaptive", "max_attempts": self.options.max_attempts},
                max_pool_connections=max(10, self.options.max_workers),
                user_agent_extra="seawall",
            )
            created = self.session.client(service, region_name=region, config=config)
            self._clients[key] = created
            return created


def create_session(options: SessionOptions) -> boto3.Session:
    """Build the base session from the credential chain, assuming ``role_arn`` if set."""
    base = boto3.Session(profile_name=options.profile)
    if not options.role_arn:
        return base
    sts = base.client("sts")
    params: dict[str, Any] = {"RoleArn": options.role_arn, "RoleSessionName": "seawall-scan"}
    if options.external_id:
        params["ExternalId"] = options.external_id
    credentials = sts.assume_role(**params)["Credentials"]
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=base.region_name,
    )
