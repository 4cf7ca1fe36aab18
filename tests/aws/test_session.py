"""Sessions, role assumption and the one-line setup errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from seawall.aws.credentials import NO_CREDENTIALS
from seawall.aws.errors import AwsSetupError
from seawall.aws.session import (
    ClientFactory,
    SessionOptions,
    assume_role,
    create_session,
    home_region,
)
from seawall.inventory.run import run_collection

ROLE_ARN = "arn:aws:iam::123456789012:role/audit"


@pytest.fixture
def mocked() -> Iterator[None]:
    with mock_aws():
        yield


def failing(code: str, message: str) -> Callable[..., None]:
    """Return a before-call handler that fails the call as AWS would."""

    def raise_error(model: Any, **_: Any) -> None:
        raise ClientError({"Error": {"Code": code, "Message": message}}, model.name)

    return raise_error


def test_no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")

    with pytest.raises(AwsSetupError) as raised:
        run_collection(SessionOptions(), collectors=[])

    assert str(raised.value) == NO_CREDENTIALS


def test_unknown_profile_lists_configured(fake_aws_environment: Path) -> None:
    fake_aws_environment.write_text("[profile audit]\nregion = eu-west-1\n[default]\n")

    with pytest.raises(AwsSetupError) as raised:
        create_session(SessionOptions(profile="prod"))

    message = str(raised.value)
    assert message.startswith("AWS profile 'prod' not found (")
    assert message.endswith(
        "pass one of the configured profiles with --profile (audit, default) "
        "or create it with 'aws configure --profile prod'"
    )


@pytest.mark.usefixtures("mocked")
def test_expired_token() -> None:
    session = boto3.Session(region_name="us-east-1")
    session.events.register(
        "before-call.sts.GetCallerIdentity",
        failing("ExpiredToken", "The security token included in the request is expired"),
    )

    with pytest.raises(AwsSetupError) as raised:
        run_collection(SessionOptions(), session=session, collectors=[])

    assert str(raised.value) == (
        "the AWS credentials have expired (ExpiredToken); refresh them, for example with "
        "'aws sso login' or new temporary credentials, and run again"
    )


@pytest.mark.usefixtures("mocked")
def test_rejected_credentials() -> None:
    session = boto3.Session(region_name="us-east-1")
    session.events.register(
        "before-call.sts.GetCallerIdentity",
        failing("InvalidClientTokenId", "The security token included in the request is invalid."),
    )

    with pytest.raises(AwsSetupError) as raised:
        run_collection(SessionOptions(), session=session, collectors=[])

    assert str(raised.value) == (
        "AWS rejected the credentials (InvalidClientTokenId: The security token included "
        "in the request is invalid.); check the access key, the secret and the session "
        "token, or pick another --profile"
    )


@pytest.mark.usefixtures("mocked")
def test_role_cannot_be_assumed() -> None:
    base = boto3.Session(region_name="us-east-1")
    base.events.register(
        "before-call.sts.AssumeRole",
        failing("AccessDenied", "User is not authorized to perform: sts:AssumeRole"),
    )
    options = SessionOptions(role_arn=ROLE_ARN, external_id="wrong")

    with pytest.raises(AwsSetupError) as raised:
        assume_role(base, options)

    assert str(raised.value) == (
        f"cannot assume role {ROLE_ARN} (AccessDenied: User is not authorized to perform: "
        "sts:AssumeRole); check that the role's trust policy allows your identity "
        "and that --external-id matches"
    )


@pytest.mark.usefixtures("mocked")
def test_assume_role_passes_external_id() -> None:
    base = boto3.Session(region_name="eu-west-1")
    sent: list[dict[str, Any]] = []
    base.events.register(
        "provide-client-params.sts.AssumeRole", lambda params, **_: sent.append(dict(params))
    )

    assumed = assume_role(base, SessionOptions(role_arn=ROLE_ARN, external_id="ext-1"))
    identity = assumed.client("sts").get_caller_identity()

    assert sent == [{"RoleArn": ROLE_ARN, "RoleSessionName": "seawall-scan", "ExternalId": "ext-1"}]
    assert identity["Arn"] == "arn:aws:sts::123456789012:assumed-role/audit/seawall-scan"
    assert assumed.region_name == "eu-west-1"


@pytest.mark.usefixtures("mocked")
def test_unknown_region_names_valid_ones() -> None:
    session = boto3.Session(region_name="us-east-1")

    with pytest.raises(AwsSetupError) as raised:
        run_collection(SessionOptions(regions=("us-east-9",)), session=session, collectors=[])

    message = str(raised.value)
    assert message.startswith("unknown region 'us-east-9'; pass --region with one of: ")
    assert "us-east-1, us-east-2, us-west-1, us-west-2" in message


@pytest.mark.parametrize(
    ("session_region", "requested", "expected"),
    [
        pytest.param("eu-west-1", ("us-east-1",), "eu-west-1", id="session"),
        pytest.param(None, ("ap-south-1", "us-east-1"), "ap-south-1", id="first-requested"),
        pytest.param(None, (), "us-east-1", id="default"),
    ],
)
def test_home_region(
    monkeypatch: pytest.MonkeyPatch,
    session_region: str | None,
    requested: tuple[str, ...],
    expected: str,
) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    session = boto3.Session(region_name=session_region)

    assert home_region(session, SessionOptions(regions=requested)) == expected


def test_factory_reuses_clients_with_adaptive_retries() -> None:
    factory = ClientFactory(boto3.Session(), SessionOptions(max_attempts=4))

    first = factory.client("iam", "us-east-1")
    second = factory.client("iam", "us-east-1")

    assert first is second
    assert first.meta.config.retries == {"mode": "adaptive", "total_max_attempts": 4}


@pytest.mark.parametrize(
    ("environment", "requested", "expected"),
    [
        pytest.param(None, None, 10, id="default"),
        pytest.param("3", None, 3, id="aws-max-attempts"),
        pytest.param("3", 5, 5, id="option-wins"),
    ],
)
def test_factory_max_attempts_sources(
    monkeypatch: pytest.MonkeyPatch, environment: str | None, requested: int | None, expected: int
) -> None:
    if environment is None:
        monkeypatch.delenv("AWS_MAX_ATTEMPTS", raising=False)
    else:
        monkeypatch.setenv("AWS_MAX_ATTEMPTS", environment)

    factory = ClientFactory(boto3.Session(), SessionOptions(max_attempts=requested))

    assert factory.config.retries == {"mode": "adaptive", "total_max_attempts": expected}
