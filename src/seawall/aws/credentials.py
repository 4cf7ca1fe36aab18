"""Turn credential and role failures into one line that names the problem and the fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    CredentialRetrievalError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    SSOError,
    TokenRetrievalError,
)

if TYPE_CHECKING:
    from seawall.aws.session import SessionOptions

_EXPIRED = frozenset({"ExpiredToken", "ExpiredTokenException", "RequestExpired"})
_REJECTED = frozenset(
    {"InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "AuthFailure"}
)

NO_CREDENTIALS = (
    "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
    "pass --profile, or run 'aws configure' or 'aws sso login'"
)


def describe_setup_failure(error: BotoCoreError | ClientError, options: SessionOptions) -> str:
    """Return the one-line message for an error raised while credentials were set up."""
    if isinstance(error, ClientError):
        return _describe_client_error(error, options)
    if isinstance(error, NoCredentialsError):
        return NO_CREDENTIALS
    if isinstance(error, PartialCredentialsError):
        return f"incomplete AWS credentials ({error}); set both the access key id and the secret"
    if isinstance(error, SSOError | TokenRetrievalError):
        profile = f" --profile {options.profile}" if options.profile else ""
        return f"the AWS SSO session is missing or expired ({error}); run 'aws sso login{profile}'"
    if isinstance(error, CredentialRetrievalError):
        return (
            f"could not get AWS credentials ({error}); check the credential source of the profile"
        )
    if isinstance(error, EndpointConnectionError):
        return f"could not reach AWS ({error}); check the network, the proxy and AWS_ENDPOINT_URL"
    return f"could not set up AWS credentials: {type(error).__name__}: {error}"


def _describe_client_error(error: ClientError, options: SessionOptions) -> str:
    info = error.response.get("Error", {})
    code = str(info.get("Code") or "Unknown")
    message = str(info.get("Message") or "")
    if code in _EXPIRED:
        return (
            f"the AWS credentials have expired ({code}); refresh them, for example with "
            "'aws sso login' or new temporary credentials, and run again"
        )
    if error.operation_name == "AssumeRole":
        role = options.role_arn or "the profile's role"
        external = " and that --external-id matches" if options.external_id else ""
        return (
            f"cannot assume role {role} ({code}: {message}); check that the role's trust "
            f"policy allows your identity{external}"
        )
    if code in _REJECTED:
        return (
            f"AWS rejected the credentials ({code}: {message}); check the access key, "
            "the secret and the session token, or pick another --profile"
        )
    return f"could not verify the AWS credentials ({code}: {message})"
