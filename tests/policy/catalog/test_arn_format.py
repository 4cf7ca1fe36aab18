from __future__ import annotations

import pytest

from seawall.policy.catalog import CatalogError, ResourceType
from seawall.policy.catalog.arn_format import (
    arn_service,
    best_matches,
    compile_format,
    format_regex,
    format_service,
)


def resource(name: str, arn_format: str) -> ResourceType:
    return ResourceType("demo", name, arn_format, ())


@pytest.mark.parametrize(
    ("arn_format", "regex"),
    [
        pytest.param(
            "arn:${Partition}:s3:::${BucketName}",
            r"arn:[^:]+:s3:::(?P<tail>.+)",
            id="one-resource-placeholder",
        ),
        pytest.param(
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
            r"arn:[^:]+:s3:::[^:/]+/(?P<tail>.+)",
            id="last-spans",
        ),
        pytest.param(
            "arn:${Partition}:dms:${Region}:${Account}:cert:*",
            r"arn:[^:]+:dms:[^:]+:[^:]+:cert:(?P<tail>.+)",
            id="star-placeholder",
        ),
        pytest.param(
            "arn:${Partition}:s3:${Region}:${Account}:access-grants/default",
            r"arn:[^:]+:s3:[^:]+:[^:]+:access\-grants/default",
            id="literal-resource",
        ),
    ],
)
def test_format_regex(arn_format: str, regex: str) -> None:
    assert format_regex(arn_format) == regex


@pytest.mark.parametrize(
    ("arn", "score"),
    [
        pytest.param("arn:aws:s3:::b", 0, id="bucket"),
        pytest.param("arn:aws:s3:::b/k", 1, id="one-separator"),
        pytest.param("arn:aws:s3:::b/d/k:v", 3, id="three-separators"),
        pytest.param("arn:aws:s3:us-east-1::b", None, id="region-mismatch"),
        pytest.param("arn:aws:s3:::", None, id="empty-resource"),
    ],
)
def test_compiled_format_score(arn: str, score: int | None) -> None:
    bucket = compile_format(resource("bucket", "arn:${Partition}:s3:::${BucketName}"))

    assert bucket.score(arn) == score


def test_best_matches_keeps_lowest_score() -> None:
    bucket = compile_format(resource("bucket", "arn:${Partition}:s3:::${BucketName}"))
    obj = compile_format(resource("object", "arn:${Partition}:s3:::${BucketName}/${ObjectName}"))

    assert [item.name for item in best_matches("arn:aws:s3:::b/d/k", [bucket, obj])] == ["object"]
    assert [item.name for item in best_matches("arn:aws:s3:::b", [bucket, obj])] == ["bucket"]
    assert best_matches("arn:aws:sqs:::q", [bucket, obj]) == []


@pytest.mark.parametrize(
    ("arn_format", "service"),
    [
        pytest.param("arn:${Partition}:s3:::${BucketName}", "s3", id="literal"),
        pytest.param("arn:${Partition}:${Vendor}:${Region}:*:${Id}", None, id="placeholder"),
        pytest.param("*", None, id="no-segments"),
    ],
)
def test_format_service(arn_format: str, service: str | None) -> None:
    assert format_service(arn_format) == service


def test_arn_service() -> None:
    assert arn_service("arn:aws:iam::123456789012:role/r") == "iam"


def test_arn_service_rejects_non_arn() -> None:
    with pytest.raises(CatalogError, match="invalid ARN `role/r`: expected arn:partition"):
        arn_service("role/r")
