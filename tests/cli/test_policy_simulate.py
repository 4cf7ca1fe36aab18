"""``seawall policy simulate``: one request from options, or a batch of JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from seawall.cli.main import cli
from seawall.cli.simulate_input import MAX_NESTING, MAX_POLICY_BYTES

ACCOUNT = "111122223333"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
OBJECT = "arn:aws:s3:::data/report.csv"


def document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


ALLOW_S3 = document({"Sid": "S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"})
ALLOW_ALL = document({"Effect": "Allow", "Action": "*", "Resource": "*"})
DENY_S3 = document({"Sid": "NoS3", "Effect": "Deny", "Action": "s3:*", "Resource": "*"})
DENY_PLAIN_HTTP = document(
    {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
)
ALLOW_TAGGED = document(
    {
        "Effect": "Allow",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}},
    }
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """Write each sample policy to a file and return the paths by name."""
    paths = {}
    for name, content in {
        "allow_s3": ALLOW_S3,
        "allow_all": ALLOW_ALL,
        "deny_s3": DENY_S3,
        "deny_http": DENY_PLAIN_HTTP,
        "allow_tagged": ALLOW_TAGGED,
    }.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(content, indent=2))
        paths[name] = str(path)
    return paths


def simulate(*args: str, input_text: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["policy", "simulate", *args], input=input_text)


def base(*extra: str) -> list[str]:
    return ["--principal", ALICE, "--action", "s3:GetObject", "--resource", OBJECT, *extra]


def decision_of(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["decision"])


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param(["--identity-policy", "allow_s3"], "allowed", id="identity-allows"),
        pytest.param([], "implicit_deny", id="nothing-allows"),
        pytest.param(
            ["--identity-policy", "allow_s3", "--identity-policy", "deny_s3"],
            "explicit_deny",
            id="identity-deny",
        ),
        pytest.param(
            ["--identity-policy", "allow_s3", "--scp", "allow_all", "--scp", "allow_s3"],
            "allowed",
            id="scp-levels-allow",
        ),
        pytest.param(
            ["--identity-policy", "allow_s3", "--scp", "allow_all", "--scp", "deny_http"],
            "implicit_deny",
            id="scp-level-without-allow",
        ),
        pytest.param(
            ["--identity-policy", "allow_s3", "--scp", "allow_all", "--scp", "allow_s3,deny_s3"],
            "explicit_deny",
            id="two-scps-one-level",
        ),
        pytest.param(
            ["--identity-policy", "allow_s3", "--rcp", "deny_http"],
            "allowed",
            id="deny-only-rcp-gets-default-allow",
        ),
        pytest.param(
            [
                "--identity-policy",
                "allow_s3",
                "--rcp",
                "deny_http",
                "--context",
                "aws:SecureTransport=false",
            ],
            "explicit_deny",
            id="rcp-deny-with-context",
        ),
        pytest.param(
            ["--identity-policy", "allow_tagged", "--context", "aws:TagKeys=team,env"],
            "allowed",
            id="multi-valued-context",
        ),
        pytest.param(
            ["--identity-policy", "allow_tagged", "--context", "aws:TagKeys=team,owner"],
            "implicit_deny",
            id="multi-valued-context-extra",
        ),
        pytest.param(
            ["--identity-policy", "allow_s3", "--endpoint-policy", "deny_s3"],
            "explicit_deny",
            id="endpoint-policy",
        ),
        pytest.param(
            ["--identity-policy", "allow_s3", "--boundary", "deny_http"],
            "implicit_deny",
            id="boundary-without-allow",
        ),
        pytest.param(
            ["--identity-policy", "allow_s3", "--session-policy", "allow_all"],
            "allowed",
            id="session-policy-allows",
        ),
    ],
)
def test_simulate_decision(files: dict[str, str], options: list[str], expected: str) -> None:
    resolved = [",".join(files.get(p, p) for p in o.split(",")) for o in options]
    assert decision_of(simulate(*base(*resolved, "--format", "json"))) == expected


def test_simulate_json_explanation(files: dict[str, str]) -> None:
    result = simulate(*base("--identity-policy", files["allow_s3"], "--format", "json"))
    explanation = json.loads(result.stdout)["explanation"]
    assert explanation["reason"] == "allowed by identity-based policy"
    assert [(s["policy"], s["statement_index"], s["sid"]) for s in explanation["statements"]] == [
        (files["allow_s3"], 0, "S3")
    ]
    assert explanation["trace"][0]["matched"] is True


def test_simulate_text_output(files: dict[str, str]) -> None:
    result = simulate(*base("--identity-policy", files["deny_s3"]))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "decision: explicit_deny"
    assert lines[1] == "reason:   an explicit Deny overrides every Allow"
    assert lines[3].startswith(f"  {files['deny_s3']} statement 0 (NoS3): Deny statement matches")


def write(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "bad.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            '{"Version": "2012-10-17",\n "Statement": [}',
            "line 2 column 16: invalid JSON: Expecting value",
            id="not-json",
        ),
        pytest.param(
            "[" * (MAX_NESTING + 1),
            f"line 1 column {MAX_NESTING + 1}: JSON nests deeper than {MAX_NESTING} levels",
            id="too-deep",
        ),
        pytest.param(
            " " * (MAX_POLICY_BYTES + 1),
            f"the policy file has {MAX_POLICY_BYTES + 1} bytes",
            id="too-large",
        ),
        pytest.param(
            '{"Version": "2012-10-17",\n "Statement": 7}',
            "line 2 column 15: Statement: Statement must be an object or a list of objects",
            id="wrong-type",
        ),
        pytest.param(b"\xff\xfe", "byte 0: not valid UTF-8", id="not-utf8"),
    ],
)
def test_simulate_bad_policy_file(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = write(tmp_path, content)
    result = simulate(*base("--identity-policy", path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--principal", ALICE], "missing --action", id="missing-action"),
        pytest.param(
            ["--principal", "alice", "--action", "s3:GetObject"],
            "--principal: invalid AWS principal 'alice'",
            id="bad-principal",
        ),
        pytest.param(
            ["--action", "s3:GetObject", "--context", "novalue"],
            "--context 'novalue': expected KEY=VALUE",
            id="bad-context",
        ),
        pytest.param(
            ["--action", "s3:GetObject", "--context", "aws:SecureTransport=yes"],
            "context key 'aws:securetransport' is Bool but has the value 'yes'",
            id="context-wrong-type",
        ),
        pytest.param(["--action", "GetObject"], "invalid action 'GetObject'", id="bad-action"),
        pytest.param(
            ["--action", "s3:GetObject", "--identity-policy", "/nonexistent/p.json"],
            "/nonexistent/p.json: cannot read the policy file",
            id="missing-file",
        ),
    ],
)
def test_simulate_bad_option(args: list[str], message: str) -> None:
    result = simulate(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def line(**fields: Any) -> str:
    return json.dumps(fields)


def test_batch_results_in_order() -> None:
    request = {"principal": ALICE, "action": "s3:GetObject", "resource": OBJECT}
    lines = [
        line(**request, identity_policies=[ALLOW_S3]),
        "not json",
        line(**request, identity_policies=[ALLOW_S3], scps=[ALLOW_ALL, [ALLOW_S3, DENY_S3]]),
        line(**request, identity_policies=[{"Statement": 3}]),
        line(**request, identity_policies=[ALLOW_TAGGED], context={"aws:TagKeys": ["team"]}),
        line(
            **request,
            rcps=[DENY_PLAIN_HTTP],
            identity_policies=[ALLOW_S3],
            context={"aws:SecureTransport": False},
        ),
        line(action="s3:GetObject", unknown=1),
    ]
    result = simulate("--batch", "-", input_text="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(text) for text in result.stdout.splitlines()]
    assert [r.get("decision") for r in records] == [
        "allowed",
        None,
        "explicit_deny",
        None,
        "allowed",
        "explicit_deny",
        None,
    ]
    assert records[1] == {
        "error": "line 2: column 1: invalid JSON: Expecting value",
        "line": 2,
    }
    assert records[3]["line"] == 4
    assert records[3]["error"].startswith("line 4: identity_policies[0]: Statement: Statement must")
    assert records[6]["error"].startswith("line 7: unknown key 'unknown'")


def test_batch_from_file(tmp_path: Path) -> None:
    path = tmp_path / "requests.jsonl"
    path.write_text(line(action="s3:GetObject", identity_policies=[ALLOW_S3]) + "\n")
    result = simulate("--batch", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["decision"] == "allowed"


@pytest.mark.parametrize(
    ("args", "removed"),
    [
        pytest.param(["--action", "s3:GetObject"], "--action", id="action"),
        pytest.param(
            ["--principal", ALICE, "--resource", OBJECT], "--principal, --resource", id="two"
        ),
        pytest.param(["--scp", "a.json"], "--scp", id="scp"),
    ],
)
def test_batch_rejects_request_options(args: list[str], removed: str) -> None:
    result = simulate("--batch", "-", *args, input_text="")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --batch takes every request from the file; remove {removed}\n"
    )


def test_batch_allows_format() -> None:
    text = line(action="s3:GetObject", identity_policies=[ALLOW_S3]) + "\n"
    result = simulate("--batch", "-", "--format", "json", input_text=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["decision"] == "allowed"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"action": 3}, "line 1: action is missing or not a string", id="action-type"),
        pytest.param(
            {"action": "s3:GetObject", "context": []},
            "line 1: context must be an object of key to value",
            id="context-type",
        ),
        pytest.param(
            {"action": "s3:GetObject", "context": {"k": {"a": 1}}},
            "line 1: context key 'k' must be a string, number, boolean or a list of them",
            id="context-value-type",
        ),
        pytest.param(
            {"action": "s3:GetObject", "scps": {}},
            "line 1: scps must be a list of levels, root first",
            id="scps-type",
        ),
        pytest.param(
            {"action": "s3:GetObject", "resource_policy": "text"},
            "line 1: resource_policy: a policy must be a JSON object, not str",
            id="policy-type",
        ),
    ],
)
def test_batch_bad_line(fields: dict[str, Any], message: str) -> None:
    result = simulate("--batch", "-", input_text=json.dumps(fields) + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"error": message, "line": 1}
