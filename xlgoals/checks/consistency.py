"""Consistency checks (domain.md §5): the same indicator in a department's 部门整体 table and
in its project tables should carry the same comparator, value and unit.

Names match loosely: punctuation and spaces are ignored, and a name contained in the other
(`开展群众文化活动` in `开展群众文化活动次数`) matches when it is most of it. Names that share
their words but not their wording (`开展对外交流活动` ~ `对外交流次数`) match by meaning: the
same core once the words every indicator uses (开展, 活动, 次数 …) are set aside, and the same
unit. Each project row pairs with at most one 部门整体 row, the closest first, so
`场馆免费开放` does not also pair with `场馆免费开放参观人员满意度`.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterator

from xlgoals.checks.registry import check, target_cell
from xlgoals.model.submission import AnyTable, Indicator, Submission
from xlgoals.model.targets import Comparator, Target
from xlgoals.problems.findings import Finding, finding

#: the shorter name must be at least this long and this share of the longer one
MIN_LENGTH = 4
MIN_SHARE = 0.6

_NOISE = re.compile(r"[\s\W_]+")
#: words that say how an indicator is counted, not what it is about
_GENERIC = re.compile(
    r"^(开展|举办|组织|完成|全年|年度|本年|全区)+|(活动|工作|情况|次数|场次|个数|件数|户数|人数|数量|数)+$"
)
#: a match by meaning counts for less than any match by wording
MEANING_WEIGHT = 0.5


@functools.lru_cache(maxsize=65_536)  # the same names recur across tables and workbooks
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


@functools.lru_cache(maxsize=65_536)
def core_name(name: str | None) -> str:
    """`开展对外交流活动` → `对外交流`; `对外交流次数` → `对外交流`."""
    return _GENERIC.sub("", loose_name(name))


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


def pairs(
    first: AnyTable, second: AnyTable, names_a: _Names, names_b: _Names
) -> list[tuple[Indicator, Indicator]]:
    """Rows of two tables naming the same indicator, best matches first, each row used once."""
    scores = _scores(names_a, names_b)
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = []
    for (i, j), _ in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched.append((i, j))
    return [(first.indicators[i], second.indicators[j]) for i, j in sorted(matched)]


class _Keys:
    """One key per row, the rows by key, and each key's parts that `similarity` could find
    inside another key: a pair is then found by lookup, not by comparing every row with every
    row (a department has hundreds of rows and dozens of projects)."""

    def __init__(self, keys: list) -> None:
        self.keys = keys
        self.rows: dict = defaultdict(list)
        for row, key in enumerate(keys):
            self.rows[key].append(row)
        self.distinct = frozenset(self.rows)

    def matches(self, other: _Keys) -> set[tuple[int, int]]:
        """(i, j) where self.keys[i] is other.keys[j] or one lies inside the other."""
        found: set[tuple[int, int]] = set()
        for inner, outer, flip in ((self, other, False), (other, self, True)):
            for key, rows in outer.rows.items():
                # a set intersection runs over the smaller side, in C
                for part in _parts(key) & inner.distinct:
                    for i in inner.rows[part]:
                        found.update(((j, i) if flip else (i, j)) for j in rows)
        return found


@functools.lru_cache(maxsize=65_536)  # the same names recur across tables and workbooks
def _parts(key: str | tuple[str, str]) -> frozenset:
    """The key and each part of it long enough for `similarity`; a (unit, core) key's parts
    keep its unit, and a key without a unit has none."""
    if isinstance(key, tuple):
        unit, core = key
        return frozenset((unit, part) for part in _parts(core)) if unit else frozenset()
    if not key:
        return frozenset()
    shortest = max(MIN_LENGTH, math.ceil(MIN_SHARE * len(key)))
    found = {key}
    for size in range(shortest, len(key)):
        found.update(key[k : k + size] for k in range(len(key) - size + 1))
    return frozenset(found)


class _Names:
    """A table's rows by loose name and, for a match by meaning, by unit and core."""

    def __init__(self, table: AnyTable) -> None:
        self.names = _Keys([loose_name(i.name) for i in table.indicators])
        self.cores = _Keys([(i.unit, core_name(i.name)) for i in table.indicators])


def _scores(a: _Names, b: _Names) -> dict[tuple[int, int], float]:
    """Each matching pair's score: by wording, else by meaning (the cores alike in the same
    unit), which counts for less."""
    scores = {}
    for i, j in a.names.matches(b.names):
        if score := similarity(a.names.keys[i], b.names.keys[j]):
            scores[i, j] = score
    for i, j in a.cores.matches(b.cores):
        if (i, j) not in scores and (score := similarity(a.cores.keys[i][1], b.cores.keys[j][1])):
            scores[i, j] = MEANING_WEIGHT * score
    return scores


@check(codes=("XG401",))
def department_vs_projects(submission: Submission) -> Iterator[Finding]:
    """One finding per conflicting pair: at the 部门整体 cell, the project cell related."""
    projects = [(project, _Names(project)) for project in submission.project_tables]
    for department in submission.department_tables:
        names = _Names(department)
        for project, project_names in projects:
            for a, b in pairs(department, project, names, project_names):
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
