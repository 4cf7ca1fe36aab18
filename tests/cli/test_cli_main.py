from __future__ import annotations

import logging
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

import seawall
import seawall.cli.scan
from seawall.cli.logging_setup import configure_logging
from seawall.cli.main import cli, main


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])

    assert result.exit_code == 0
    assert result.stdout == f"seawall, version {seawall.__version__}\n"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--help"], id="group"),
        pytest.param(["scan", "--help"], id="scan"),
        pytest.param(["collect", "--help"], id="collect"),
        pytest.param(["checks", "list", "--help"], id="checks-list"),
    ],
)
def test_help_exits_zero(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)

    assert result.exit_code == 0
    assert "Usage: " in result.stdout


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])

    for command in ("scan", "collect", "checks"):
        assert f"  {command} " in result.stdout


def test_unknown_command_exit_2() -> None:
    result = CliRunner().invoke(cli, ["scna"])

    assert result.exit_code == 2
    assert "No such command 'scna'" in result.stderr


def test_main_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["scan", "--max-workers", "0"])

    assert stopped.value.code == 2
    assert "Invalid value for '--max-workers'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(KeyboardInterrupt(), id="keyboard-interrupt"),
        pytest.param(click.Abort(), id="click-abort"),
    ],
)
def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def interrupted() -> None:
        raise error

    monkeypatch.setattr(seawall.cli.scan, "load_demo_snapshot", interrupted)

    result = CliRunner().invoke(cli, ["scan", "--demo"])

    assert result.exit_code == 130, result.output
    assert result.stderr == "interrupted\n"


@pytest.mark.parametrize(
    ("verbosity", "level"),
    [
        pytest.param(0, logging.WARNING, id="default"),
        pytest.param(1, logging.INFO, id="verbose"),
        pytest.param(2, logging.DEBUG, id="debug"),
        pytest.param(5, logging.DEBUG, id="more"),
    ],
)
def test_configure_logging_level(verbosity: int, level: int) -> None:
    configure_logging(verbosity)
    configure_logging(verbosity)

    logger = logging.getLogger("seawall")
    assert logger.level == level
    names = [handler.get_name() for handler in logger.handlers]
    assert names.count("seawall-cli") == 1
    root_names = [handler.get_name() for handler in logging.getLogger().handlers]
    assert "seawall-cli" not in root_names


def test_main_imports_commands_lazily() -> None:
    code = (
        "import sys, seawall.cli.main; "
        "print(sorted({'boto3', 'seawall.policy'} & set(sys.modules)))"
    )

    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert completed.stdout.strip() == "[]"
