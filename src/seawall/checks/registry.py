"""The check registry: metadata and the function that produces findings.

A check is registered where it is defined::

    @check(
        id="kms.key_pending_deletion",
        title="KMS keys are not pending deletion",
        severity=Severity.MEDIUM,
        practice=Practice.KMS,
        permissions=("kms:ListKeys", "kms:DescribeKey"),
        risk="...",
        remediation="aws kms cancel-key-deletion --key-id KEY_ID",
        fsbp=("KMS.3",),
    )
    def key_pending_deletion(ctx: CheckContext) -> Iterator[Finding]:
        keys = ctx.data("kms", "ListKeys", region=region)
        ...
        yield ctx.passed(key_arn, "key is enabled", region=region)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from seawall.checks.context import CheckContext
from seawall.findings.model import Finding, Practice, Severity

CheckFunc = Callable[[CheckContext], Iterable[Finding]]

_ID_PATTERN = re.compile(r"^[a-z0-9]+\.[a-z0-9_]+$")


@dataclass(frozen=True)
class CheckMeta:
    id: str
    title: str
    severity: Severity
    practice: Practice
    # IAM actions whose data the check reads.
    permissions: tuple[str, ...]
    risk: str
    remediation: str
    # CIS AWS Foundations Benchmark v5.0 recommendation numbers, e.g. "1.4".
    cis: tuple[str, ...] = ()
    # AWS Foundational Security Best Practices control ids, e.g. "IAM.4".
    fsbp: tuple[str, ...] = ()

    @property
    def controls(self) -> tuple[str, ...]:
        return tuple(f"CIS:{c}" for c in self.cis) + tuple(f"FSBP:{c}" for c in self.fsbp)


@dataclass(frozen=True)
class Check:
    meta: CheckMeta
    func: CheckFunc


REGISTRY: dict[str, Check] = {}


def check(
    *,
    id: str,
    title: str,
    severity: Severity,
    practice: Practice,
    permissions: tuple[str, ...],
    risk: str,
    remediation: str,
    cis: tuple[str, ...] = (),
    fsbp: tuple[str, ...] = (),
) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check function under a stable id."""
    meta = CheckMeta(id, title, severity, practice, permissions, risk, remediation, cis, fsbp)
    if not _ID_PATTERN.match(id):
        raise ValueError(f"check id {id!r} must look like 'service.snake_case_name'")

    def register(func: CheckFunc) -> CheckFunc:
        if id in REGISTRY:
            raise ValueError(f"check id {id!r} is registered twice")
        REGISTRY[id] = Check(meta, func)
        return func

    return register
