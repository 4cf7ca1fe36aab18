"""Logging for the CLI: the ``seawall`` logger writes to stderr at the level -v sets."""

from __future__ import annotations

import logging
import sys

_HANDLER_NAME = "seawall-cli"


def configure_logging(verbosity: int) -> None:
    """Send seawall's log records to the current stderr.

    0 shows warnings, -v adds progress (INFO), -vv adds debug detail. Only
    the ``seawall`` logger is configured, so the root logger stays as the
    host program set it. A second call replaces the handler of the first,
    because tests call the CLI many times in one process with a new stderr each time.
    """
    logger = logging.getLogger("seawall")
    for handler in list(logger.handlers):
        if handler.get_name() == _HANDLER_NAME:
            logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    if verbosity >= 2:
        logger.setLevel(logging.DEBUG)
    elif verbosity == 1:
        logger.setLevel(logging.INFO)
    else:
        logger.setLevel(logging.WARNING)
