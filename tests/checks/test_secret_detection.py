"""Table tests for the name and value-shape rules that flag secrets."""

from __future__ import annotations

import pytest

from seawall.checks._secret_detection import (
    describe_secrets,
    secret_evidence,
    secret_word_in_name,
    tokenize,
)
from seawall.inventory.redact import redact_value


@pytest.mark.parametrize(
    ("name", "words"),
    [
        pytest.param("DB_PASSWORD", ["db", "password"], id="snake"),
        pytest.param("dbPassword", ["db", "password"], id="camel"),
        pytest.param("APIKey", ["api", "key"], id="acronym-camel"),
        pytest.param("/app/db/password", ["app", "db", "password"], id="parameter-path"),
        pytest.param("smtp-pass", ["smtp", "pass"], id="kebab"),
    ],
)
def test_tokenize(name: str, words: list[str]) -> None:
    assert tokenize(name) == words


@pytest.mark.parametrize(
    ("name", "word"),
    [
        pytest.param("DB_PASSWORD", "password", id="password"),
        pytest.param("GITHUB_TOKEN", "token", id="token"),
        pytest.param("AWS_SESSION_TOKEN", "token", id="session-token"),
        pytest.param("STRIPE_API_KEY", "api key", id="api-key"),
        pytest.param("privateKey", "private key", id="private-key-camel"),
        pytest.param("SECRET_KEY_BASE", "secret key", id="secret-key-base"),
        pytest.param("DB_PASS", "pass", id="trailing-pass"),
        pytest.param("GOOGLE_CREDENTIALS", "credentials", id="credentials"),
        pytest.param("PASSWORD_FILE", None, id="password-file"),
        pytest.param("TOKEN_URL", None, id="token-url"),
        pytest.param("SECRET_ARN", None, id="secret-arn"),
        pytest.param("DB_SECRET_NAME", None, id="secret-name"),
        pytest.param("PASSWORD_MIN_LENGTH", None, id="password-rule"),
        pytest.param("TOKEN_EXPIRY_SECONDS", None, id="token-expiry"),
        pytest.param("API_KEY_ID", None, id="key-id"),
        pytest.param("MAX_TOKENS", None, id="plural-tokens"),
        pytest.param("CACHE_KEY", None, id="cache-key"),
        pytest.param("PASS_THROUGH", None, id="pass-not-last"),
        pytest.param("TOKENIZER_MODEL", None, id="tokenizer"),
        pytest.param("LOG_LEVEL", None, id="plain"),
    ],
)
def test_secret_word_in_name(name: str, word: str | None) -> None:
    assert secret_word_in_name(name) == word


FAKE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"


@pytest.mark.parametrize(
    ("name", "value", "evidence"),
    [
        pytest.param("DB_PASSWORD", "hunter2-fake", "name contains 'password'", id="name-only"),
        pytest.param(
            "SETTING",
            FAKE_KEY_ID,
            "value has the shape of an AWS access key id",
            id="value-only",
        ),
        pytest.param(
            "DATABASE_URL",
            "postgres://app:fake-pw@db:5432/app",
            "value has the shape of a URL with a password",
            id="password-url",
        ),
        pytest.param(
            "DB_PASSWORD",
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf",
            None,
            id="secrets-manager-reference",
        ),
        pytest.param("DB_PASSWORD", "/prod/db/password", None, id="parameter-name-reference"),
        pytest.param("DB_PASSWORD", "/run/secrets/db", None, id="file-reference"),
        pytest.param("DB_PASSWORD", "", None, id="empty"),
        pytest.param("LOG_LEVEL", "debug", None, id="plain"),
        pytest.param("PASSWORD_FILE", "/etc/app/pw", None, id="descriptive-name"),
    ],
)
def test_secret_evidence(name: str, value: str, evidence: str | None) -> None:
    assert secret_evidence(name, redact_value(value)) == evidence


def test_secret_evidence_accepts_unredacted_string() -> None:
    assert secret_evidence("SETTING", FAKE_KEY_ID) == "value has the shape of an AWS access key id"


def test_describe_secrets_names_only() -> None:
    variables = {
        "B_TOKEN": redact_value("fake-token-value"),
        "A_KEY": redact_value(FAKE_KEY_ID),
        "LOG_LEVEL": redact_value("info"),
    }
    found = describe_secrets(variables)
    assert found == [
        "A_KEY (value has the shape of an AWS access key id)",
        "B_TOKEN (name contains 'token')",
    ]
    assert not any(FAKE_KEY_ID in entry or "fake-token-value" in entry for entry in found)
