"""The checks: small functions, one idea each, grouped by family, each yielding findings.

A check is registered with `@check` and takes the whole submission (one department's
workbook), so cross-table rules look just like row rules. Nothing else knows their names:
`run_checks` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..findings import Finding
from ..models import Submission

Check = Callable[[Submission], Iterable[Finding]]
CHECKS: list[Check] = []


def check(function: Check) -> Check:
    """Register a check."""
    CHECKS.append(function)
    return function


def run_checks(submission: Submission) -> list[Finding]:
    _load()
    return [f for function in CHECKS for f in function(submission)]


def _load() -> None:
    """Import the family modules, which register their checks."""
    from . import budget, comparator, consistency, structure  # noqa: F401


def each_indicator(submission: Submission) -> Iterator:
    for table in submission.tables:
        for indicator in table.indicators:
            yield table, indicator
