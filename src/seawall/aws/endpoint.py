"""Keep S3 Control calls on a configured endpoint URL.

The S3 Control endpoint rules put the account id in front of the host
(``https://123456789012.s3-control.us-east-1.amazonaws.com``). With an
endpoint URL such as ``http://127.0.0.1:5000`` that gives the host
``123456789012.127.0.0.1``, which does not resolve. When an endpoint URL
is configured, a ``before-sign`` handler moves the request back to that
host, before the request is signed so the signature covers the final host.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from botocore.config import Config

log = logging.getLogger(__name__)

S3_CONTROL_EVENT = "before-sign.s3-control"


def configured_endpoint_url(client: Any, session: Any, region: str, config: Config) -> str | None:
    """Return the endpoint URL configured for ``client``, or None when it uses AWS's own.

    botocore resolves configured endpoints (``AWS_ENDPOINT_URL``, its
    per-service variants and the shared config file) privately, so the
    client's endpoint is compared with the one a client that ignores them gets.
    """
    default = session.client(
        client.meta.service_model.service_name,
        region_name=region,
        config=config.merge(Config(ignore_configured_endpoint_urls=True)),
    )
    actual: str = client.meta.endpoint_url
    if actual == default.meta.endpoint_url:
        return None
    return actual


def keep_on_endpoint(client: Any, endpoint_url: str) -> None:
    """Register the handler that strips the account-id host prefix on ``client``."""
    endpoint_host = urlsplit(endpoint_url).netloc

    def strip_account_prefix(request: Any, **_: Any) -> None:
        request.url = strip_account_host_prefix(request.url, endpoint_host)

    client.meta.events.register(S3_CONTROL_EVENT, strip_account_prefix)


def strip_account_host_prefix(url: str, endpoint_host: str) -> str:
    """Return ``url`` with an ``<account id>.`` host prefix removed when the rest is
    ``endpoint_host``; any other URL is returned unchanged."""
    parts = urlsplit(url)
    prefix, dot, rest = parts.netloc.partition(".")
    if not dot or rest != endpoint_host or not (prefix.isdigit() and len(prefix) == 12):
        return url
    log.debug("S3 Control request moved from %s to %s", parts.netloc, endpoint_host)
    return urlunsplit(parts._replace(netloc=endpoint_host))
