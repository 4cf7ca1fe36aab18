from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from seawall.inventory.collect import CollectContext
from seawall.inventory.collectors.ssm import collect_ssm, redact_parameter_value

REGION = "us-east-1"
Statuses = Callable[[], dict[tuple[str, str, str, str], str]]
FAKE_TOKEN = "ghp_FAKEtokenFAKEtokenFAKEtokenFAKE0123"


def _put_parameters(session: boto3.Session) -> None:
    ssm = session.client("ssm", region_name=REGION)
    ssm.put_parameter(Name="/app/token", Value=FAKE_TOKEN, Type="String")
    ssm.put_parameter(Name="/app/hosts", Value="a.example,b.example", Type="StringList")
    ssm.put_parameter(Name="/app/password", Value=FAKE_TOKEN, Type="SecureString")


def test_ssm_reads_only_plain_parameters(
    session: boto3.Session, ctx: CollectContext, statuses: Statuses
) -> None:
    _put_parameters(session)

    collect_ssm(ctx, REGION)

    assert statuses() == {
        ("ssm", REGION, "DescribeParameters", ""): "ok",
        ("ssm", REGION, "GetParameter", "/app/token"): "ok",
        ("ssm", REGION, "GetParameter", "/app/hosts"): "ok",
    }


def test_ssm_parameter_value_redacted(session: boto3.Session, ctx: CollectContext) -> None:
    _put_parameters(session)

    collect_ssm(ctx, REGION)

    record = ctx.snapshot.get("ssm", "GetParameter", REGION, "/app/token")
    assert record is not None
    assert record.data["Parameter"]["Name"] == "/app/token"
    assert record.data["Parameter"]["Value"]["redacted"] is True
    assert record.data["Parameter"]["Value"]["length"] == len(FAKE_TOKEN)
    assert FAKE_TOKEN not in json.dumps([r.to_json() for r in ctx.snapshot.records.values()])


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({}, id="no-parameter"),
        pytest.param({"Parameter": {"Name": "n"}}, id="no-value"),
        pytest.param({"Parameter": {"Name": "n", "Value": None}, "Other": 1}, id="null-value"),
    ],
)
def test_redact_parameter_without_text(data: dict[str, Any]) -> None:
    redacted = redact_parameter_value(data)

    assert redacted.keys() == data.keys()
    if "Value" in data.get("Parameter", {}):
        assert redacted["Parameter"]["Value"]["redacted"] is True
    else:
        assert redacted == data


def test_redact_parameter_keeps_metadata() -> None:
    data = {"Parameter": {"Name": "n", "Type": "String", "Value": FAKE_TOKEN, "Version": 3}}

    redacted = redact_parameter_value(data)

    assert redacted["Parameter"]["Name"] == "n"
    assert redacted["Parameter"]["Version"] == 3
    assert redacted["Parameter"]["Value"]["length"] == len(FAKE_TOKEN)
    assert data["Parameter"]["Value"] == FAKE_TOKEN  # the input is not modified


def test_ssm_denied_get_parameter(
    session: boto3.Session,
    ctx: CollectContext,
    deny: Callable[[str, str], None],
    statuses: Statuses,
) -> None:
    _put_parameters(session)
    deny("ssm", "GetParameter")

    collect_ssm(ctx, REGION)

    assert statuses() == {
        ("ssm", REGION, "DescribeParameters", ""): "ok",
        ("ssm", REGION, "GetParameter", "/app/token"): "access_denied",
        ("ssm", REGION, "GetParameter", "/app/hosts"): "access_denied",
    }
