"""The checks: small functions, one idea each, grouped by family, each yielding findings.

A check is registered with `@check(codes=...)` (`registry`), naming the catalogue codes it may
emit, and takes the whole submission (one department's workbook), so cross-table rules look
just like row rules. Nothing else knows their names: `run_checks` runs them all, or those of
some families.
"""

from __future__ import annotations

from collections.abc import Collection

from xlgoals.checks import (  # noqa: F401  (register)
    budget,
    comparator,
    consistency,
    self_evaluation,
    structure,
)
from xlgoals.checks.registry import CHECKS, Registered, check
from xlgoals.model.submission import Submission
from xlgoals.problems.catalogue import Family
from xlgoals.problems.findings import Finding

__all__ = ["CHECKS", "Registered", "check", "run_checks"]


def run_checks(submission: Submission, families: Collection[Family] | None = None) -> list[Finding]:
    """Every check's findings (only those of checks in `families`, when given), in source order."""
    chosen = [c for c in CHECKS if families is None or c.families & set(families)]
    return [f for c in sorted(chosen, key=_source_order) for f in c.function(submission)]


def _source_order(registered: Registered) -> tuple[str, int]:
    """Checks run in the order they are written, whichever family module was imported first,
    so findings come out in the same order in every process."""
    function = registered.function
    code = getattr(function, "__code__", None)
    return function.__module__, code.co_firstlineno if code else 0
