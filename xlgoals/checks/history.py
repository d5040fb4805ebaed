"""Next year's targets held against this year's results (XG510, XG511).

For the same department and indicator (names matched loosely, as the consistency checks
match them), a new target of a positive indicator (≥ > = or a bare number) below last year's
target, or below last year's 实际完成值, is a warning naming both cells. A ceiling (≤ <) is
left alone: a lower ceiling is a stricter target. Units must agree; anything else is not
compared (a wrong accusation costs more than a missed one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from xlgoals.checks.consistency import loose_name, similarity
from xlgoals.model.budget import show
from xlgoals.model.submission import Indicator, Submission
from xlgoals.model.targets import Comparator, Target, parse_target
from xlgoals.problems.findings import Finding, Where, finding

_POSITIVE = (Comparator.GE, Comparator.GT, Comparator.EQ, None)


class PastIndicator(BaseModel):
    """One indicator of last year: its target and, from a 自评表, its result."""

    department: str
    name: str
    target: Target
    target_at: Where
    actual: Target | None = None
    actual_at: Where | None = None


def department_of(submission: Submission) -> str:
    return submission.department or Path(submission.file).stem


def past_of(submission: Submission) -> list[PastIndicator]:
    """Last year's workbook (its targets, and its results when it is a 自评表)."""
    department = department_of(submission)
    return [
        PastIndicator(
            department=department,
            name=indicator.name,
            target=indicator.target,
            target_at=indicator.target_at or indicator.at,
            actual=parse_target(indicator.actual.value) if indicator.actual else None,
            actual_at=indicator.actual.at if indicator.actual else None,
        )
        for indicator in submission.indicators
        if indicator.name
    ]


def _comparable(target: Target) -> bool:
    return target.is_number and not target.approximate and target.comparator in _POSITIVE


def _unit(target: Target) -> str:
    return target.unit.replace("％", "%").replace(" ", "")


class _Past:
    """Last year's indicators by department, for loose look-ups."""

    def __init__(self, past: Iterable[PastIndicator]) -> None:
        self.by_department: dict[str, list[PastIndicator]] = defaultdict(list)
        for item in past:
            self.by_department[loose_name(item.department)].append(item)

    def department(self, name: str) -> list[PastIndicator]:
        key = loose_name(name)
        if key in self.by_department:
            return self.by_department[key]
        scored = [(similarity(key, other), other) for other in self.by_department]
        best = max(scored, default=(0.0, ""))
        return self.by_department[best[1]] if best[0] > 0 else []

    @staticmethod
    def match(indicator: Indicator, candidates: Sequence[PastIndicator]) -> PastIndicator | None:
        name = loose_name(indicator.name)
        scored = [(similarity(name, loose_name(p.name)), p) for p in candidates]
        scored = [(s, p) for s, p in scored if s > 0 and _unit(p.target) == _unit(indicator.target)]
        return max(scored, key=lambda pair: pair[0], default=(0.0, None))[1]


def history_findings(submission: Submission, past: Sequence[PastIndicator]) -> list[Finding]:
    """XG511 (below last year's target) or else XG510 (below last year's result), per row."""
    candidates = _Past(past).department(department_of(submission))
    found: list[Finding] = []
    for indicator in submission.indicators:
        if not indicator.name or not _comparable(indicator.target):
            continue
        previous = _Past.match(indicator, candidates)
        if previous is None:
            continue
        item = _compare(indicator, previous)
        if item is not None:
            found.append(item)
    return found


def _compare(indicator: Indicator, previous: PastIndicator) -> Finding | None:
    number = indicator.target.number
    assert number is not None
    at = indicator.target_at or indicator.at
    last_target = previous.target.number if _comparable(previous.target) else None
    if last_target is not None and number < last_target:
        return _finding("XG511", indicator, at, previous.target, previous.target_at)
    actual = previous.actual
    if (
        actual is None
        or previous.actual_at is None
        or not actual.is_number
        or actual.number is None
    ):
        return None
    if _unit(actual) not in ("", _unit(indicator.target)):
        return None
    if number < actual.number:
        return _finding("XG510", indicator, at, actual, previous.actual_at)
    return None


def _finding(code: str, indicator: Indicator, at: Where, previous: Target, where: Where) -> Finding:
    unit = previous.unit or indicator.target.unit
    return finding(
        code,
        at,
        (where,),
        name=indicator.name or "",
        target=indicator.raw,
        previous=f"{show(previous.number or Decimal(0))}{unit}",
        previous_at=str(where),
    )
