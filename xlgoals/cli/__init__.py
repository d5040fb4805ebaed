"""The `xlgoals` command line: a thin layer that renders what the library returns.

Each command lives in its own module and registers itself on `app` (`cli.app`).
"""

from __future__ import annotations

import signal
import sys

from xlgoals.cli import addin, importing, merge, subtotals, template, validate  # noqa: F401
from xlgoals.cli.app import app, cannot_write, err

__all__ = ["app", "main"]


def main() -> None:
    for name in ("SIGTERM", "SIGHUP"):  # SIGHUP: the terminal it ran in was closed
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminated)
    try:
        app()
    except OSError as exc:  # reading never raises (bad files are findings): a write failed
        err(cannot_write(exc))
        sys.exit(2)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM and SIGHUP are handled like Ctrl-C: workers ended, temporary files removed, no
    output."""
    raise KeyboardInterrupt
