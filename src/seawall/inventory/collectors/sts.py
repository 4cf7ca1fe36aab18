"""The caller identity: which account and partition a scan covers.

``run_collection`` calls this before any collector runs, because every
other record needs the account id. A failure here is a setup problem
(no, expired or rejected credentials), so it raises instead of recording.
"""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

from seawall.aws.credentials import describe_setup_failure
from seawall.aws.errors import AwsSetupError
from seawall.aws.outcome import CallStatus
from seawall.aws.session import SessionOptions
from seawall.inventory.collect import CollectContext
from seawall.inventory.jsonable import to_jsonable
from seawall.inventory.snapshot import GLOBAL, CallRecord

SERVICE = "sts"
OPERATION = "GetCallerIdentity"


def collect_caller_identity(ctx: CollectContext, options: SessionOptions) -> CallRecord:
    """Call GetCallerIdentity, record it, and set the snapshot's account id and partition.

    Raises AwsSetupError with the problem and the fix when the call fails.
    """
    try:
        client = ctx.clients.client(SERVICE, ctx.snapshot.home_region)
        response = client.get_caller_identity()
    except (BotoCoreError, ClientError) as error:
        raise AwsSetupError(describe_setup_failure(error, options)) from error
    record = CallRecord(SERVICE, OPERATION, GLOBAL, "", CallStatus.OK, data=to_jsonable(response))
    ctx.snapshot.add(record)
    ctx.snapshot.account_id = str(response["Account"])
    ctx.snapshot.partition = partition_of(str(response["Arn"]))
    return record


def partition_of(arn: str) -> str:
    """Return the partition of an ARN (``aws``, ``aws-cn``, ``aws-us-gov`` ...)."""
    parts = arn.split(":")
    if len(parts) < 6 or parts[0] != "arn" or not parts[1]:
        raise AwsSetupError(f"STS returned the caller ARN '{arn}', which is not a valid ARN")
    return parts[1]
