"""The `xlgoals` command line: a thin layer that renders what the library returns.

Each command lives in its own module and registers itself on `app` (`cli.app`).
"""

from __future__ import annotations

import sys

from xlgoals.cli import addin, importing, merge, subtotals, template, validate  # noqa: F401
from xlgoals.cli.app import app, cannot_write, err

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except OSError as exc:  # reading never raises (bad files are findings): a write failed
        err(cannot_write(exc))
        sys.exit(2)
