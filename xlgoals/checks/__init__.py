"""The checks: small functions, one idea each, grouped by family, each yielding findings.

A check is registered with `@check` and takes the whole submission (one department's
workbook), so cross-table rules look just like row rules. Nothing else knows their names:
`run_checks` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from xlgoals.model.framework import LEGACY_LEVEL2, SATISFACTION_UNDER_BENEFIT
from xlgoals.model.submission import AnyTable, Indicator, Submission
from xlgoals.problems.findings import Finding, Where

Check = Callable[[Submission], Iterable[Finding]]
CHECKS: list[Check] = []


def check(function: Check) -> Check:
    """Register a check."""
    CHECKS.append(function)
    return function


def run_checks(submission: Submission) -> list[Finding]:
    _load()
    return [f for function in sorted(CHECKS, key=_source_order) for f in function(submission)]


def _source_order(function: Check) -> tuple[str, int]:
    """Checks run in the order they are written, whichever family module was imported first,
    so findings come out in the same order in every process."""
    code = getattr(function, "__code__", None)
    return function.__module__, code.co_firstlineno if code else 0


def _load() -> None:
    """Import the family modules, which register their checks."""
    from xlgoals.checks import budget, comparator, consistency, structure  # noqa: F401


def each_indicator(submission: Submission) -> Iterator[tuple[AnyTable, Indicator]]:
    for table in submission.tables:
        for indicator in table.indicators:
            yield table, indicator


def level1_of(indicator: Indicator) -> str | None:
    """The 一级 an indicator belongs to now: pre-2021 成本指标 filed under 产出 counts as 成本."""
    if indicator.level2 in LEGACY_LEVEL2:
        return indicator.level2
    if (indicator.level1, indicator.level2) == SATISFACTION_UNDER_BENEFIT:
        return "满意度指标"  # the 2013-era place of 满意度 (a migration warning says so)
    return indicator.level1


def target_cell(indicator: Indicator) -> Where:
    """The 指标值 cell (the row's name cell when the table has none)."""
    return indicator.target_at or indicator.at


def comparator_cell(indicator: Indicator) -> Where:
    """The 计算符号 cell when the table has that column, else the 指标值 cell."""
    return indicator.comparator_at or target_cell(indicator)


def row_params(indicator: Indicator) -> dict[str, str]:
    """What every row finding names: the 三级 name and the target as written."""
    return {"name": indicator.name or "", "raw": indicator.raw}
