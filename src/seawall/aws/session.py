"""boto3 sessions and clients for a scan.

Credentials come from the standard chain (environment, shared config and
profiles, SSO, container and instance roles), optionally followed by an
``sts:AssumeRole`` into ``role_arn``. Every failure to set them up becomes
an ``AwsSetupError`` with one line that names the problem and the fix.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ProfileNotFound

from seawall.aws.credentials import describe_setup_failure
from seawall.aws.endpoint import configured_endpoint_url, keep_on_endpoint
from seawall.aws.errors import AwsSetupError
from seawall.aws.html_errors import register_html_error_handler

DEFAULT_REGION = "us-east-1"
DEFAULT_MAX_ATTEMPTS = 10
ROLE_SESSION_NAME = "seawall-scan"


@dataclass(frozen=True)
class SessionOptions:
    profile: str | None = None
    role_arn: str | None = None
    external_id: str | None = None
    regions: tuple[str, ...] = ()
    max_workers: int = 16
    # Total attempts per call, including the first, under adaptive retry mode.
    # None takes the AWS configuration's max_attempts (AWS_MAX_ATTEMPTS or the
    # profile's max_attempts), else DEFAULT_MAX_ATTEMPTS.
    max_attempts: int | None = None


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

    @property
    def config(self) -> Config:
        return Config(
            retries={"mode": "adaptive", "total_max_attempts": self.max_attempts},
            max_pool_connections=max(10, self.options.max_workers),
            user_agent_extra="seawall",
        )

    @property
    def max_attempts(self) -> int:
        if self.options.max_attempts is not None:
            return self.options.max_attempts
        # botocore resolves AWS_MAX_ATTEMPTS and the profile's max_attempts,
        # but an explicit retries config replaces them, so they are read here.
        configured = self.session._session.get_config_variable("max_attempts")
        return int(configured) if configured else DEFAULT_MAX_ATTEMPTS

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        with self._lock:
            existing = self._clients.get(key)
            if existing is not None:
                return existing
            config = self.config
            created = self.session.client(service, region_name=region, config=config)
            register_html_error_handler(created)
            if service == "s3control":
                endpoint_url = configured_endpoint_url(created, self.session, region, config)
                if endpoint_url is not None:
                    keep_on_endpoint(created, endpoint_url)
            self._clients[key] = created
            return created


def home_region(session: boto3.Session, options: SessionOptions) -> str:
    """Return the region for global APIs: the session's, else the first requested one."""
    if session.region_name:
        return str(session.region_name)
    if options.regions:
        return options.regions[0]
    # NOTE: a default outside the aws partition (China, GovCloud) must come
    # from the profile or AWS_DEFAULT_REGION.
    return DEFAULT_REGION


def create_session(options: SessionOptions) -> boto3.Session:
    """Build the base session from the credential chain, assuming ``role_arn`` if set."""
    try:
        base = boto3.Session(profile_name=options.profile)
    except ProfileNotFound as error:
        raise AwsSetupError(unknown_profile_message(options.profile or "", error)) from error
    if not options.role_arn:
        return base
    return assume_role(base, options)


def assume_role(base: boto3.Session, options: SessionOptions) -> boto3.Session:
    """Return a session with the temporary credentials of ``options.role_arn``."""
    assert options.role_arn is not None
    region = home_region(base, options)
    params: dict[str, Any] = {"RoleArn": options.role_arn, "RoleSessionName": ROLE_SESSION_NAME}
    if options.external_id:
        params["ExternalId"] = options.external_id
    try:
        sts = base.client("sts", region_name=region)
        # NOTE: the credentials are not refreshed, so a scan that runs longer
        # than the role's session duration (one hour by default) fails then.
        credentials = sts.assume_role(**params)["Credentials"]
    except (BotoCoreError, ClientError) as error:
        raise AwsSetupError(describe_setup_failure(error, options)) from error
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=base.region_name or region,
    )


def unknown_profile_message(profile: str, error: ProfileNotFound) -> str:
    # botocore's own session lists profiles without resolving the unknown one.
    available = sorted(botocore.session.Session().available_profiles)
    choices = ", ".join(available) if available else "none are configured"
    return (
        f"AWS profile '{profile}' not found ({error}); pass one of the configured "
        f"profiles with --profile ({choices}) or create it with 'aws configure --profile {profile}'"
    )
