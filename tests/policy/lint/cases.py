"""One or more named policies per lint code, with a marker where the finding must point.

``▶`` marks the character where the finding's line and column must be; ``located``
removes it before linting. ``policy`` wraps statement members in a full policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from seawall.policy.lint import PolicyType, Severity

MARK = "▶"
E, SW, W, S = Severity.ERROR, Severity.SECURITY_WARNING, Severity.WARNING, Severity.SUGGESTION
IDN, R, SCP, RCP, T, B = (
    PolicyType.IDENTITY,
    PolicyType.RESOURCE,
    PolicyType.SCP,
    PolicyType.RCP,
    PolicyType.TRUST,
    PolicyType.BOUNDARY,
)


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    severity: Severity
    text: str
    policy_type: PolicyType = IDN


def policy(*statements: str) -> str:
    body = ",\n  ".join("{" + statement + "}" for statement in statements)
    return '{"Version": "2012-10-17",\n "Statement": [\n  ' + body + "\n ]\n}"


OK_ALLOW = '"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"'
TRUST_BASE = '"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, '
BUCKET = '"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", '


def cond(block: str, action: str = '"s3:GetObject"') -> str:
    return f'"Effect": "Allow", "Action": {action}, "Resource": "*", "Condition": {{{block}}}'


LARGE_ACTIONS = ", ".join(['"ec2:DescribeInstances"'] * 300)
LARGE_TRUST = ", ".join(f'"arn:aws:iam::111122223333:role/r{i:04}"' for i in range(60))

CASES = [
    # The document as a whole.
    Case("invalid-json", "INVALID_JSON", E, '{"Version": "2012-10-17",▶}'),
    Case("empty-file", "INVALID_JSON", E, "▶"),
    Case("nan", "INVALID_JSON", E, '{"Version": ▶NaN}'),
    Case("too-deep", "NESTING_TOO_DEEP", E, "[" * 32 + MARK + "[" + "]" * 33),
    Case("not-object", "POLICY_NOT_OBJECT", E, '▶["Statement"]'),
    Case(
        "duplicate-key",
        "DUPLICATE_KEY",
        E,
        policy('"Effect": "Allow", ▶"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"'),
    ),
    Case(
        "unknown-top-level",
        "UNKNOWN_ELEMENT",
        E,
        '{"Version": "2012-10-17", ▶"Statements": [], "Statement": {' + OK_ALLOW + "}}",
    ),
    Case("unknown-in-statement", "UNKNOWN_ELEMENT", E, policy(OK_ALLOW + ', ▶"Actions": "s3:*"')),
    Case(
        "misplaced-effect",
        "MISPLACED_ELEMENT",
        E,
        '{"Version": "2012-10-17", ▶"Effect": "Allow", "Statement": {' + OK_ALLOW + "}}",
    ),
    Case(
        "misplaced-version", "MISPLACED_ELEMENT", E, policy(OK_ALLOW + ', ▶"Version": "2012-10-17"')
    ),
    Case("missing-version", "MISSING_VERSION", W, '▶{"Statement": {' + OK_ALLOW + "}}"),
    Case(
        "old-version",
        "OLD_VERSION",
        W,
        '{"Version": ▶"2008-10-17", "Statement": {' + OK_ALLOW + "}}",
    ),
    Case(
        "invalid-version",
        "INVALID_VERSION",
        E,
        '{"Version": ▶"2024-01-01", "Statement": {' + OK_ALLOW + "}}",
    ),
    Case("missing-statement", "MISSING_STATEMENT", E, '▶{"Version": "2012-10-17"}'),
    Case(
        "size-identity",
        "POLICY_SIZE_EXCEEDED",
        E,
        "▶" + policy('"Effect": "Allow", "Resource": "*", "Action": [' + LARGE_ACTIONS + "]"),
    ),
    Case(
        "size-scp",
        "POLICY_SIZE_EXCEEDED",
        E,
        "▶" + policy('"Effect": "Deny", "Resource": "*", "Action": [' + LARGE_ACTIONS + "]"),
        SCP,
    ),
    Case(
        "size-scp-white-space",
        "POLICY_SIZE_EXCEEDED",
        E,
        "▶" + policy(OK_ALLOW.replace('"Effect": ', '"Effect":' + " " * 5200)),
        SCP,
    ),
    Case(
        "trust-over-default",
        "TRUST_SIZE_OVER_DEFAULT",
        W,
        "▶"
        + policy(
            '"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": ['
            + LARGE_TRUST
            + "]}"
        ),
        T,
    ),
    Case("non-latin1", "INVALID_CHARACTER", E, policy('"Sid": "Caf\u00e9▶\u2603", ' + OK_ALLOW)),
    # Element shapes.
    Case(
        "wrong-type-effect",
        "WRONG_TYPE",
        E,
        policy('"Effect": ▶["Allow"], "Action": "s3:GetObject", "Resource": "*"'),
    ),
    Case(
        "wrong-type-action",
        "WRONG_TYPE",
        E,
        policy('"Effect": "Allow", "Action": ["s3:GetObject", ▶7], "Resource": "*"'),
    ),
    Case(
        "empty-action-array",
        "EMPTY_ARRAY",
        E,
        policy('"Effect": "Allow", "Action": ▶[], "Resource": "*"'),
    ),
    Case("empty-statement-array", "EMPTY_ARRAY", E, '{"Version": "2012-10-17", "Statement": ▶[]}'),
    Case(
        "empty-resource-string",
        "EMPTY_STRING",
        E,
        policy('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ▶""'),
    ),
    # Statement structure.
    Case(
        "missing-effect",
        "MISSING_EFFECT",
        E,
        policy('▶"Action": "s3:GetObject", "Resource": "*"').replace('{▶"Action"', '▶{"Action"'),
    ),
    Case(
        "invalid-effect",
        "INVALID_EFFECT",
        E,
        policy('"Effect": ▶"Permit", "Action": "s3:GetObject", "Resource": "*"'),
    ),
    Case(
        "lowercase-effect",
        "EFFECT_CASE",
        E,
        policy('"Effect": ▶"allow", "Action": "s3:GetObject", "Resource": "*"'),
    ),
    Case(
        "missing-action",
        "MISSING_ACTION",
        E,
        policy('"Effect": "Allow", "Resource": "*"').replace('{"Effect"', '▶{"Effect"'),
    ),
    Case(
        "action-and-notaction",
        "ACTION_AND_NOT_ACTION",
        E,
        policy(
            '"Effect": "Deny", "Action": "s3:GetObject", ▶"NotAction": "s3:PutObject", '
            '"Resource": "*"'
        ),
    ),
    Case(
        "missing-resource",
        "MISSING_RESOURCE",
        E,
        policy('"Effect": "Allow", "Action": "s3:GetObject"').replace('{"Effect"', '▶{"Effect"'),
    ),
    Case(
        "resource-and-notresource",
        "RESOURCE_AND_NOT_RESOURCE",
        E,
        policy(
            '"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", '
            '▶"NotResource": "arn:aws:s3:::b/*"'
        ),
    ),
    Case(
        "principal-and-notprincipal",
        "PRINCIPAL_AND_NOT_PRINCIPAL",
        E,
        policy(BUCKET + '"Resource": "arn:aws:s3:::b/*", ▶"NotPrincipal": {"AWS": "111122223333"}'),
        R,
    ),
    Case(
        "trust-with-resource",
        "RESOURCE_IN_TRUST_POLICY",
        E,
        policy(TRUST_BASE + '"Action": "sts:AssumeRole", ▶"Resource": "*"'),
        T,
    ),
    Case(
        "duplicate-sid",
        "DUPLICATE_SID",
        E,
        policy(
            '"Sid": "Read", ' + OK_ALLOW,
            '"Sid": ▶"Read", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"',
        ),
    ),
    Case("invalid-sid", "INVALID_SID", E, policy('"Sid": ▶"read only", ' + OK_ALLOW)),
    Case(
        "notaction-allow",
        "NOT_ACTION_WITH_ALLOW",
        W,
        policy('"Effect": "Allow", ▶"NotAction": "iam:*", "Resource": "*"'),
    ),
    Case(
        "notresource-allow",
        "NOT_RESOURCE_WITH_ALLOW",
        W,
        policy(
            '"Effect": "Allow", "Action": "s3:GetObject", ▶"NotResource": "arn:aws:s3:::secret/*"'
        ),
    ),
    Case(
        "notaction-notresource-allow",
        "NOT_ACTION_NOT_RESOURCE_ALLOW",
        SW,
        policy('"Effect": "Allow", ▶"NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret/*"'),
    ),
    Case(
        "duplicate-statement",
        "DUPLICATE_STATEMENT",
        S,
        policy('"Sid": "A", ' + OK_ALLOW, OK_ALLOW).replace(
            "},\n  {" + OK_ALLOW, "},\n  ▶{" + OK_ALLOW
        ),
    ),
    Case(
        "redundant-statement",
        "REDUNDANT_STATEMENT",
        S,
        policy('"Effect": "Allow", "Action": "s3:*", "Resource": "*"', OK_ALLOW).replace(
            "},\n  {" + OK_ALLOW, "},\n  ▶{" + OK_ALLOW
        ),
    ),
    Case(
        "redundant-statement-mutual",
        "REDUNDANT_STATEMENT",
        S,
        policy(
            '"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"',
            '"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": ["*"]',
        ).replace("},\n  {", "},\n  ▶{"),
    ),
    Case(
        "variable-without-version",
        "VARIABLE_WITHOUT_VERSION",
        W,
        '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", '
        '"Resource": ▶"arn:aws:s3:::home/${aws:username}/*"}}',
    ),
    Case(
        "id-not-string",
        "WRONG_TYPE",
        E,
        '{"Version": "2012-10-17", "Id": ▶5, "Statement": {' + OK_ALLOW + "}}",
    ),
    # Actions.
    Case(
        "action-no-colon",
        "INVALID_ACTION_FORMAT",
        E,
        policy('"Effect": "Allow", "Action": ▶"s3GetObject", "Resource": "*"'),
    ),
    Case(
        "unknown-service",
        "UNKNOWN_SERVICE",
        W,
        policy('"Effect": "Allow", "Action": ▶"s4:GetObject", "Resource": "*"'),
    ),
    Case(
        "unknown-action",
        "UNKNOWN_ACTION",
        W,
        policy('"Effect": "Allow", "Action": ▶"s3:GetObjekt", "Resource": "*"'),
    ),
    Case(
        "wildcard-no-match",
        "ACTION_WILDCARD_NO_MATCH",
        W,
        policy('"Effect": "Allow", "Action": ▶"s3:Gett*", "Resource": "*"'),
    ),
    Case(
        "action-case",
        "ACTION_NAME_CASE",
        S,
        policy('"Effect": "Allow", "Action": ▶"s3:getobject", "Resource": "*"'),
    ),
    Case(
        "duplicate-action",
        "DUPLICATE_ACTION",
        S,
        policy('"Effect": "Allow", "Action": ["s3:GetObject", ▶"S3:GetObject"], "Resource": "*"'),
    ),
    Case(
        "redundant-action",
        "REDUNDANT_ACTION",
        S,
        policy('"Effect": "Allow", "Action": [▶"s3:GetObject", "s3:Get*"], "Resource": "*"'),
    ),
    Case(
        "passrole-star",
        "PASS_ROLE_ANY_RESOURCE",
        SW,
        policy('"Effect": "Allow", "Action": ▶"iam:PassRole", "Resource": "*"'),
    ),
    Case(
        "passrole-wildcard",
        "PASS_ROLE_ANY_RESOURCE",
        SW,
        policy('"Effect": "Allow", "Action": ["s3:GetObject", ▶"iam:Pass*"], "Resource": ["*"]'),
    ),
    Case(
        "allow-all", "ALLOW_ALL", SW, policy('"Effect": "Allow", "Action": ▶"*", "Resource": "*"')
    ),
    Case(
        "scp-wildcard-middle",
        "SCP_ACTION_WILDCARD_POSITION",
        E,
        policy('"Effect": "Deny", "Action": ▶"s3:*Object", "Resource": "*"'),
        SCP,
    ),
    Case(
        "trust-wrong-action",
        "TRUST_ACTION_NOT_STS",
        E,
        policy(TRUST_BASE + '"Action": ▶"s3:GetObject"'),
        T,
    ),
    # Resources.
    Case(
        "not-an-arn",
        "INVALID_ARN",
        E,
        policy('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ▶"my-bucket/*"'),
    ),
    Case(
        "bad-partition",
        "INVALID_ARN_PARTITION",
        E,
        policy('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ▶"arn:amazon:s3:::b/*"'),
    ),
    Case(
        "bad-region",
        "INVALID_ARN_REGION",
        E,
        policy(
            '"Effect": "Allow", "Action": "sqs:SendMessage", '
            '"Resource": ▶"arn:aws:sqs:virginia:111122223333:q"'
        ),
    ),
    Case(
        "bad-account",
        "INVALID_ARN_ACCOUNT",
        E,
        policy(
            '"Effect": "Allow", "Action": "sqs:SendMessage", '
            '"Resource": ▶"arn:aws:sqs:us-east-1:1234:q"'
        ),
    ),
    Case(
        "arn-service-case",
        "ARN_SERVICE_CASE",
        E,
        policy('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ▶"arn:aws:S3:::b/*"'),
    ),
    Case(
        "arn-unknown-service",
        "UNKNOWN_ARN_SERVICE",
        W,
        policy('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ▶"arn:aws:s4:::b/k"'),
    ),
    Case(
        "resource-type-mismatch",
        "RESOURCE_TYPE_MISMATCH",
        E,
        policy('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ▶"arn:aws:s3:::bucket"'),
    ),
    Case(
        "duplicate-resource",
        "DUPLICATE_RESOURCE",
        S,
        policy(
            '"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/k", '
            '▶"arn:aws:s3:::b/k"]'
        ),
    ),
    Case(
        "redundant-resource",
        "REDUNDANT_RESOURCE",
        S,
        policy(
            '"Effect": "Allow", "Action": "s3:GetObject", "Resource": [▶"arn:aws:s3:::b/k", '
            '"arn:aws:s3:::b/*"]'
        ),
    ),
    # Principals.
    Case(
        "principal-in-identity",
        "PRINCIPAL_NOT_ALLOWED",
        E,
        policy(OK_ALLOW + ', ▶"Principal": {"AWS": "111122223333"}'),
    ),
    Case(
        "principal-in-scp",
        "PRINCIPAL_NOT_ALLOWED",
        E,
        policy('"Effect": "Deny", "Action": "s3:*", "Resource": "*", ▶"Principal": "*"'),
        SCP,
    ),
    Case(
        "missing-principal",
        "MISSING_PRINCIPAL",
        E,
        policy(
            '"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"'
        ).replace('{"Effect"', '▶{"Effect"'),
        R,
    ),
    Case(
        "notprincipal-allow",
        "NOT_PRINCIPAL_WITH_ALLOW",
        SW,
        policy(
            '"Effect": "Allow", ▶"NotPrincipal": {"AWS": "111122223333"}, '
            '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"'
        ),
        R,
    ),
    Case(
        "notprincipal-deny",
        "NOT_PRINCIPAL_WITH_DENY",
        W,
        policy(
            '"Effect": "Deny", ▶"NotPrincipal": {"AWS": "111122223333"}, '
            '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"'
        ),
        R,
    ),
    Case(
        "principal-type",
        "INVALID_PRINCIPAL_TYPE",
        E,
        policy(
            '"Effect": "Allow", "Principal": {▶"Account": "111122223333"}, '
            '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"'
        ),
        R,
    ),
    Case(
        "principal-string",
        "INVALID_PRINCIPAL_STRING",
        E,
        policy(
            '"Effect": "Allow", "Principal": ▶"111122223333", "Action": "s3:GetObject", '
            '"Resource": "arn:aws:s3:::b/*"'
        ),
        R,
    ),
    Case(
        "aws-principal",
        "INVALID_AWS_PRINCIPAL",
        E,
        policy(
            '"Effect": "Allow", "Principal": {"AWS": ▶"alice"}, "Action": "s3:GetObject", '
            '"Resource": "arn:aws:s3:::b/*"'
        ),
        R,
    ),
    Case(
        "principal-wildcard",
        "PRINCIPAL_WILDCARD",
        E,
        policy(
            '"Effect": "Allow", "Principal": {"AWS": ▶"arn:aws:iam::111122223333:role/*"}, '
            '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"'
        ),
        R,
    ),
    Case(
        "service-principal",
        "INVALID_SERVICE_PRINCIPAL",
        E,
        policy(
            '"Effect": "Allow", "Principal": {"Service": ▶"Lambda"}, "Action": "sts:AssumeRole"'
        ),
        T,
    ),
    Case(
        "public-principal",
        "PUBLIC_PRINCIPAL",
        SW,
        policy(
            '"Effect": "Allow", "Principal": ▶"*", "Action": "s3:GetObject", '
            '"Resource": "arn:aws:s3:::b/*"'
        ),
        R,
    ),
    Case(
        "public-aws-principal",
        "PUBLIC_PRINCIPAL",
        SW,
        policy(
            '"Effect": "Allow", "Principal": {"AWS": ▶"*"}, "Action": "s3:GetObject", '
            '"Resource": "arn:aws:s3:::b/*"'
        ),
        R,
    ),
    Case(
        "rcp-principal",
        "RCP_PRINCIPAL_NOT_STAR",
        E,
        policy(
            '"Effect": "Deny", "Principal": ▶{"AWS": "111122223333"}, "Action": "s3:*", '
            '"Resource": "*"'
        ),
        RCP,
    ),
    Case(
        "web-identity-open",
        "WEB_IDENTITY_WITHOUT_CONDITION",
        SW,
        policy(
            '"Effect": "Allow", '
            '"Principal": {"Federated": ▶"arn:aws:iam::111122223333:oidc-provider/'
            'token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity"'
        ),
        T,
    ),
    # Conditions.
    Case(
        "unknown-operator",
        "UNKNOWN_OPERATOR",
        E,
        policy(cond('▶"StringEqual": {"aws:PrincipalTag/team": "a"}')),
    ),
    Case(
        "bad-set-prefix",
        "INVALID_SET_OPERATOR",
        E,
        policy(cond('▶"ForAll:StringEquals": {"aws:TagKeys": "a"}')),
    ),
    Case(
        "null-ifexists",
        "IF_EXISTS_ON_NULL",
        E,
        policy(cond('▶"NullIfExists": {"aws:TokenIssueTime": "true"}')),
    ),
    Case(
        "null-set-prefix",
        "SET_OPERATOR_ON_NULL",
        E,
        policy(cond('▶"ForAnyValue:Null": {"aws:TagKeys": "true"}')),
    ),
    Case(
        "empty-condition",
        "EMPTY_CONDITION",
        W,
        policy('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ▶{}'),
    ),
    Case("empty-operator", "EMPTY_CONDITION", W, policy(cond('"StringEquals": ▶{}'))),
    Case(
        "key-no-prefix",
        "INVALID_CONDITION_KEY",
        E,
        policy(cond('"IpAddress": {▶"SourceIp": "203.0.113.0/24"}')),
    ),
    Case(
        "unknown-global-key",
        "UNKNOWN_GLOBAL_KEY",
        W,
        policy(cond('"StringEquals": {▶"aws:PrincipalTeam": "a"}')),
    ),
    Case(
        "unknown-service-key",
        "UNKNOWN_CONDITION_KEY",
        W,
        policy(cond('"StringEquals": {▶"s3:BucketColor": "red"}')),
    ),
    Case(
        "key-not-for-action",
        "KEY_NOT_FOR_ACTIONS",
        W,
        policy(cond('"StringEquals": {▶"ec2:InstanceType": "t3.micro"}')),
    ),
    Case(
        "key-case-duplicate",
        "CONDITION_KEY_CASE_DUPLICATE",
        E,
        policy(
            cond(
                '"StringEquals": {"aws:PrincipalAccount": "111122223333", '
                '▶"aws:principalaccount": "444455556666"}'
            )
        ),
    ),
    Case(
        "date-on-string-key",
        "OPERATOR_TYPE_MISMATCH",
        E,
        policy(cond('"DateGreaterThan": {▶"aws:PrincipalAccount": "2024-01-01"}')),
    ),
    Case(
        "forallvalues-single",
        "FOR_ALL_VALUES_SINGLE_VALUED",
        SW,
        policy(cond('"ForAllValues:StringEquals": {▶"aws:PrincipalAccount": "111122223333"}')),
    ),
    Case(
        "foranyvalue-single",
        "FOR_ANY_VALUE_SINGLE_VALUED",
        W,
        policy(cond('"ForAnyValue:StringEquals": {▶"aws:PrincipalAccount": "111122223333"}')),
    ),
    Case(
        "multivalued-plain",
        "MULTIVALUED_WITHOUT_SET_OPERATOR",
        W,
        policy(cond('"StringEquals": {▶"aws:TagKeys": "team"}')),
    ),
    Case(
        "date-value",
        "INVALID_DATE_VALUE",
        E,
        policy(cond('"DateLessThan": {"aws:CurrentTime": ▶"tomorrow"}')),
    ),
    Case(
        "numeric-value",
        "INVALID_NUMERIC_VALUE",
        E,
        policy(cond('"NumericLessThan": {"aws:MultiFactorAuthAge": ▶"an hour"}')),
    ),
    Case(
        "bool-yes", "INVALID_BOOL_VALUE", E, policy(cond('"Bool": {"aws:SecureTransport": ▶"yes"}'))
    ),
    Case(
        "null-value",
        "INVALID_NULL_VALUE",
        E,
        policy(cond('"Null": {"aws:TokenIssueTime": ▶"maybe"}')),
    ),
    Case(
        "ip-value",
        "INVALID_IP_VALUE",
        E,
        policy(cond('"IpAddress": {"aws:SourceIp": ▶"203.0.113.300"}')),
    ),
    Case(
        "arn-value",
        "INVALID_ARN_VALUE",
        E,
        policy(cond('"ArnEquals": {"aws:SourceArn": ▶"my-topic"}')),
    ),
    Case(
        "binary-value",
        "INVALID_BINARY_VALUE",
        E,
        policy(cond('"BinaryEquals": {"s3:ExistingObjectTag/k": ▶"not base64!"}')),
    ),
    Case(
        "bool-both",
        "BOOL_BOTH_VALUES",
        W,
        policy(cond('"Bool": {"aws:SecureTransport": [▶"true", "false"]}')),
    ),
    Case(
        "equals-wildcard",
        "WILDCARD_WITHOUT_LIKE",
        W,
        policy(cond('"StringEquals": {"aws:PrincipalTag/team": ▶"dev*"}')),
    ),
    Case(
        "arnequals-wildcard",
        "WILDCARD_WITHOUT_LIKE",
        W,
        policy(cond('"ArnEquals": {"aws:SourceArn": ▶"arn:aws:sns:*:111122223333:t"}')),
    ),
    Case(
        "like-no-wildcard",
        "LIKE_WITHOUT_WILDCARD",
        S,
        policy(cond('"StringLike": {"aws:PrincipalTag/team": ▶"dev"}')),
    ),
    Case(
        "variable-numeric",
        "VARIABLE_WITH_NON_STRING_OPERATOR",
        E,
        policy(
            cond('"NumericLessThan": {"aws:MultiFactorAuthAge": ▶"${aws:PrincipalTag/maxage}"}')
        ),
    ),
    Case(
        "duplicate-condition-value",
        "DUPLICATE_CONDITION_VALUE",
        S,
        policy(cond('"StringEquals": {"aws:PrincipalTag/team": ["a", ▶"a"]}')),
    ),
]


def located(text: str) -> tuple[str, int, int]:
    """Remove the marker and return the text with the marker's 1-based line and column."""
    offset = text.index(MARK)
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return before + text[offset + len(MARK) :], line, column


@dataclass(frozen=True)
class BytesCase:
    """A case that only raw file bytes can show; the finding is always at line 1, column 1."""

    name: str
    code: str
    severity: Severity
    data: bytes


BYTE_CASES = [
    BytesCase("latin1-file", "INVALID_ENCODING", E, '{"Sid": "Café"}'.encode("latin-1")),
    BytesCase("huge-file", "FILE_TOO_LARGE", E, b" " * (1024 * 1024 + 1)),
]
