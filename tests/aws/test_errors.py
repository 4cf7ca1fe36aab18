"""Classification of AWS call errors, with codes and messages as AWS and moto send them."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
)
from botocore.parsers import ResponseParserError
from moto import mock_aws

from seawall.aws.errors import Classified, classify_code, classify_exception
from seawall.aws.outcome import CallStatus

HTML_500 = (
    "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
    "<h1>Internal Server Error</h1>\n"
)


def client_error(code: str, message: str = "", http_status: int = 400) -> ClientError:
    response = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": http_status},
    }
    return ClientError(response, "SomeOperation")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        pytest.param(
            "AccessDenied", "User is not authorized", CallStatus.ACCESS_DENIED, id="iam-denied"
        ),
        pytest.param("AccessDeniedException", "", CallStatus.ACCESS_DENIED, id="json-denied"),
        pytest.param("UnauthorizedOperation", "", CallStatus.ACCESS_DENIED, id="ec2-denied"),
        pytest.param("AuthorizationError", "", CallStatus.ACCESS_DENIED, id="sns-denied"),
        pytest.param("AWSOrganizationsNotInUseException", "", CallStatus.NOT_ENABLED, id="no-org"),
        pytest.param(
            "InvalidAccessException", "not subscribed", CallStatus.NOT_ENABLED, id="securityhub-off"
        ),
        pytest.param("OptInRequired", "", CallStatus.NOT_ENABLED, id="opt-in"),
        pytest.param(
            "UnrecognizedClientException", "", CallStatus.NOT_ENABLED, id="region-disabled"
        ),
        pytest.param("NoSuchEntity", "", CallStatus.NOT_FOUND, id="iam-no-entity"),
        pytest.param("NoSuchBucketPolicy", "", CallStatus.NOT_FOUND, id="no-bucket-policy"),
        pytest.param(
            "ServerSideEncryptionConfigurationNotFoundError", "", CallStatus.NOT_FOUND, id="no-sse"
        ),
        pytest.param("NoSuchPublicAccessBlockConfiguration", "", CallStatus.NOT_FOUND, id="no-pab"),
        pytest.param("ResourceNotFoundException", "", CallStatus.NOT_FOUND, id="json-not-found"),
        pytest.param("404", "Not Found", CallStatus.NOT_FOUND, id="head-404"),
        pytest.param("404", "Not yet implemented", CallStatus.NOT_IMPLEMENTED, id="moto-404"),
        pytest.param("500", HTML_500, CallStatus.NOT_IMPLEMENTED, id="moto-server-500"),
        pytest.param("NotImplemented", "", CallStatus.NOT_IMPLEMENTED, id="not-implemented"),
        pytest.param("Throttling", "Rate exceeded", CallStatus.THROTTLED, id="query-throttle"),
        pytest.param("ThrottlingException", "", CallStatus.THROTTLED, id="json-throttle"),
        pytest.param("RequestLimitExceeded", "", CallStatus.THROTTLED, id="ec2-throttle"),
        pytest.param("SlowDown", "", CallStatus.THROTTLED, id="s3-throttle"),
        pytest.param(
            "InternalError", "We encountered an internal error", CallStatus.ERROR, id="aws-500"
        ),
        pytest.param("InternalFailure", "", CallStatus.ERROR, id="internal-failure"),
        pytest.param("ValidationException", "bad input", CallStatus.ERROR, id="validation"),
        pytest.param("SomethingNew", "", CallStatus.ERROR, id="unknown-code"),
    ],
)
def test_classify_code(code: str, message: str, expected: CallStatus) -> None:
    assert classify_code(code, message) is expected


def test_client_error_keeps_code_and_message() -> None:
    result = classify_exception(client_error("NoSuchEntity", "no password policy", 404))

    assert result == Classified(CallStatus.NOT_FOUND, "NoSuchEntity", "no password policy")


def test_client_error_without_code_uses_http_status() -> None:
    response = {"Error": {}, "ResponseMetadata": {"HTTPStatusCode": 403}}
    error = ClientError(response, "HeadBucket")  # type: ignore[arg-type]

    assert classify_exception(error) == Classified(CallStatus.ACCESS_DENIED, "403", "")


def test_html_page_shortened_to_title() -> None:
    result = classify_exception(client_error("500", HTML_500, 500))

    expected = "the endpoint returned an HTML page (500 Internal Server Error), not an AWS response"
    assert result == Classified(CallStatus.NOT_IMPLEMENTED, "500", expected)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        pytest.param(
            NotImplementedError("The list_analyzers action has not been implemented"),
            Classified(
                CallStatus.NOT_IMPLEMENTED,
                "NotImplementedError",
                "The list_analyzers action has not been implemented",
            ),
            id="moto-in-process",
        ),
        pytest.param(
            EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
            Classified(
                CallStatus.ERROR,
                "EndpointConnectionError",
                'Could not connect to the endpoint URL: "http://127.0.0.1:9"',
            ),
            id="connection",
        ),
        pytest.param(
            ConnectTimeoutError(endpoint_url="http://127.0.0.1:9"),
            Classified(
                CallStatus.ERROR,
                "ConnectTimeoutError",
                'Connect timeout on endpoint URL: "http://127.0.0.1:9"',
            ),
            id="timeout",
        ),
        pytest.param(
            NoCredentialsError(),
            Classified(CallStatus.ERROR, "NoCredentialsError", "Unable to locate credentials"),
            id="no-credentials",
        ),
        pytest.param(
            ResponseParserError(f"Unable to parse response, invalid XML received:\n{HTML_500}"),
            Classified(
                CallStatus.NOT_IMPLEMENTED,
                "ResponseParserError",
                "the endpoint returned an HTML page (500 Internal Server Error), "
                "not an AWS response",
            ),
            id="html-unparsable",
        ),
        pytest.param(
            ResponseParserError("Unable to parse response: truncated"),
            Classified(
                CallStatus.ERROR, "ResponseParserError", "Unable to parse response: truncated"
            ),
            id="garbled",
        ),
    ],
)
def test_classify_exception(error: BaseException, expected: Classified) -> None:
    assert classify_exception(error) == expected


def test_classify_exception_rejects_other_errors() -> None:
    with pytest.raises(TypeError, match="not an AWS call error: KeyError"):
        classify_exception(KeyError("Account"))


@pytest.mark.parametrize(
    ("service", "operation", "params", "expected"),
    [
        pytest.param(
            "accessanalyzer", "list_analyzers", {}, CallStatus.NOT_IMPLEMENTED, id="access-analyzer"
        ),
        pytest.param(
            "securityhub",
            "get_enabled_standards",
            {},
            CallStatus.NOT_IMPLEMENTED,
            id="securityhub-standards",
        ),
        pytest.param(
            "organizations",
            "describe_organization",
            {},
            CallStatus.NOT_ENABLED,
            id="no-organization",
        ),
        pytest.param(
            "iam", "get_account_password_policy", {}, CallStatus.NOT_FOUND, id="no-password-policy"
        ),
        pytest.param("iam", "get_credential_report", {}, CallStatus.NOT_FOUND, id="no-report"),
    ],
)
def test_moto_in_process_errors(
    service: str, operation: str, params: dict[str, str], expected: CallStatus
) -> None:
    with mock_aws():
        client = boto3.client(service, region_name="us-east-1")
        with pytest.raises(ClientError) as raised:
            getattr(client, operation)(**params)

    assert classify_exception(raised.value).status is expected
