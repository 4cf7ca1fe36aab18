"""Sort botocore errors into the CallStatus classes."""

from __future__ import annotations

from botocore.exceptions import ClientError

from seawall.aws.outcome import CallStatus

_ACCESS_DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
    "AuthorizationErrorException",
    "Forbidden",
    "403",
}
_NOT_ENABLED = {
    "AWSOrganizationsNotInUseException",
    "InvalidAccessException",  # Security Hub not subscribed in this region
    "OptInRequired",
    "SubscriptionRequiredException",
    "AccessAnalyzerNotEnabled",
    "InvalidClientTokenId",  # region not enabled for this account
    "UnrecognizedClientException",
}
_NOT_FOUND = {
    "NoSuchEntity",
    "NoSuchBucketPolicy",
    "NoSuchPublicAccessBlockConfiguration",
    "ServerSideEncryptionConfigurationNotFoundError",
    "NoSuchConfiguration",
    "ResourceNotFoundException",
    "NotFoundException",
    "NoSuchKey",
    "ReportNotPresent",
    "NoSuchTagSet",
    "TrailNotFoundException",
    "ParameterNotFound",
    "404",
}
_NOT_IMPLEMENTED = {"NotImplemented", "NotImplementedError", "InternalFailure", "501"}
_THROTTLED = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "SlowDown",
    "RequestThrottled",
    "RequestThrottledException",
    "Rate exceeded",
}


def classify_client_error(error: ClientError) -> tuple[CallStatus, str, str]:
    """Return (status, error code, message) for a botocore ClientError."""
    info = error.response.get("Error", {})
    code = str(info.get("Code") or error.response.get("ResponseMetadata", {}).get("HTTPStatusCode"))
    message = str(info.get("Message") or "")
    return classify_code(code, message), code, message


def classify_code(code: str, message: str = "") -> CallStatus:
    if code in _THROTTLED:
        return CallStatus.THROTTLED
    if code in _ACCESS_DENIED or "not authorized" in message.lower():
        return CallStatus.ACCESS_DENIED
    if code in _NOT_ENABLED:
        return CallStatus.NOT_ENABLED
    if code in _NOT_FOUND:
        return CallStatus.NOT_FOUND
    if code in _NOT_IMPLEMENTED or "not yet implemented" in message.lower():
        return CallStatus.NOT_IMPLEMENTED
    return CallStatus.ERROR
