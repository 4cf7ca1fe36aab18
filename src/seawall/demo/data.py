"""Demo KMS keys, secrets and the places secrets hide (Lambda, ECS, SSM), and S3 buckets."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import boto3
from botocore.config import Config

from seawall.aws.endpoint import configured_endpoint_url, keep_on_endpoint
from seawall.demo.names import (
    ACCOUNT_ID,
    FAKE_ACCESS_KEY_ID,
    FAKE_DB_PASSWORD,
    FAKE_GITHUB_TOKEN,
    FAKE_SECRET_ACCESS_KEY,
    PRIMARY_REGION,
    SECONDARY_REGION,
)

TRAIL_KEY_ALIAS = "alias/demo-cloudtrail"
DATA_KEY_ALIAS = "alias/demo-data"


def seed_kms(session: boto3.Session) -> dict[str, str]:
    """Create keys with and without rotation, an asymmetric one, a public one and one pending
    deletion. Return key ARNs by alias."""
    kms = session.client("kms", region_name=PRIMARY_REGION)
    arns: dict[str, str] = {}

    for alias, rotate in ((TRAIL_KEY_ALIAS, True), (DATA_KEY_ALIAS, True), ("alias/legacy", False)):
        arn = kms.create_key(Description=f"demo {alias}")["KeyMetadata"]["Arn"]
        kms.create_alias(AliasName=alias, TargetKeyId=arn)
        if rotate:
            kms.enable_key_rotation(KeyId=arn)
        arns[alias] = arn

    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    kms.create_alias(AliasName="alias/release-signing", TargetKeyId=signing["Arn"])

    # Anyone may decrypt with this key: the policy grants kms:Decrypt to "*".
    public = kms.create_key(Description="demo key with a public policy")["KeyMetadata"]
    kms.put_key_policy(
        KeyId=public["KeyId"],
        PolicyName="default",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "RootAccess",
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                        "Action": "kms:*",
                        "Resource": "*",
                    },
                    {
                        "Sid": "Everyone",
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "kms:Decrypt",
                        "Resource": "*",
                    },
                ],
            }
        ),
    )
    kms.enable_key_rotation(KeyId=public["KeyId"])

    retired = kms.create_key(Description="demo key being retired")["KeyMetadata"]
    kms.schedule_key_deletion(KeyId=retired["KeyId"], PendingWindowInDays=7)

    secondary = session.client("kms", region_name=SECONDARY_REGION)
    eu_key = secondary.create_key(Description="demo eu data key")["KeyMetadata"]
    secondary.enable_key_rotation(KeyId=eu_key["KeyId"])
    return arns


def seed_secrets(session: boto3.Session) -> None:
    """Store secrets properly (Secrets Manager, SecureString, ECS valueFrom) and improperly
    (plaintext Lambda environment, ECS environment, SSM String)."""
    secrets = session.client("secretsmanager", region_name=PRIMARY_REGION)
    database = secrets.create_secret(Name="prod/orders/db", SecretString=FAKE_DB_PASSWORD)["ARN"]
    # RotateSecret without a Lambda ARN: moto invokes a rotation function when given
    # one, which needs Docker. The secret still reads as rotating every 30 days.
    secrets.rotate_secret(SecretId=database, RotationRules={"AutomaticallyAfterDays": 30})
    secrets.create_secret(Name="prod/legacy/api-key", SecretString=FAKE_GITHUB_TOKEN)

    _seed_lambda_functions(session, database)
    _seed_task_definitions(session, database)
    _seed_parameters(session)


def _handler_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {'ok': True}\n")
    return buffer.getvalue()


def _seed_lambda_functions(session: boto3.Session, secret_arn: str) -> None:
    role = f"arn:aws:iam::{ACCOUNT_ID}:role/lambda-exec"
    functions: list[tuple[str, str, dict[str, str]]] = [
        (
            "orders-api",
            PRIMARY_REGION,
            {
                "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_ACCESS_KEY,
                "LOG_LEVEL": "info",
            },
        ),
        ("billing-worker", PRIMARY_REGION, {"DB_SECRET_ARN": secret_arn, "LOG_LEVEL": "info"}),
        ("eu-report-builder", SECONDARY_REGION, {"LOG_LEVEL": "warning"}),
    ]
    for name, region, variables in functions:
        session.client("lambda", region_name=region).create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=role,
            Handler="handler.handler",
            Code={"ZipFile": _handler_zip()},
            Environment={"Variables": variables},
        )
    # A resource policy that lets any principal invoke the function.
    session.client("lambda", region_name=PRIMARY_REGION).add_permission(
        FunctionName="orders-api",
        StatementId="public-invoke",
        Action="lambda:InvokeFunction",
        Principal="*",
    )


def _seed_task_definitions(session: boto3.Session, secret_arn: str) -> None:
    ecs = session.client("ecs", region_name=PRIMARY_REGION)
    ecs.register_task_definition(
        family="orders-web",
        containerDefinitions=[
            {
                "name": "web",
                "image": "public.ecr.aws/nginx/nginx:latest",
                "memory": 256,
                "environment": [
                    {"name": "DB_PASSWORD", "value": FAKE_DB_PASSWORD},
                    {"name": "PORT", "value": "8080"},
                ],
            }
        ],
    )
    ecs.register_task_definition(
        family="billing-worker",
        containerDefinitions=[
            {
                "name": "worker",
                "image": "public.ecr.aws/docker/library/python:3.12",
                "memory": 256,
                "secrets": [{"name": "DB_PASSWORD", "valueFrom": secret_arn}],
            }
        ],
    )


def _seed_parameters(session: boto3.Session) -> None:
    ssm = session.client("ssm", region_name=PRIMARY_REGION)
    ssm.put_parameter(Name="/prod/orders/db-password", Value=FAKE_DB_PASSWORD, Type="SecureString")
    ssm.put_parameter(Name="/prod/ci/github-token", Value=FAKE_GITHUB_TOKEN, Type="String")
    ssm.put_parameter(Name="/prod/orders/log-level", Value="info", Type="String")


def seed_s3(session: boto3.Session, data_key_arn: str) -> None:
    """Create a public bucket, an encrypted HTTPS-only bucket, a versioned and logged bucket,
    and a partial account-level Block Public Access."""
    s3 = session.client("s3", region_name=PRIMARY_REGION)
    public = f"demo-public-assets-{ACCOUNT_ID}"
    secure = f"demo-secure-data-{ACCOUNT_ID}"
    archive = f"demo-archive-{ACCOUNT_ID}"
    access_logs = f"demo-access-logs-{ACCOUNT_ID}"
    for bucket in (public, secure):
        s3.create_bucket(Bucket=bucket)
    # Server access logs go to a bucket in the source bucket's region.
    in_secondary = {"LocationConstraint": SECONDARY_REGION}
    s3.create_bucket(Bucket=archive, CreateBucketConfiguration=in_secondary)
    s3.create_bucket(
        Bucket=access_logs, CreateBucketConfiguration=in_secondary, ACL="log-delivery-write"
    )

    s3.put_bucket_policy(Bucket=public, Policy=_public_read_policy(public))
    s3.put_bucket_policy(Bucket=secure, Policy=_deny_http_policy(secure))
    s3.put_bucket_encryption(
        Bucket=secure,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": data_key_arn,
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_public_access_block(
        Bucket=secure,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_versioning(Bucket=archive, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_logging(
        Bucket=archive,
        BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": access_logs, "TargetPrefix": "archive/"}
        },
    )

    # Only the ACL half of the account-level block is on, so bucket policies
    # may still make buckets public.
    _s3control_client(session).put_public_access_block(
        AccountId=ACCOUNT_ID,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )


def _s3control_client(session: boto3.Session) -> Any:
    """Return an S3 Control client that stays on a configured endpoint such as moto_server."""
    client = session.client("s3control", region_name=PRIMARY_REGION)
    endpoint_url = configured_endpoint_url(client, session, PRIMARY_REGION, Config())
    if endpoint_url is not None:
        keep_on_endpoint(client, endpoint_url)
    return client


def _public_read_policy(bucket: str) -> str:
    statement: dict[str, Any] = {
        "Sid": "PublicRead",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _deny_http_policy(bucket: str) -> str:
    statement: dict[str, Any] = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
