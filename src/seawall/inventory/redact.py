"""Replace values that may be secrets with a description of their shape.

Collectors call these before anything is stored, so a Snapshot never
holds a secret value. Checks judge the shape (see docs/snapshot.md):
its length, its Shannon entropy, the known secret formats it matches and,
when it only points to a secret, what kind of reference it is.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from typing import Any

# Known secret formats, by the id recorded in ``formats``. A value is
# searched, not matched whole, so a token embedded in a longer string
# ("Bearer ghp_...") is still recognized.
_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Long-term (AKIA) and temporary (ASIA) access key ids. Other AWS
    # unique-id prefixes (AIDA, AROA ...) name users and roles, not credentials.
    ("aws_access_key_id", re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")),
    ("github_token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")),
    ("slack_token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("slack_webhook", re.compile(r"https://hooks\.slack\.com/services/[A-Za-z0-9/]+")),
    ("stripe_key", re.compile(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}")),
    ("google_api_key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    (
        "private_key",
        re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    ),
    # A JWT's header and payload are base64url JSON objects, so both start "eyJ".
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")),
    # scheme://user:password@host; a URL with only a user name does not match.
    ("password_url", re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]+@")),
)

# Exactly 40 base64 characters, the shape of an AWS secret access key.
_AWS_SECRET_KEY = re.compile(r"[A-Za-z0-9/+]{40}")

# A generated token: long, one word, mixing upper case, lower case and
# digits, and switching between those classes often. Hex digests and UUIDs
# have one letter case; CamelCase names ("MyCompanyName2024") switch class
# only at word boundaries, about once in four characters, where a random
# base62 string switches about three times in five.
_GENERIC_TOKEN = re.compile(r"[A-Za-z0-9_\-+/=.~]+")
_GENERIC_MIN_LENGTH = 20
_GENERIC_MIN_ENTROPY = 3.5
_GENERIC_MIN_SWITCH_RATIO = 0.4

_REFERENCES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "secretsmanager_arn",
        re.compile(r"arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^\s]+"),
    ),
    ("ssm_parameter_arn", re.compile(r"arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter/[^\s]+")),
    ("kms_arn", re.compile(r"arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key|alias)/[^\s]+")),
    # CloudFormation dynamic references resolve to a secret at deploy time.
    ("secretsmanager_arn", re.compile(r"\{\{resolve:secretsmanager:[^}]+\}\}")),
    ("ssm_parameter_name", re.compile(r"\{\{resolve:ssm(?:-secure)?:[^}]+\}\}")),
)

# An absolute path of at least two segments without spaces. Parameter Store
# hierarchies ("/prod/db/password") and file paths share this shape.
_PATH = re.compile(r"/[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)+")

# First segments that name a directory of a Linux file system. A path under
# one of them points to a file (a mounted secret, a certificate), not to a
# parameter. Files in containers often live under /app, but so do parameter
# hierarchies, so /app counts as a parameter.
_FILESYSTEM_ROOTS = frozenset(
    {
        "bin", "dev", "etc", "home", "lib", "lib64", "mnt", "opt", "proc", "root",
        "run", "sbin", "srv", "sys", "tmp", "usr", "var", "workspace",
    }
)  # fmt: skip


def shannon_entropy(value: str) -> float:
    """Return the Shannon entropy of ``value`` in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def redact_value(value: str) -> dict[str, Any]:
    """Describe ``value`` without keeping it."""
    if not isinstance(value, str):
        raise TypeError(f"redact_value expects a str, got {type(value).__name__}; pass str(value)")
    reference = detect_reference(value)
    return {
        "redacted": True,
        "length": len(value),
        "entropy": round(shannon_entropy(value), 2),
        "formats": [] if reference else detect_formats(value),
        "reference": reference,
    }


def redact_mapping(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Redact every value of a name -> value mapping, keeping the names."""
    return {name: redact_value(str(value)) for name, value in values.items()}


def detect_reference(value: str) -> str | None:
    """Return the kind of secret reference ``value`` is, or None.

    A reference is the whole value (surrounding blanks aside): a secret
    embedded in a longer string next to an ARN is still a secret.
    """
    text = value.strip()
    for reference, pattern in _REFERENCES:
        if pattern.fullmatch(text):
            return reference
    if _PATH.fullmatch(text):
        root = text.split("/", 2)[1]
        return "file_path" if root in _FILESYSTEM_ROOTS else "ssm_parameter_name"
    return None


def detect_formats(value: str) -> list[str]:
    """Return the ids of the known secret formats ``value`` matches."""
    found = [name for name, pattern in _FORMATS if pattern.search(value)]
    text = value.strip()
    if _looks_like_aws_secret_key(text):
        found.append("aws_secret_access_key")
    if not found and _looks_like_generic_token(text):
        found.append("generic_api_key")
    return found


def _mixes_classes(text: str) -> bool:
    return (
        any(c.isupper() for c in text)
        and any(c.islower() for c in text)
        and any(c.isdigit() for c in text)
    )


def _looks_like_aws_secret_key(text: str) -> bool:
    return (
        _AWS_SECRET_KEY.fullmatch(text) is not None
        and not text.startswith("/")
        and _mixes_classes(text)
    )


def _looks_like_generic_token(text: str) -> bool:
    if len(text) < _GENERIC_MIN_LENGTH or not _GENERIC_TOKEN.fullmatch(text):
        return False
    if text.startswith("/") or not _mixes_classes(text):
        return False
    return (
        shannon_entropy(text) >= _GENERIC_MIN_ENTROPY
        and _class_switch_ratio(text) >= _GENERIC_MIN_SWITCH_RATIO
    )


def _char_class(char: str) -> str:
    if char.isupper():
        return "upper"
    if char.islower():
        return "lower"
    return "digit" if char.isdigit() else "other"


def _class_switch_ratio(text: str) -> float:
    """Return the share of adjacent character pairs whose classes differ."""
    classes = [_char_class(c) for c in text]
    switches = sum(1 for a, b in itertools.pairwise(classes) if a != b)
    return switches / (len(text) - 1)
