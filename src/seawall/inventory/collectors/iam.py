"""IAM: users, groups, roles and policies, the credential report, account
settings and access keys. IAM is global, so each call runs once."""

from __future__ import annotations

import logging
import time
from typing import Any

from seawall.inventory.collect import CollectContext, collector

log = logging.getLogger(__name__)

SERVICE = "iam"
# GenerateCredentialReport usually completes within seconds; after this many
# polls the scan goes on and GetCredentialReport records what AWS answers.
REPORT_POLL_ATTEMPTS = 10
REPORT_POLL_INTERVAL_SECONDS = 2.0


@collector(SERVICE, "global")
def collect_iam(ctx: CollectContext, region: str) -> None:
    details = ctx.call(
        SERVICE,
        "GetAccountAuthorizationDetails",
        region=region,
        paginate=True,
        transform=keep_default_policy_versions,
    )
    _collect_credential_report(ctx, region)
    ctx.call(SERVICE, "GetAccountSummary", region=region)
    ctx.call(SERVICE, "GetAccountPasswordPolicy", region=region)
    ctx.call(SERVICE, "ListVirtualMFADevices", region=region, paginate=True)
    if details.ok:
        users = [str(user["UserName"]) for user in details.data.get("UserDetailList", [])]
        ctx.map(lambda user: _collect_access_keys(ctx, region, user), users)


def keep_default_policy_versions(details: dict[str, Any]) -> dict[str, Any]:
    """Drop all but the default version of each managed policy.

    Only the default version is in force, and older versions can make the
    response many times larger.
    """
    for policy in details.get("Policies", []):
        versions = policy.get("PolicyVersionList", [])
        policy["PolicyVersionList"] = [v for v in versions if v.get("IsDefaultVersion")]
    return details


def _collect_credential_report(ctx: CollectContext, region: str) -> None:
    for attempt in range(1, REPORT_POLL_ATTEMPTS + 1):
        generated = ctx.call(SERVICE, "GenerateCredentialReport", region=region)
        if not generated.ok or generated.data.get("State") == "COMPLETE":
            break
        if attempt < REPORT_POLL_ATTEMPTS:
            time.sleep(REPORT_POLL_INTERVAL_SECONDS)
    else:
        log.warning(
            "credential report not complete after %d polls; recording what IAM returns",
            REPORT_POLL_ATTEMPTS,
        )
    ctx.call(SERVICE, "GetCredentialReport", region=region)


def _collect_access_keys(ctx: CollectContext, region: str, user: str) -> None:
    keys = ctx.call(
        SERVICE,
        "ListAccessKeys",
        region=region,
        resource=user,
        paginate=True,
        params={"UserName": user},
    )
    if not keys.ok:
        return
    for key in keys.data.get("AccessKeyMetadata", []):
        key_id = str(key["AccessKeyId"])
        ctx.call(
            SERVICE,
            "GetAccessKeyLastUsed",
            region=region,
            resource=key_id,
            params={"AccessKeyId": key_id},
        )
