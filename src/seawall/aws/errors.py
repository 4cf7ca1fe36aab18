"""Sort the exceptions of an AWS API call into the CallStatus classes.

The error codes come from the AWS service API references and from
botocore's retry tables (``botocore/retries/standard.py``). A code that
no table lists is an ``error``, so an unknown failure never counts as
data.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from seawall.aws.html_errors import HtmlErrorPage
from seawall.aws.outcome import CallStatus


class AwsSetupError(Exception):
    """Credentials, profile, role or region setup that stops a scan before it starts.

    The message is one line that names the problem and the fix; the CLI
    prints it as is.
    """


# Exceptions of a botocore client call, other than programming errors.
# ResponseParserError does not derive from BotoCoreError, and moto
# in-process raises NotImplementedError for operations it lacks.
CALL_ERRORS = (ClientError, BotoCoreError, ResponseParserError, NotImplementedError)


class Classified(NamedTuple):
    status: CallStatus
    code: str
    message: str


_ACCESS_DENIED = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",  # EC2
        "UnauthorizedAccess",
        "AuthorizationError",  # SNS
        "AuthorizationErrorException",
        "Forbidden",
        "403",
    }
)
# Credentials were accepted by STS before collection starts, so these codes
# in one region mean the region is not enabled for the account (opt-in
# regions reject every call this way until they are enabled).
_NOT_ENABLED = frozenset(
    {
        "AWSOrganizationsNotInUseException",
        "InvalidAccessException",  # Security Hub not subscribed in this region
        "OptInRequired",
        "SubscriptionRequiredException",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "AuthFailure",  # EC2 in a disabled region
    }
)
_NOT_FOUND = frozenset(
    {
        "NoSuchEntity",
        "NoSuchBucket",
        "NoSuchBucketPolicy",
        "NoSuchPublicAccessBlockConfiguration",
        "ServerSideEncryptionConfigurationNotFoundError",
        "NoSuchConfiguration",
        "NoSuchConfigurationRecorderException",
        "NoSuchDeliveryChannelException",
        "ResourceNotFoundException",
        "NotFoundException",
        "NoSuchKey",
        "ReportNotPresent",
        "NoSuchTagSet",
        "TrailNotFoundException",
        "ParameterNotFound",
        "404",  # a HEAD request's 404 has no body, so botocore uses the status as code
    }
)
_NOT_IMPLEMENTED = frozenset({"NotImplemented", "NotImplementedError", "501"})
_THROTTLED = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)

# moto rejects operations it lacks with "Not yet implemented" (in-process)
# or with an HTML error page (moto_server); AWS itself never sends HTML.
_NOT_IMPLEMENTED_MESSAGE = re.compile(r"not yet implemented|<!doctype html|<html", re.IGNORECASE)
_HTML_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def classify_code(code: str, message: str = "") -> CallStatus:
    """Return the status for an AWS error code and its message."""
    if _NOT_IMPLEMENTED_MESSAGE.search(message) or code in _NOT_IMPLEMENTED:
        return CallStatus.NOT_IMPLEMENTED
    if code in _THROTTLED:
        return CallStatus.THROTTLED
    if code in _ACCESS_DENIED:
        return CallStatus.ACCESS_DENIED
    if code in _NOT_ENABLED:
        return CallStatus.NOT_ENABLED
    if code in _NOT_FOUND:
        return CallStatus.NOT_FOUND
    return CallStatus.ERROR


def classify_client_error(error: ClientError) -> Classified:
    """Return (status, error code, message) for a botocore ClientError."""
    info = error.response.get("Error", {})
    status_code = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    code = str(info.get("Code") or status_code or "Unknown")
    message = str(info.get("Message") or "")
    status = classify_code(code, message)
    if status is CallStatus.NOT_IMPLEMENTED:
        message = _describe_not_implemented(message)
    return Classified(status, code, message)


def classify_exception(error: BaseException) -> Classified:
    """Return (status, error code, message) for any exception an API call raised."""
    if isinstance(error, ClientError):
        return classify_client_error(error)
    code = type(error).__name__
    message = str(error)
    if isinstance(error, HtmlErrorPage):
        return Classified(CallStatus.NOT_IMPLEMENTED, code, message)
    if isinstance(error, NotImplementedError):
        # moto in-process raises this for operations it does not implement.
        return Classified(CallStatus.NOT_IMPLEMENTED, code, message or "not implemented")
    if isinstance(error, ResponseParserError) and _NOT_IMPLEMENTED_MESSAGE.search(message):
        return Classified(CallStatus.NOT_IMPLEMENTED, code, _describe_not_implemented(message))
    if isinstance(error, BotoCoreError | ResponseParserError):
        return Classified(CallStatus.ERROR, code, message)
    raise TypeError(f"not an AWS call error: {code}: {message}")


def _describe_not_implemented(message: str) -> str:
    """Shorten an HTML error page to its title, keeping other messages whole."""
    title = _HTML_TITLE.search(message)
    if title is None:
        return message
    return f"the endpoint returned an HTML page ({title.group(1).strip()}), not an AWS response"
