"""KMS key policies, role trust policies, VPC endpoint policies and RCP defaults.

Sources: AWS KMS Developer Guide, "Key policies in AWS KMS" (no IAM policy
allows access to a key unless the key policy allows it, directly or by
allowing the account); IAM User Guide, "Policy evaluation logic" and
"Cross-account policy evaluation logic" (a role trust policy that names the
principal's ARN is enough within the account, one that names the account
needs an identity-based policy, and cross-account both sides must allow);
AWS PrivateLink Guide, "Control access to VPC endpoints using endpoint
policies" (the endpoint policy must allow, and it does not grant on its own);
AWS Organizations User Guide, "Resource control policies" (RCPFullAWSAccess
is attached to every level and allows all).
"""

from __future__ import annotations

from typing import Any

import pytest

from seawall.policy import Decision, Policy, Principal, Request, evaluate, parse_policy
from seawall.policy.defaults import FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS, with_default_rcp
from seawall.policy.service_rules import ResourceRule, resource_rule

ACCOUNT = "111122223333"
OTHER = "444455556666"
ALICE = Principal.aws(f"arn:aws:iam::{ACCOUNT}:user/alice")
SESSION = Principal.aws(f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1")
STRANGER = Principal.aws(f"arn:aws:iam::{OTHER}:user/mallory")
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/deploy"
OBJECT = "arn:aws:s3:::data/report.csv"

ALLOWED = Decision.ALLOWED
IMPLICIT = Decision.IMPLICIT_DENY
EXPLICIT = Decision.EXPLICIT_DENY


def policy(*statements: dict[str, Any], name: str = "p") -> Policy:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name=name)


def grant(action: str, principal: Any = None, **extra: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Action": action, "Resource": "*", **extra}
    if principal is not None:
        statement["Principal"] = principal
    return statement


IDENTITY_KMS = policy(grant("kms:Decrypt"), name="identity-kms")
IDENTITY_ASSUME = policy(grant("sts:AssumeRole"), name="identity-assume")
KEY_DELEGATES = policy(grant("kms:*", {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), name="key")
KEY_NAMES_ALICE = policy(grant("kms:Decrypt", {"AWS": ALICE.identifier}), name="key")
KEY_NAMES_OTHER_ACCOUNT = policy(grant("kms:Decrypt", {"AWS": OTHER}), name="key")
KEY_ADMIN_ONLY = policy(
    grant("kms:*", {"AWS": f"arn:aws:iam::{ACCOUNT}:role/key-admin"}), name="key"
)
TRUST_NAMES_ALICE = policy(grant("sts:AssumeRole", {"AWS": ALICE.identifier}), name="trust")
TRUST_NAMES_ACCOUNT = policy(grant("sts:AssumeRole", {"AWS": ACCOUNT}), name="trust")
TRUST_NAMES_OTHER = policy(grant("sts:AssumeRole", {"AWS": OTHER}), name="trust")
TRUST_SERVICE = policy(grant("sts:AssumeRole", {"Service": "lambda.amazonaws.com"}), name="trust")


def kms(principal: Principal) -> Request:
    return Request("kms:Decrypt", KEY, principal=principal, resource_account=ACCOUNT)


def assume(principal: Principal) -> Request:
    return Request("sts:AssumeRole", ROLE, principal=principal, resource_account=ACCOUNT)


CASES = [
    # Key policies in AWS KMS.
    pytest.param(kms(ALICE), {"identity": [IDENTITY_KMS]}, ALLOWED, id="kms-no-key-policy-given"),
    pytest.param(
        kms(ALICE),
        {"identity": [IDENTITY_KMS], "resource": KEY_ADMIN_ONLY},
        IMPLICIT,
        id="kms-key-policy-silent-overrides-iam",
    ),
    pytest.param(
        kms(ALICE),
        {"identity": [IDENTITY_KMS], "resource": KEY_DELEGATES},
        ALLOWED,
        id="kms-key-policy-delegates-to-iam",
    ),
    pytest.param(
        kms(ALICE), {"resource": KEY_DELEGATES}, IMPLICIT, id="kms-delegation-needs-iam-allow"
    ),
    pytest.param(kms(ALICE), {"resource": KEY_NAMES_ALICE}, ALLOWED, id="kms-key-policy-direct"),
    pytest.param(
        kms(STRANGER),
        {"identity": [IDENTITY_KMS], "resource": KEY_NAMES_OTHER_ACCOUNT},
        ALLOWED,
        id="kms-cross-account-both-allow",
    ),
    pytest.param(
        kms(STRANGER),
        {"resource": KEY_NAMES_OTHER_ACCOUNT},
        IMPLICIT,
        id="kms-cross-account-needs-identity",
    ),
    pytest.param(
        kms(STRANGER),
        {"identity": [IDENTITY_KMS], "resource": KEY_DELEGATES},
        IMPLICIT,
        id="kms-cross-account-key-silent",
    ),
    # Role trust policies.
    pytest.param(
        assume(ALICE), {"resource": TRUST_NAMES_ALICE}, ALLOWED, id="trust-names-user-alone"
    ),
    pytest.param(
        assume(ALICE), {"resource": TRUST_NAMES_ACCOUNT}, IMPLICIT, id="trust-names-account-alone"
    ),
    pytest.param(
        assume(ALICE),
        {"identity": [IDENTITY_ASSUME], "resource": TRUST_NAMES_ACCOUNT},
        ALLOWED,
        id="trust-names-account-with-identity",
    ),
    pytest.param(
        assume(ALICE),
        {"identity": [IDENTITY_ASSUME], "resource": TRUST_SERVICE},
        IMPLICIT,
        id="trust-silent-overrides-identity",
    ),
    pytest.param(
        assume(STRANGER),
        {"identity": [IDENTITY_ASSUME], "resource": TRUST_NAMES_OTHER},
        ALLOWED,
        id="trust-cross-account-both-allow",
    ),
    pytest.param(
        assume(STRANGER), {"resource": TRUST_NAMES_OTHER}, IMPLICIT, id="trust-cross-account-alone"
    ),
    pytest.param(
        assume(Principal.service("lambda.amazonaws.com")),
        {"resource": TRUST_SERVICE},
        ALLOWED,
        id="trust-service-principal",
    ),
    # A general resource policy keeps the usual same-account rule.
    pytest.param(
        Request("s3:GetObject", OBJECT, principal=ALICE, resource_account=ACCOUNT),
        {
            "identity": [policy(grant("s3:GetObject"))],
            "resource": policy(grant("s3:GetObject", {"AWS": OTHER})),
        },
        ALLOWED,
        id="s3-identity-alone-same-account",
    ),
]


@pytest.mark.parametrize(("request_", "policies", "expected"), CASES)
def test_service_rule_decision(
    request_: Request, policies: dict[str, Any], expected: Decision
) -> None:
    assert evaluate(request_, **policies).decision is expected


def test_kms_silent_key_policy_reason() -> None:
    result = evaluate(kms(ALICE), identity=[IDENTITY_KMS], resource=KEY_ADMIN_ONLY)
    assert result.reason == (
        "the KMS key policy does not allow the request, so no identity-based policy can"
    )


def test_trust_account_only_reason() -> None:
    result = evaluate(assume(ALICE), resource=TRUST_NAMES_ACCOUNT)
    assert result.reason.startswith("the role trust policy allows only the account")


@pytest.mark.parametrize(
    ("action", "has_policy", "expected"),
    [
        pytest.param("kms:decrypt", True, ResourceRule.KEY_POLICY, id="kms"),
        pytest.param("kms:decrypt", False, ResourceRule.GENERAL, id="kms-without-policy"),
        pytest.param("sts:assumerole", True, ResourceRule.TRUST_POLICY, id="assume-role"),
        pytest.param(
            "sts:assumerolewithwebidentity", True, ResourceRule.TRUST_POLICY, id="web-identity"
        ),
        pytest.param("sts:getcalleridentity", True, ResourceRule.GENERAL, id="other-sts"),
        pytest.param("s3:getobject", True, ResourceRule.GENERAL, id="s3"),
    ],
)
def test_resource_rule(action: str, has_policy: bool, expected: ResourceRule) -> None:
    assert resource_rule(action, has_policy) is expected


ENDPOINT_S3_READ = policy(grant("s3:GetObject", "*"), name="vpce")
ENDPOINT_DENY_OTHER_ORG = policy(
    grant("*", "*"),
    {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "*",
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}},
    },
    name="vpce",
)


def s3_get(principal: Principal) -> Request:
    return Request("s3:GetObject", OBJECT, principal=principal, resource_account=ACCOUNT)


ENDPOINT_CASES = [
    pytest.param(
        s3_get(ALICE),
        {"identity": [policy(grant("s3:*"))], "endpoint": ENDPOINT_S3_READ},
        ALLOWED,
        id="endpoint-and-identity-allow",
    ),
    pytest.param(
        Request("s3:PutObject", OBJECT, principal=ALICE, resource_account=ACCOUNT),
        {"identity": [policy(grant("s3:*"))], "endpoint": ENDPOINT_S3_READ},
        IMPLICIT,
        id="endpoint-silent-blocks",
    ),
    pytest.param(
        s3_get(ALICE), {"endpoint": ENDPOINT_S3_READ}, IMPLICIT, id="endpoint-grants-nothing"
    ),
    pytest.param(
        s3_get(STRANGER),
        {
            "identity": [policy(grant("s3:*"))],
            "resource": policy(grant("s3:GetObject", {"AWS": OTHER})),
            "endpoint": ENDPOINT_DENY_OTHER_ORG,
        },
        EXPLICIT,
        id="endpoint-deny-uses-derived-account",
    ),
    pytest.param(
        s3_get(Principal.anonymous()),
        {"resource": policy(grant("s3:GetObject", "*")), "endpoint": ENDPOINT_S3_READ},
        ALLOWED,
        id="endpoint-anonymous-public-object",
    ),
]


@pytest.mark.parametrize(("request_", "policies", "expected"), ENDPOINT_CASES)
def test_endpoint_policy(request_: Request, policies: dict[str, Any], expected: Decision) -> None:
    assert evaluate(request_, **policies).decision is expected


DENY_EXTERNAL = policy(
    {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalAccount": ACCOUNT}},
    },
    name="rcp-deny-external",
)

RCP_CASES = [
    pytest.param(
        s3_get(ALICE), [[DENY_EXTERNAL]], IMPLICIT, id="deny-only-rcp-without-default-blocks"
    ),
    pytest.param(
        s3_get(ALICE), with_default_rcp([[DENY_EXTERNAL]]), ALLOWED, id="default-rcp-passes"
    ),
    pytest.param(
        s3_get(STRANGER), with_default_rcp([[DENY_EXTERNAL]]), EXPLICIT, id="rcp-denies-external"
    ),
    pytest.param(
        s3_get(Principal.anonymous()),
        with_default_rcp([[DENY_EXTERNAL], []]),
        EXPLICIT,
        id="rcp-applies-to-anonymous",
    ),
]


@pytest.mark.parametrize(("request_", "rcps", "expected"), RCP_CASES)
def test_rcp_levels(request_: Request, rcps: list[list[Policy]], expected: Decision) -> None:
    result = evaluate(
        request_,
        identity=[policy(grant("s3:*"))],
        resource=policy(grant("s3:GetObject", "*")),
        rcps=rcps,
    )
    assert result.decision is expected


def test_default_policies_allow_everything() -> None:
    request = s3_get(STRANGER)
    assert evaluate(request, identity=[FULL_AWS_ACCESS]).decision is IMPLICIT
    assert [s.principal is not None for s in RCP_FULL_AWS_ACCESS.statements] == [True]
    assert evaluate(request, resource=RCP_FULL_AWS_ACCESS, identity=[FULL_AWS_ACCESS]).allowed
