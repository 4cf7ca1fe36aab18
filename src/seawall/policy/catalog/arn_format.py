"""Match ARNs against the ARN formats of resource types.

An ARN format such as ``arn:${Partition}:s3:::${BucketName}/${ObjectName}`` has
placeholders (``${Name}``, and in a few formats ``*``). A placeholder matches one or
more characters inside a single segment, where ``:`` separates the first six segments
and ``/`` or ``:`` separate the resource part. The last placeholder of the resource part
may also span separators, because role paths, object keys and function qualifiers
contain them. That makes the bucket format match an object ARN too, so each match is
scored by how many separators its last placeholder had to span, and only the best
scored formats are kept: ``arn:aws:s3:::b/k`` is an object, ``arn:aws:s3:::b`` a bucket.
A few formats have a placeholder for the service itself, such as AWS Backup recovery
points of any service. They count only when no format with the ARN's own service matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from seawall.policy.catalog.errors import CatalogError
from seawall.policy.catalog.model import ResourceType

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|\*")
_SEPARATORS = re.compile(r"[:/]")
# The resource part starts after the fifth colon: arn:partition:service:region:account:
_PREFIX_COLONS = 5


@dataclass(frozen=True, slots=True)
class CompiledFormat:
    """A resource type with its ARN format compiled; group ``tail`` is the spanning placeholder."""

    resource_type: ResourceType
    pattern: re.Pattern[str]

    def score(self, arn: str) -> int | None:
        """Return how many separators the spanning placeholder covered, or None on no match."""
        match = self.pattern.fullmatch(arn)
        if match is None:
            return None
        tail = match.groupdict().get("tail")
        return 0 if tail is None else len(_SEPARATORS.findall(tail))


def compile_format(resource_type: ResourceType) -> CompiledFormat:
    return CompiledFormat(resource_type, re.compile(format_regex(resource_type.arn_format)))


def format_regex(arn_format: str) -> str:
    resource_start = _resource_start(arn_format)
    placeholders = list(_PLACEHOLDER.finditer(arn_format))
    parts: list[str] = []
    position = 0
    for index, placeholder in enumerate(placeholders):
        parts.append(re.escape(arn_format[position : placeholder.start()]))
        in_resource = placeholder.start() >= resource_start
        if in_resource and index == len(placeholders) - 1:
            parts.append("(?P<tail>.+)")
        elif in_resource:
            parts.append("[^:/]+")
        else:
            parts.append("[^:]+")
        position = placeholder.end()
    parts.append(re.escape(arn_format[position:]))
    return "".join(parts)


def _resource_start(arn_format: str) -> int:
    position = -1
    for _ in range(_PREFIX_COLONS):
        position = arn_format.find(":", position + 1)
        if position < 0:
            return len(arn_format)
    return position + 1


def arn_service(arn: str) -> str:
    """Return the service segment of ``arn``, raising CatalogError if it is not an ARN."""
    segments = arn.split(":", _PREFIX_COLONS)
    if len(segments) <= _PREFIX_COLONS or segments[0] != "arn":
        raise CatalogError(
            f"invalid ARN `{arn}`: expected arn:partition:service:region:account:resource, "
            "for example arn:aws:s3:::my-bucket"
        )
    return segments[2]


def format_service(arn_format: str) -> str | None:
    """Return the literal service segment of an ARN format, or None if it is a placeholder."""
    segments = arn_format.split(":")
    if len(segments) < 3 or _PLACEHOLDER.search(segments[2]):
        return None
    return segments[2]


def best_matches(arn: str, formats: Iterable[CompiledFormat]) -> list[ResourceType]:
    """Return the resource types whose formats match ``arn`` with the fewest spanned separators."""
    scored = [(fmt.score(arn), fmt.resource_type) for fmt in formats]
    matched = [(score, resource) for score, resource in scored if score is not None]
    if not matched:
        return []
    best = min(score for score, _ in matched)
    return sorted(
        (resource for score, resource in matched if score == best),
        key=lambda resource: (resource.service, resource.name),
    )
