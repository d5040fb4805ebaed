"""A progress bar on stderr for long work (reading thousands of workbooks, writing millions of
rows), or nothing when it would only clutter: not asked for, or nothing to do."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


class progress_bar:
    """`with progress_bar(total, show, label) as advance: advance(steps)`.

    `show`: None shows it only when stderr is a terminal.
    """

    def __init__(self, total: int, show: bool | None, label: str) -> None:
        show = sys.stderr.isatty() if show is None else show
        self.total, self.show, self.label = total, show and total > 0, label
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not self.show:
            return lambda steps: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress(
            self.label,
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task(self.label, total=self.total)
        return lambda steps: self.bar.advance(task, steps)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
