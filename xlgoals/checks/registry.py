"""Where checks register (`@check(codes=...)`), and what the family modules share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from xlgoals.model.framework import LEGACY_LEVEL2, SATISFACTION_UNDER_BENEFIT
from xlgoals.model.submission import AnyTable, Indicator, Submission
from xlgoals.problems.catalogue import CATALOGUE, Family
from xlgoals.problems.findings import Finding, Where

Check = Callable[[Submission], Iterable[Finding]]


@dataclass(frozen=True)
class Registered:
    """A check and the catalogue codes it may emit (which tells its families)."""

    function: Check
    codes: frozenset[str]

    @property
    def families(self) -> frozenset[Family]:
        return frozenset(CATALOGUE[code].family for code in self.codes)


CHECKS: list[Registered] = []


def check(*, codes: Iterable[str]) -> Callable[[Check], Check]:
    """Register a check with the codes it emits: `@check(codes=("XG301", "XG302"))`."""
    declared = frozenset(codes)
    unknown = sorted(declared - CATALOGUE.keys())
    if unknown:
        raise KeyError(f"codes not in the catalogue: {', '.join(unknown)}")

    def register(function: Check) -> Check:
        CHECKS.append(Registered(function, declared))
        return function

    return register


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
