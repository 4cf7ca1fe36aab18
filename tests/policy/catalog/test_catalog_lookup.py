from __future__ import annotations

import pytest

from seawall.policy.catalog import AccessLevel, Catalog, CatalogError, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("name", "canonical", "level"),
    [
        pytest.param("s3:GetObject", "s3:GetObject", AccessLevel.READ, id="s3-getobject"),
        pytest.param("S3:getobject", "s3:GetObject", AccessLevel.READ, id="any-case"),
        pytest.param("iam:PassRole", "iam:PassRole", AccessLevel.WRITE, id="passrole"),
        pytest.param(
            "iam:PutRolePolicy",
            "iam:PutRolePolicy",
            AccessLevel.PERMISSIONS_MANAGEMENT,
            id="putrolepolicy",
        ),
        pytest.param(
            "iam:AttachRolePolicy",
            "iam:AttachRolePolicy",
            AccessLevel.PERMISSIONS_MANAGEMENT,
            id="attachrolepolicy",
        ),
        pytest.param(
            "s3:ListAllMyBuckets", "s3:ListAllMyBuckets", AccessLevel.LIST, id="listallmybuckets"
        ),
        pytest.param("s3:TagResource", "s3:TagResource", AccessLevel.TAGGING, id="s3-tagresource"),
        pytest.param("ec2:CreateTags", "ec2:CreateTags", AccessLevel.TAGGING, id="ec2-createtags"),
        pytest.param("s3:PutObject", "s3:PutObject", AccessLevel.WRITE, id="putobject"),
        pytest.param(
            "ec2:DescribeInstances", "ec2:DescribeInstances", AccessLevel.LIST, id="describe"
        ),
        pytest.param("kms:Decrypt", "kms:Decrypt", AccessLevel.WRITE, id="kms-decrypt"),
    ],
)
def test_action_access_level(
    catalog: Catalog, name: str, canonical: str, level: AccessLevel
) -> None:
    action = catalog.action(name)

    assert action is not None
    assert action.name == canonical
    assert action.access_level is level


@pytest.mark.parametrize(
    ("name", "resources"),
    [
        pytest.param("iam:PassRole", [("role", True)], id="passrole"),
        pytest.param(
            "s3:GetObject", [("accesspointobject", False), ("object", False)], id="getobject"
        ),
        pytest.param("s3:ListAllMyBuckets", [], id="no-resource"),
        pytest.param("kms:Decrypt", [("key", True)], id="kms-key"),
    ],
)
def test_action_resource_types(
    catalog: Catalog, name: str, resources: list[tuple[str, bool]]
) -> None:
    action = catalog.action(name)

    assert action is not None
    assert [(item.name, item.required) for item in action.resource_types] == resources


def test_action_condition_keys(catalog: Catalog) -> None:
    action = catalog.action("iam:PassRole")

    assert action is not None
    assert action.condition_keys == ("iam:AssociatedResourceArn", "iam:PassedToService")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("s3:GetObjectz", id="unknown-action"),
        pytest.param("nosuchservice:GetObject", id="unknown-service"),
    ],
)
def test_action_unknown_is_none(catalog: Catalog, name: str) -> None:
    assert catalog.action(name) is None


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("s3GetObject", id="no-colon"),
        pytest.param(":GetObject", id="no-service"),
        pytest.param("s3:", id="no-action"),
    ],
)
def test_action_malformed_name_raises(catalog: Catalog, name: str) -> None:
    with pytest.raises(CatalogError, match="expected service:Action"):
        catalog.action(name)


def test_service_lookup_any_case(catalog: Catalog) -> None:
    service = catalog.service("IAM")

    assert service is not None
    assert service.prefix == "iam"
    assert service.name == "AWS Identity and Access Management (IAM)"
    assert catalog.service("nosuchservice") is None


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param("s3:get?bject", ["s3:GetObject"], id="qmark"),
        pytest.param("S3:GETOBJECT", ["s3:GetObject"], id="literal-any-case"),
        pytest.param("iam:?etRole", ["iam:GetRole"], id="qmark-first"),
        pytest.param(
            "sts:Assume*",
            [
                "sts:AssumeRole",
                "sts:AssumeRoleWithSAML",
                "sts:AssumeRoleWithWebIdentity",
                "sts:AssumeRoot",
            ],
            id="star-suffix",
        ),
        pytest.param(
            "s3:Get*Tagging",
            [
                "s3:GetBucketTagging",
                "s3:GetJobTagging",
                "s3:GetObjectTagging",
                "s3:GetObjectVersionTagging",
                "s3:GetStorageLensConfigurationTagging",
            ],
            id="star-middle",
        ),
        pytest.param("s3:NoSuch*", [], id="no-match"),
        pytest.param("nosuchservice:*", [], id="unknown-service"),
        pytest.param("s3:Get.bject", [], id="dot-is-literal"),
    ],
)
def test_expand_exact(catalog: Catalog, pattern: str, expected: list[str]) -> None:
    assert catalog.expand(pattern) == expected


def test_expand_s3_get_star(catalog: Catalog) -> None:
    names = catalog.expand("s3:Get*")

    assert "s3:GetObject" in names
    assert "s3:PutObject" not in names
    assert all(name.startswith("s3:Get") for name in names)


def test_expand_iam_star_is_whole_service(catalog: Catalog) -> None:
    names = catalog.expand("iam:*")
    service = catalog.service("iam")

    assert service is not None
    assert len(names) == len(service.actions)
    assert len(names) >= 150
    assert names == sorted(names)


def test_expand_star_is_every_action(catalog: Catalog) -> None:
    assert len(catalog.expand("*")) == catalog.action_count


def test_expand_wildcard_service(catalog: Catalog) -> None:
    names = catalog.expand("*:GetObject")

    assert "s3:GetObject" in names
    assert "s3:PutObject" not in names


def test_expand_malformed_pattern_raises(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="invalid action name `s3Get\\*`"):
        catalog.expand("s3Get*")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("s3:GetObjct", ["s3:GetObject", "s3:GetObjectAcl", "s3:PutObject"], id="typo"),
        pytest.param(
            "iam:PasRole", ["iam:PassRole", "iam:TagRole", "iam:UpdateRole"], id="missing-letter"
        ),
        pytest.param(
            "s4:GetObject", ["s3:GetObject", "s3:GetObjectAcl", "s3:PutObject"], id="bad-prefix"
        ),
        pytest.param(
            "lamda:InvokeFunction",
            ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl", "lambda:GetFunction"],
            id="misspelled-prefix",
        ),
        pytest.param("zzzz:Qqqq", [], id="nothing-close"),
    ],
)
def test_nearest_action(catalog: Catalog, name: str, expected: list[str]) -> None:
    assert catalog.nearest_action(name) == expected


ACCOUNT = "123456789012"


@pytest.mark.parametrize(
    ("arn", "service", "expected"),
    [
        pytest.param("arn:aws:s3:::my-bucket", "s3", ["bucket"], id="s3-bucket"),
        pytest.param("arn:aws:s3:::my-bucket/key", "s3", ["object"], id="s3-object"),
        pytest.param("arn:aws:s3:::my-bucket/a/b/c.txt", "s3", ["object"], id="s3-object-path"),
        pytest.param("arn:aws:s3:::my-bucket/*", "s3", ["object"], id="s3-object-wildcard"),
        pytest.param("arn:aws-cn:s3:::b/k", "s3", ["object"], id="s3-china-partition"),
        pytest.param(
            f"arn:aws:s3:us-east-1:{ACCOUNT}:accesspoint/ap/object/k",
            "s3",
            ["accesspointobject"],
            id="s3-access-point-object",
        ),
        pytest.param(f"arn:aws:iam::{ACCOUNT}:role/admin", "iam", ["role"], id="iam-role"),
        pytest.param(
            f"arn:aws:iam::{ACCOUNT}:role/service-role/x", "iam", ["role"], id="iam-role-path"
        ),
        pytest.param(f"arn:aws:iam::{ACCOUNT}:user/alice", "iam", ["user"], id="iam-user"),
        pytest.param(f"arn:aws:iam::{ACCOUNT}:policy/p", "iam", ["policy"], id="iam-policy"),
        pytest.param(
            f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f", "lambda", ["function"], id="fn"
        ),
        pytest.param(
            f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f:prod",
            "lambda",
            ["function alias", "function version"],
            id="fn-qualified",
        ),
        pytest.param(
            f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:l", "lambda", ["layer"], id="layer"
        ),
        pytest.param(
            f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:l:3",
            "lambda",
            ["layerVersion"],
            id="layer-version",
        ),
        pytest.param(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k-1", "kms", ["key"], id="kms-key"),
        pytest.param(f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/a", "kms", ["alias"], id="kms-alias"),
        pytest.param(
            f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t/index/i",
            "dynamodb",
            ["index"],
            id="dynamodb-index",
        ),
        pytest.param("arn:aws:s3:::My-Bucket/K", "iam", [], id="other-service"),
        pytest.param(f"arn:aws:iam::{ACCOUNT}:ROLE/admin", "iam", [], id="case-sensitive"),
    ],
)
def test_resource_types_for_arn(
    catalog: Catalog, arn: str, service: str, expected: list[str]
) -> None:
    found = catalog.resource_types_for_arn(arn, service=service)

    assert [item.name for item in found] == expected
    assert all(item.service == service for item in found)


def test_resource_types_for_arn_all_services(catalog: Catalog) -> None:
    found = catalog.resource_types_for_arn(f"arn:aws:iam::{ACCOUNT}:user/alice")

    assert [(item.service, item.name) for item in found] == [("codestar", "user"), ("iam", "user")]


def test_resource_types_for_arn_prefers_own_service(catalog: Catalog) -> None:
    # AWS Backup's recovery point format has a placeholder service and fits any ARN.
    found = catalog.resource_types_for_arn(f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f")

    assert [(item.service, item.name) for item in found] == [("lambda", "function")]


@pytest.mark.parametrize(
    "arn",
    [
        pytest.param("s3:::bucket", id="no-arn-prefix"),
        pytest.param("arn:aws:s3", id="too-few-segments"),
    ],
)
def test_resource_types_for_arn_invalid(catalog: Catalog, arn: str) -> None:
    with pytest.raises(CatalogError, match=f"invalid ARN `{arn}`"):
        catalog.resource_types_for_arn(arn)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param("aws:SourceIp", "IPAddress", id="global-ip"),
        pytest.param("AWS:SOURCEIP", "IPAddress", id="global-any-case"),
        pytest.param("aws:CurrentTime", "Date", id="global-date"),
        pytest.param("aws:MultiFactorAuthAge", "Numeric", id="global-numeric"),
        pytest.param("aws:SecureTransport", "Bool", id="global-bool"),
        pytest.param("aws:PrincipalArn", "ARN", id="global-arn"),
        pytest.param("aws:TagKeys", "ArrayOfString", id="global-array"),
        pytest.param("aws:PrincipalTag/team", "String", id="global-template"),
        pytest.param("lambda:SourceFunctionArn", "ARN", id="cross-service"),
        pytest.param("s3:max-keys", "Numeric", id="service-numeric"),
        pytest.param("iam:PermissionsBoundary", "ARN", id="service-arn"),
        pytest.param("kms:GrantIsForAWSResource", "Bool", id="service-bool"),
        pytest.param("kms:EncryptionContext:purpose", "String", id="service-template"),
        pytest.param("ec2:ResourceTag/Env", "String", id="service-tag"),
        pytest.param("aws:NoSuchKey", None, id="unknown-global"),
        pytest.param("s3:NoSuchKey", None, id="unknown-service-key"),
        pytest.param("nosuch:Key", None, id="unknown-prefix"),
        pytest.param("SourceIp", None, id="no-prefix"),
    ],
)
def test_condition_key_type(catalog: Catalog, key: str, expected: str | None) -> None:
    assert catalog.condition_key(key) == expected


@pytest.mark.parametrize(
    ("key", "action", "expected"),
    [
        pytest.param("s3:x-amz-acl", "s3:PutObject", "String", id="listed"),
        pytest.param("s3:x-amz-acl", "s3:GetObject", None, id="not-listed"),
        pytest.param("iam:PassedToService", "iam:PassRole", "String", id="passrole"),
        pytest.param("s3:ExistingObjectTag/Env", "s3:GetObject", "String", id="angle-template"),
        pytest.param("ec2:ResourceTag/Env", "ec2:RunInstances", "String", id="on-resource-type"),
        pytest.param("aws:SourceIp", "s3:GetObject", "IPAddress", id="global-always"),
    ],
)
def test_condition_key_for_action(
    catalog: Catalog, key: str, action: str, expected: str | None
) -> None:
    assert catalog.condition_key(key, action=action) == expected


def test_condition_key_unknown_action(catalog: Catalog) -> None:
    with pytest.raises(
        CatalogError, match="unknown action `s3:GetObjct`, did you mean s3:GetObject"
    ):
        catalog.condition_key("s3:prefix", action="s3:GetObjct")
