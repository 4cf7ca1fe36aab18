"""CloudTrail event records built in code for the policy generation tests."""

from __future__ import annotations

from typing import Any

ACCOUNT = "111122223333"
USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/alice"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/app/deployer"
SESSION_ARN = f"arn:aws:sts::{ACCOUNT}:assumed-role/deployer/build-42"


def user_identity(arn: str = USER_ARN) -> dict[str, Any]:
    if ":assumed-role/" in arn:
        return {
            "type": "AssumedRole",
            "arn": arn,
            "accountId": ACCOUNT,
            "sessionContext": {"sessionIssuer": {"type": "Role", "arn": ROLE_ARN}},
        }
    return {"type": "IAMUser", "arn": arn, "accountId": ACCOUNT}


def event(
    source: str,
    name: str,
    *,
    arn: str = USER_ARN,
    parameters: dict[str, Any] | None = None,
    resources: list[dict[str, str]] | None = None,
    error_code: str | None = None,
    time: str = "2024-03-01T10:00:00Z",
    **extra: Any,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "eventVersion": "1.09",
        "userIdentity": user_identity(arn),
        "eventTime": time,
        "eventSource": source,
        "eventName": name,
        "awsRegion": "us-east-1",
        "recipientAccountId": ACCOUNT,
        "requestParameters": parameters,
        "responseElements": None,
    }
    if resources is not None:
        record["resources"] = resources
    if error_code is not None:
        record["errorCode"] = error_code
    record.update(extra)
    return record
