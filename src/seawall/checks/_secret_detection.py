"""Decide whether a named value looks like a secret, from its name and redacted shape.

The value itself is never available here: collectors stored only its shape
(see ``seawall.inventory.redact``). Reasons name the variable and the
evidence, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from seawall.inventory.redact import redact_value

# Name tokens that mean the value is a credential.
_SECRET_WORDS = frozenset(
    {
        "password", "passwd", "pwd", "passphrase", "secret", "secrets", "token",
        "apikey", "credential", "credentials", "creds", "privatekey", "pat",
    }
)  # fmt: skip
# "pass" is a password only at the end of a name (DB_PASS, not PASS_THROUGH).
_TRAILING_SECRET_WORDS = frozenset({"pass"})
# Words that make "key" a credential (API_KEY, PRIVATE_KEY), unlike CACHE_KEY or S3_KEY.
_KEY_QUALIFIERS = frozenset(
    {
        "api", "private", "secret", "access", "signing", "encryption", "master",
        "client", "auth", "hmac", "session", "license", "app", "service",
    }
)  # fmt: skip
# Words after the secret word that make the name describe the secret
# instead of holding it: PASSWORD_FILE names a file, TOKEN_URL an endpoint,
# SECRET_ARN a reference, PASSWORD_MIN_LENGTH a rule.
_DESCRIPTIVE_SUFFIXES = frozenset(
    {
        "file", "path", "dir", "url", "uri", "endpoint", "arn", "name", "id", "ids",
        "param", "parameter", "ref", "reference", "length", "len", "min", "max",
        "policy", "expiry", "expires", "expiration", "ttl", "timeout", "lifetime",
        "header", "type", "enabled", "enable", "required", "rotation", "hint", "field",
        "location", "version", "count", "prefix", "suffix", "format", "mode", "regex",
        "pattern", "provider", "store", "manager", "source", "env", "var",
    }
)  # fmt: skip

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")

_FORMAT_LABELS: dict[str, str] = {
    "aws_access_key_id": "an AWS access key id",
    "aws_secret_access_key": "an AWS secret access key",
    "github_token": "a GitHub token",
    "slack_token": "a Slack token",
    "slack_webhook": "a Slack webhook URL",
    "stripe_key": "a Stripe secret key",
    "google_api_key": "a Google API key",
    "private_key": "a PEM private key",
    "jwt": "a JSON Web Token",
    "password_url": "a URL with a password",
    "generic_api_key": "a generated API key",
}


def tokenize(name: str) -> list[str]:
    """Split a variable name into lower-case words (``dbPassword`` -> db, password)."""
    words: list[str] = []
    for part in _SEPARATORS.split(name):
        words.extend(w.lower() for w in _CAMEL_BOUNDARY.split(part) if w)
    return words


def secret_word_in_name(name: str) -> str | None:
    """Return the word that makes ``name`` look like it holds a secret, or None."""
    words = tokenize(name)
    for index in range(len(words) - 1, -1, -1):
        word = _secret_word_at(words, index)
        if word is None:
            continue
        if any(after in _DESCRIPTIVE_SUFFIXES for after in words[index + 1 :]):
            return None
        return word
    return None


def _secret_word_at(words: list[str], index: int) -> str | None:
    word = words[index]
    if word in _SECRET_WORDS:
        return word
    if word in _TRAILING_SECRET_WORDS and index == len(words) - 1:
        return word
    if word == "key" and index > 0 and words[index - 1] in _KEY_QUALIFIERS:
        return f"{words[index - 1]} key"
    return None


def shape_of(value: object) -> Mapping[str, Any]:
    """Return the redacted shape of a stored value.

    Snapshots hold shapes; a plain string (a snapshot written before
    redaction covered this field) is described in memory and dropped.
    """
    if isinstance(value, Mapping) and value.get("redacted") is True:
        return value
    if value is None:
        return redact_value("")
    return redact_value(str(value))


def secret_evidence(name: str, value: object) -> str | None:
    """Return why the variable ``name`` with this stored value looks secret, or None.

    A value that is a reference to a secret (an ARN, a parameter name, a
    file path) is fine whatever the name says, and so is an empty value.
    """
    shape = shape_of(value)
    if shape.get("reference"):
        return None
    if not shape.get("length"):
        return None
    formats = [str(f) for f in shape.get("formats") or []]
    if formats:
        labels = ", ".join(_FORMAT_LABELS.get(f, f) for f in formats)
        return f"value has the shape of {labels}"
    word = secret_word_in_name(name)
    if word is not None:
        return f"name contains '{word}'"
    return None


def describe_secrets(variables: Mapping[str, object]) -> list[str]:
    """Return ``NAME (why)`` for every variable that looks secret, sorted by name."""
    found = []
    for name in sorted(variables):
        evidence = secret_evidence(name, variables[name])
        if evidence is not None:
            found.append(f"{name} ({evidence})")
    return found
