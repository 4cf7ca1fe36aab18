"""Stop retrying when an endpoint answers with an HTML error page.

AWS APIs respond in JSON or XML. A local emulator (moto_server) responds to an
API it lacks with a generic ``500`` HTML page, which botocore would retry
with backoff for up to half a minute per call. An HTML ``500`` is taken as
"not implemented by this endpoint" at once. HTML ``502``, ``503`` and
``504`` pages, which proxies send for passing faults, are still retried.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError


class HtmlErrorPage(BotoCoreError):  # type: ignore[misc]
    fmt = "the endpoint returned an HTML error page (HTTP {status_code}), not an AWS response"


def stop_retry_on_html_500(response: Any = None, **_: Any) -> None:
    """Raise HtmlErrorPage for an HTML 500 response, before botocore schedules a retry."""
    if response is None:
        return
    http_response = response[0]
    content_type = str(http_response.headers.get("content-type", ""))
    if http_response.status_code == 500 and content_type.startswith("text/html"):
        raise HtmlErrorPage(status_code=http_response.status_code)


def register_html_error_handler(client: Any) -> None:
    service_id = client.meta.service_model.service_id.hyphenize()
    client.meta.events.register_first(f"needs-retry.{service_id}", stop_retry_on_html_500)
