"""Tests for the redaction of values that may be secrets."""

from __future__ import annotations

import json

import pytest

from seawall.inventory.redact import redact_mapping, redact_value, shannon_entropy

# Obviously fake values in the documented formats.
FAKE = {
    "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
    "aws_temporary_key_id": "ASIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "github_token": "ghp_" + "A1b2C3d4E5" * 3 + "F6g7H8",
    "github_pat": "github_pat_" + "11ABCDEFG0" * 3,
    "slack_token": "xoxb-1234567890-abcdefghij",
    "stripe_key": "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    "private_key": "-----BEGIN RSA PRIVATE KEY-----\nMIIfake\n-----END RSA PRIVATE KEY-----",
    "openssh_key": "-----BEGIN OPENSSH PRIVATE KEY-----\nfake",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.fakesignature",
    "password_url": "postgres://app:fake-pw@db.internal:5432/app",
    "generic": "q8Zr3Lx9Tb2Wm7Kp4Vn6Yc1Hd5Gf0Js",
}


@pytest.mark.parametrize(
    ("value", "formats", "reference"),
    [
        pytest.param(FAKE["aws_access_key_id"], ["aws_access_key_id"], None, id="akia"),
        pytest.param(FAKE["aws_temporary_key_id"], ["aws_access_key_id"], None, id="asia"),
        pytest.param(
            FAKE["aws_secret_access_key"], ["aws_secret_access_key"], None, id="aws-secret"
        ),
        pytest.param(FAKE["github_token"], ["github_token"], None, id="github-classic"),
        pytest.param(FAKE["github_pat"], ["github_token"], None, id="github-fine-grained"),
        pytest.param(FAKE["slack_token"], ["slack_token"], None, id="slack"),
        pytest.param(FAKE["stripe_key"], ["stripe_key"], None, id="stripe"),
        pytest.param(FAKE["private_key"], ["private_key"], None, id="pem-rsa"),
        pytest.param(FAKE["openssh_key"], ["private_key"], None, id="pem-openssh"),
        pytest.param(FAKE["jwt"], ["jwt"], None, id="jwt"),
        pytest.param(FAKE["password_url"], ["password_url"], None, id="password-url"),
        pytest.param(FAKE["generic"], ["generic_api_key"], None, id="generic-token"),
        pytest.param("https://example.com/path", [], None, id="url-without-password"),
        pytest.param("a3f5c9e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2", [], None, id="hex-digest"),
        pytest.param("3f2504e0-4f89-11d3-9a0c-0305e82c3301", [], None, id="uuid"),
        pytest.param("MyCompanyName2024Production", [], None, id="camel-case-words"),
        pytest.param("AIDAIOSFODNN7EXAMPLE", [], None, id="user-unique-id"),
        pytest.param(
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf",
            [],
            "secretsmanager_arn",
            id="secretsmanager-arn",
        ),
        pytest.param(
            "arn:aws:ssm:us-east-1:111122223333:parameter/prod/db/password",
            [],
            "ssm_parameter_arn",
            id="ssm-arn",
        ),
        pytest.param(
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            [],
            "kms_arn",
            id="kms-arn",
        ),
        pytest.param("/prod/db/password", [], "ssm_parameter_name", id="parameter-path"),
        pytest.param("/app/stripe/key", [], "ssm_parameter_name", id="parameter-path-app"),
        pytest.param("/run/secrets/db_password", [], "file_path", id="file-path"),
        pytest.param(
            "{{resolve:secretsmanager:prod/db:SecretString:password}}",
            [],
            "secretsmanager_arn",
            id="cloudformation-secret",
        ),
        pytest.param("/prod", [], None, id="single-segment-path"),
        pytest.param("debug", [], None, id="plain-word"),
        pytest.param("", [], None, id="empty"),
    ],
)
def test_redact_value_shape(value: str, formats: list[str], reference: str | None) -> None:
    shape = redact_value(value)
    assert shape == {
        "redacted": True,
        "length": len(value),
        "entropy": round(shannon_entropy(value), 2),
        "formats": formats,
        "reference": reference,
    }


@pytest.mark.parametrize("value", [pytest.param(v, id=k) for k, v in FAKE.items()])
def test_redact_value_never_keeps_value(value: str) -> None:
    assert value not in json.dumps(redact_value(value))


def test_redact_value_rejects_non_string() -> None:
    with pytest.raises(TypeError, match="expects a str, got int"):
        redact_value(42)  # type: ignore[arg-type]


def test_redact_mapping_keeps_names() -> None:
    redacted = redact_mapping({"API_KEY": FAKE["stripe_key"], "PORT": 8080})
    assert sorted(redacted) == ["API_KEY", "PORT"]
    assert redacted["API_KEY"]["formats"] == ["stripe_key"]
    assert redacted["PORT"]["length"] == 4


@pytest.mark.parametrize(
    ("value", "entropy"),
    [
        pytest.param("", 0.0, id="empty"),
        pytest.param("aaaa", 0.0, id="one-symbol"),
        pytest.param("ab", 1.0, id="two-symbols"),
        pytest.param("abcd", 2.0, id="four-symbols"),
    ],
)
def test_shannon_entropy(value: str, entropy: float) -> None:
    assert shannon_entropy(value) == entropy
