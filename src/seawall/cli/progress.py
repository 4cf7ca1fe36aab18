"""The progress display while a collection runs: a spinner on stderr, only on a TTY."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn


class CollectionProgress:
    """Count finished (collector, region) tasks and show the last one.

    Use as a context manager and pass the instance as ``progress`` to
    ``run_collection``. When stderr is not a terminal nothing is drawn, so
    logs and redirected output stay clean.
    """

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.done = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> CollectionProgress:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("collecting: {task.fields[done]} tasks done, last {task.description}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("-", total=None, done=0)
        return self

    def __call__(self, finished: str) -> None:
        """Record one finished task, named ``"<service> <region>"``."""
        self.done += 1
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=finished, done=self.done)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
