"""Request context keys that AWS derives from the caller.

AWS sets these keys on every authenticated request (IAM User Guide, "AWS global
condition context keys"), so a simulated request carries them even when the
caller of the engine did not list them. A key the caller gives wins.

| caller                 | aws:PrincipalArn  | aws:PrincipalType | also set                   |
|------------------------|-------------------|-------------------|----------------------------|
| IAM user               | the user ARN      | User              | aws:username               |
| role session           | the role ARN      | AssumedRole       |                            |
| role ARN itself        | the role ARN      | AssumedRole       |                            |
| STS federated user     | its ARN           | FederatedUser     | aws:userid (ACCOUNT:name)  |
| account root           | the :root ARN     | Account           | aws:userid (the account)   |
| anonymous              |                   | Anonymous         |                            |
| service principal      |                   |                   | aws:PrincipalServiceName   |

Every IAM caller also gets aws:PrincipalAccount and aws:PrincipalIsAWSService
``false``; a service principal gets aws:PrincipalIsAWSService ``true``. Keys that
depend on data outside the ARN (aws:userid of users and roles, which contains the
unique id, aws:PrincipalTag/*, aws:PrincipalOrgID) are left for the caller to give.
"""

from __future__ import annotations

from seawall.policy.principal import Principal, PrincipalKind


def derived_context(principal: Principal | None) -> dict[str, str]:
    """Return the lower-cased context keys AWS derives from ``principal``."""
    if principal is None:
        return {}
    if principal.kind is PrincipalKind.SERVICE:
        return {
            "aws:principalisawsservice": "true",
            "aws:principalservicename": principal.identifier,
        }
    if principal.kind is PrincipalKind.ANONYMOUS:
        return {"aws:principaltype": "Anonymous"}
    if principal.kind is not PrincipalKind.AWS or principal.account is None:
        return {}
    return _iam_keys(principal, principal.account)


def _iam_keys(principal: Principal, account: str) -> dict[str, str]:
    arn = principal.identifier
    resource = arn.split(":", 5)[5]
    keys = {
        "aws:principalaccount": account,
        "aws:principalisawsservice": "false",
        "aws:principalarn": arn,
    }
    if principal.role_name is not None:
        # NOTE: a session ARN does not carry the role's path, so a role created
        # under a path gets arn:...:role/NAME here where AWS would give the path.
        keys["aws:principalarn"] = (
            f"arn:{principal.partition}:iam::{account}:role/{principal.role_name}"
        )
        keys["aws:principaltype"] = "AssumedRole"
    elif resource == "root":
        keys["aws:principaltype"] = "Account"
        keys["aws:userid"] = account
    elif resource.startswith("user/"):
        keys["aws:principaltype"] = "User"
        keys["aws:username"] = resource.rsplit("/", 1)[-1]
    elif resource.startswith("role/"):
        keys["aws:principaltype"] = "AssumedRole"
    elif resource.startswith("federated-user/"):
        keys["aws:principaltype"] = "FederatedUser"
        keys["aws:userid"] = f"{account}:{resource.split('/', 1)[1]}"
    return keys
