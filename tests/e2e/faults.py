"""Inject AWS error responses at the HTTP layer of a boto3 session.

A ``before-send`` handler that returns an ``AWSResponse`` replaces the HTTP
request: botocore parses that response as if the endpoint had sent it, so
the error body must follow the service's protocol for botocore to find the
error code. The handlers answer before the request leaves the process,
so these tests need a moto_server: in-process ``mock_aws`` also returns its
responses from a ``before-send`` handler, which is registered before ours.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.session
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

Handler = Callable[..., AWSResponse | None]


@dataclass(frozen=True)
class ErrorCodes:
    """The error codes a service's protocol uses for access denied and throttling."""

    access_denied: str
    throttling: str


# Codes as the services send them: the json protocols use the
# exception shape name, query and rest-xml the short code, EC2 its own names.
_CODES_BY_PROTOCOL = {
    "json": ErrorCodes("AccessDeniedException", "ThrottlingException"),
    "rest-json": ErrorCodes("AccessDeniedException", "ThrottlingException"),
    "query": ErrorCodes("AccessDenied", "Throttling"),
    "rest-xml": ErrorCodes("AccessDenied", "Throttling"),
    "ec2": ErrorCodes("UnauthorizedOperation", "RequestLimitExceeded"),
}
# SNS denies with its own code, which seawall must also classify as access denied.
_CODES_BY_SERVICE = {"sns": ErrorCodes("AuthorizationError", "Throttling")}


def service_protocol(service: str) -> str:
    """Return the wire protocol botocore's clients use for ``service``.

    A service may offer several (CloudWatch: CBOR, JSON and query); botocore
    picks by its own priority, which ``resolved_protocol`` applies.
    """
    model = botocore.session.get_session().get_service_model(service)
    return str(model.resolved_protocol)


def service_event_id(service: str) -> str:
    """Return the service part of botocore event names (``secrets-manager``, ``s3-control``)."""
    model = botocore.session.get_session().get_service_model(service)
    return str(model.service_id.hyphenize())


def error_codes(service: str) -> ErrorCodes:
    return _CODES_BY_SERVICE.get(service) or _CODES_BY_PROTOCOL[service_protocol(service)]


def error_response(service: str, status: int, code: str, message: str) -> AWSResponse:
    """Build the HTTP response a ``service`` endpoint sends for an error ``code``."""
    protocol = service_protocol(service)
    headers = {"x-amzn-RequestId": "seawall-e2e-fault"}
    if protocol in ("json", "rest-json"):
        headers["Content-Type"] = "application/x-amz-json-1.1"
        headers["x-amzn-ErrorType"] = code
        body = json.dumps({"__type": code, "message": message}).encode()
    elif protocol == "ec2":
        body = (
            f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message>"
            "</Error></Errors><RequestID>seawall-e2e-fault</RequestID></Response>"
        ).encode()
    elif protocol in ("query", "rest-xml"):
        body = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
            f"<Message>{message}</Message></Error>"
            "<RequestId>seawall-e2e-fault</RequestId></ErrorResponse>"
        ).encode()
    else:
        raise ValueError(f"no error body for protocol {protocol!r} of service {service!r}")
    return AWSResponse("http://127.0.0.1/fault", status, headers, _RawBody(body))


class _RawBody:
    """The ``raw`` stream botocore reads an ``AWSResponse``'s content from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def attempt_number(request: AWSPreparedRequest) -> int:
    """Return which attempt of its API call ``request`` is, counting from 1."""
    return int(request.context["retries"]["attempt"])


def operation_name(event_name: str) -> str:
    """Return the operation of a ``before-send.<service>.<Operation>`` event name."""
    return event_name.rsplit(".", 1)[1]


@dataclass
class FaultLog:
    """The (service, operation, attempt) of every request that a fault handler replaced."""

    injected: list[tuple[str, str, int]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, service: str, operation: str, attempt: int) -> None:
        with self._lock:
            self.injected.append((service, operation, attempt))


def deny_service(session: boto3.Session, service: str, log: FaultLog) -> None:
    """Reply to every request to ``service`` with the service's 403 access-denied error."""
    code = error_codes(service).access_denied

    def deny(request: AWSPreparedRequest, event_name: str, **_: Any) -> AWSResponse:
        operation = operation_name(event_name)
        log.add(service, operation, attempt_number(request))
        return error_response(service, 403, code, f"not authorized to perform {operation}")

    session.events.register(f"before-send.{service_event_id(service)}", deny)


def throttle_first_attempts(session: boto3.Session, services: list[str], log: FaultLog) -> None:
    """Reply to the first attempt of every request to ``services`` with a throttling error."""
    for service in services:
        session.events.register(
            f"before-send.{service_event_id(service)}", _throttler(service, log, max_attempt=1)
        )


def throttle_always(session: boto3.Session, service: str, operation: str, log: FaultLog) -> None:
    """Reply to every attempt of one operation with a throttling error."""
    session.events.register(
        f"before-send.{service_event_id(service)}.{operation}",
        _throttler(service, log, max_attempt=None),
    )


def _throttler(service: str, log: FaultLog, max_attempt: int | None) -> Handler:
    code = error_codes(service).throttling

    def throttle(request: AWSPreparedRequest, event_name: str, **_: Any) -> AWSResponse | None:
        attempt = attempt_number(request)
        if max_attempt is not None and attempt > max_attempt:
            return None
        log.add(service, operation_name(event_name), attempt)
        return error_response(service, 400, code, "Rate exceeded")

    return throttle
