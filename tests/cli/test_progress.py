from __future__ import annotations

import io
import sys

import pytest

from seawall.cli.progress import CollectionProgress


@pytest.mark.parametrize("enabled", [pytest.param(True, id="drawn"), pytest.param(False, id="off")])
def test_progress_counts_tasks(enabled: bool) -> None:
    with CollectionProgress(enabled=enabled) as progress:
        progress("iam global")
        progress("kms us-east-1")

    assert progress.done == 2


def test_progress_off_when_stderr_not_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())

    progress = CollectionProgress()

    assert progress.enabled is False
