"""Classification of an AWS API call's outcome."""

from __future__ import annotations

from enum import StrEnum


class CallStatus(StrEnum):
    OK = "ok"
    ACCESS_DENIED = "access_denied"
    # The service is not enabled, not subscribed, or the region is opted out.
    NOT_ENABLED = "not_enabled"
    # The API answered that the requested entity does not exist
    # (for example no password policy, no bucket policy). This is an answer.
    NOT_FOUND = "not_found"
    # The endpoint does not implement the operation (seen on local emulators).
    NOT_IMPLEMENTED = "not_implemented"
    THROTTLED = "throttled"
    ERROR = "error"
