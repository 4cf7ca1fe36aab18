"""IAM action names for the API operations seawall calls.

Most operations are authorized by ``<prefix>:<OperationName>``. The table
holds the exceptions, as listed in the Service Authorization Reference.
"""

from __future__ import annotations

# boto3 service name -> IAM service prefix, where they differ.
_PREFIXES: dict[str, str] = {
    "accessanalyzer": "access-analyzer",
    "s3control": "s3",
    "logs": "logs",
}

# (boto3 service name, operation) -> IAM action, where the name differs.
_RENAMED: dict[tuple[str, str], str] = {
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("s3", "GetBucketLifecycleConfiguration"): "s3:GetLifecycleConfiguration",
    ("s3control", "GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
    ("budgets", "DescribeBudgets"): "budgets:ViewBudget",
    ("lambda", "ListFunctions"): "lambda:ListFunctions",
    ("iam", "GetCredentialReport"): "iam:GetCredentialReport",
    ("guardduty", "GetFindingsStatistics"): "guardduty:GetFindingsStatistics",
}


def iam_action_for(service: str, operation: str) -> str:
    renamed = _RENAMED.get((service, operation))
    if renamed is not None:
        return renamed
    return f"{_PREFIXES.get(service, service)}:{operation}"
