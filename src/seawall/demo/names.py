"""Fixed names of the demo account, shared by the seed and its tests."""

from __future__ import annotations

# moto's default account id.
ACCOUNT_ID = "123456789012"
# A made-up account that some roles trust. It exists nowhere.
PARTNER_ACCOUNT_ID = "210987654321"
PRIMARY_REGION = "us-east-1"
SECONDARY_REGION = "eu-west-1"
REGIONS = (PRIMARY_REGION, SECONDARY_REGION)

# Secret-looking values the seed plants in Lambda, ECS and SSM. They are the
# second example key pair of the AWS documentation or obviously fake tokens,
# and a snapshot must never contain any of them. The first example pair
# (AKIAIOSFODNN7EXAMPLE) is not used because moto returns that id as the
# caller's UserId, so it appears in every moto snapshot.
FAKE_ACCESS_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
FAKE_SECRET_ACCESS_KEY = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
FAKE_DB_PASSWORD = "Demo-Only-Passw0rd-4f9c2e"
FAKE_GITHUB_TOKEN = "ghp_DEMOonlyFAKEtoken0000000000000000000"
PLANTED_SECRETS = (FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY, FAKE_DB_PASSWORD, FAKE_GITHUB_TOKEN)
