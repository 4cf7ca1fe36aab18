"""Fixtures for the trail tests: fake AWS credentials, a signing key and a built trail."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from seawall.trail.synthetic import (
    SigningKey,
    TrailObject,
    TrailSpec,
    build_trail,
    generate_signing_key,
    public_keys_document,
)


@pytest.fixture(autouse=True)
def fake_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from real credentials and real AWS endpoints."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return generate_signing_key()


@pytest.fixture(scope="session")
def trail_spec() -> TrailSpec:
    return TrailSpec()


@pytest.fixture(scope="session")
def trail_objects(trail_spec: TrailSpec, signing_key: SigningKey) -> list[TrailObject]:
    return build_trail(trail_spec, signing_key)


@pytest.fixture
def keys_file(tmp_path: Path, trail_spec: TrailSpec, signing_key: SigningKey) -> Path:
    document = public_keys_document(
        [signing_key],
        trail_spec.first_digest_end - timedelta(days=1),
        trail_spec.first_digest_end + timedelta(days=1),
    )
    path = tmp_path / "public-keys.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
