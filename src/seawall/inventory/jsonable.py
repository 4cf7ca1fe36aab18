"""Turn boto3 responses into plain JSON values."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any


def to_jsonable(value: Any) -> Any:
    """Convert datetimes to ISO 8601 strings and bytes to text, recursively.

    Bytes that are not UTF-8 become ``{"base64": ...}`` so nothing is lost.
    """
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    if hasattr(value, "read"):  # StreamingBody
        return to_jsonable(value.read())
    return value
