"""moto_server processes on 127.0.0.1, shared by the tests that need the HTTP path."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

import pytest

STARTUP_TIMEOUT_SECONDS = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"moto_server did not answer on {url} within {STARTUP_TIMEOUT_SECONDS}s")


@contextmanager
def _running_moto_server(*, load_managed_policies: bool) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("MOTO_")}
    if load_managed_policies:
        # moto loads them into every account it creates, which costs about
        # 1.5 s per account on a moto_server, so only servers that need them do.
        env["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def start_moto_server() -> Iterator[Callable[..., str]]:
    """Return a function that starts a moto_server and returns its URL.

    Each pytest-xdist worker starts its own servers on free ports, so tests on
    different workers never share state. The servers stop when the session ends.
    """
    with ExitStack() as stack:

        def start(*, load_managed_policies: bool = False) -> str:
            return stack.enter_context(
                _running_moto_server(load_managed_policies=load_managed_policies)
            )

        yield start
