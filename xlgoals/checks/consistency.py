"""Consistency checks (domain.md §5): the same indicator in a department's 部门整体 table and
in its project tables should carry the same comparator, value and unit.

Names match loosely: punctuation and spaces are ignored, and a name contained in the other
(`开展群众文化活动` in `开展群众文化活动次数`) matches when it is most of it. Each project row
pairs with at most one 部门整体 row, the closest first, so `场馆免费开放` does not also pair
with `场馆免费开放参观人员满意度`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from xlgoals.checks.registry import check, target_cell
from xlgoals.model.submission import AnyTable, Indicator, Submission
from xlgoals.model.targets import Comparator, Target
from xlgoals.problems.findings import Finding, finding

#: the shorter name must be at least this long and this share of the longer one
MIN_LENGTH = 4
MIN_SHARE = 0.6

_NOISE = re.compile(r"[\s\W_]+")


def loose_name(name: str | None) -> str:
    """`开展免费公益性培训、讲座、展览等` → `开展免费公益性培训讲座展览等`."""
    return _NOISE.sub("", name or "")


def similarity(a: str, b: str) -> float:
    """1 for the same name, the share of the longer for a contained one, else 0."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= MIN_LENGTH and len(short) >= MIN_SHARE * len(long) and short in long:
        return len(short) / len(long)
    return 0.0


def same_target(a: Target, b: Target) -> bool:
    """Same comparator, value and unit. A bare number reads as `=`: `7个` agrees with `=7个`
    (its missing comparator is told on its own row); `3个` does not agree with `>3个`."""

    def key(t: Target) -> tuple:
        comparator = t.comparator
        if comparator is None and t.number is not None and not t.approximate:
            comparator = Comparator.EQ
        text = loose_name(t.text) if t.text is not None else None
        number = t.number.normalize() if t.number is not None else None
        return (comparator, number, t.unit, text, t.approximate)

    return key(a) == key(b)


def pairs(first: AnyTable, second: AnyTable) -> list[tuple[Indicator, Indicator]]:
    """Rows of two tables naming the same indicator, best matches first, each row used once."""
    names_b = [loose_name(b.name) for b in second.indicators]
    scored = []
    for i, a in enumerate(first.indicators):
        name_a = loose_name(a.name)
        for j, name_b in enumerate(names_b):
            score = similarity(name_a, name_b)
            if score:
                scored.append((-score, i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = []
    for _, i, j in sorted(scored):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched.append((i, j))
    return [(first.indicators[i], second.indicators[j]) for i, j in sorted(matched)]


@check(codes=("XG401",))
def department_vs_projects(submission: Submission) -> Iterator[Finding]:
    """One finding per conflicting pair: at the 部门整体 cell, the project cell related."""
    for department in submission.department_tables:
        for project in submission.project_tables:
            for a, b in pairs(department, project):
                if same_target(a.target, b.target):
                    continue
                at_a, at_b = target_cell(a), target_cell(b)
                table_b = f"项目表“{project.display_name}”"
                if b.name != a.name:
                    table_b += f"（写作“{b.name}”）"
                yield finding(
                    "XG401",
                    at_a,
                    (at_b,),
                    name=a.name,
                    name_b=b.name,
                    table_a=f"{department.display_name}表",
                    raw_a=a.raw,
                    cell_a=f"{at_a.sheet}!{at_a.cell}",
                    table_b=table_b,
                    raw_b=b.raw,
                    cell_b=f"{at_b.sheet}!{at_b.cell}",
                )
