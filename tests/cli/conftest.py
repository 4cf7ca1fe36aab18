"""Fixtures for the CLI tests: fake AWS credentials and checks built in code."""

from __future__ import annotations

import os

import pytest
from cli_samples import TEST_CHECKS

import seawall.cli.checks
import seawall.cli.scan


@pytest.fixture(autouse=True)
def fake_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from real credentials and real AWS endpoints."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def test_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the registry the CLI loads with the checks of cli_samples."""
    monkeypatch.setattr(seawall.cli.scan, "load_checks", lambda: dict(TEST_CHECKS))
    monkeypatch.setattr(seawall.cli.checks, "load_checks", lambda: dict(TEST_CHECKS))
