"""Structure checks (domain.md §3): the 一级 / 二级 framework, 三级 names, required 一级,
duplicates, and OCR or HTML debris left in cells."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from xlgoals.checks.registry import check, each_indicator, level1_of, target_cell
from xlgoals.model.debris import find as debris_in
from xlgoals.model.framework import (
    FRAMEWORK,
    LEGACY_LEVEL2,
    LEVEL2_PARENT,
    REQUIRED_LEVEL1,
    SATISFACTION_UNDER_BENEFIT,
    older_name,
)
from xlgoals.model.submission import AnyTable, Indicator, ProjectTable, Submission
from xlgoals.problems.findings import Finding, Where, finding


def _once(seen: set, key: tuple) -> bool:
    """True the first time `key` is met: a bad merged label is told once, not on every row."""
    if key in seen:
        return False
    seen.add(key)
    return True


@check(codes=("XG102", "XG103", "XG104", "XG105", "XG106", "XG107", "XG118"))
def framework_labels(submission: Submission) -> Iterator[Finding]:
    """Unknown or missing 一级 / 二级, a 二级 under the wrong 一级, the pre-2021 成本 placement."""
    seen: set = set()
    for table, row in each_indicator(submission):
        yield from _older(table, row, seen)
        if _has(table, "level1"):
            yield from _level1(row, seen)
        if _has(table, "level2"):  # a form without a 二级 column (a 监控表): nothing to say
            yield from _level2(row, seen)


def _has(table: AnyTable, role: str) -> bool:
    """The table's form has this column (any table read before layouts were kept has all)."""
    return not table.layout or role in table.layout


def _older(table: AnyTable, row: Indicator, seen: set) -> Iterator[Finding]:
    """An older form's label, read as its 2021 name: one warning per label and table."""
    moves = [
        (row.level1_raw, older_name(row.level1_raw, 1), row.level1_at),
        (row.level2_raw, older_name(row.level2_raw, 2), row.level2_at),
    ]
    if row.level2 in LEGACY_LEVEL2:  # 产出成本: told by XG107 (成本 under 产出)
        moves.pop()
    if (row.level1, row.level2) == SATISFACTION_UNDER_BENEFIT:
        moves.append((f"{row.level1_raw}下的{row.level2_raw}", "满意度指标（一级）", row.level2_at))
    for raw, expected, at in moves:
        if expected and _once(seen, ("XG118", id(table), raw)):
            yield finding("XG118", at or row.at, value=raw, expected=expected)


def _level1(row: Indicator, seen: set) -> Iterator[Finding]:
    name = row.name or ""
    if row.level1 is None:
        yield finding("XG103", row.at, name=name)
    elif row.level1 not in FRAMEWORK:
        at = row.level1_at or row.at
        if _once(seen, ("XG102", at)):
            yield finding("XG102", at, value=row.level1_raw or row.level1, name=name)


def _level2(row: Indicator, seen: set) -> Iterator[Finding]:
    name = row.name or ""
    at = row.level2_at or row.at
    if row.level2 is None:
        yield finding("XG105", row.at, name=name)
        return
    if row.level1 not in FRAMEWORK:  # the 二级 can only be judged on its own
        known = row.level2 in LEVEL2_PARENT or row.level2 in LEGACY_LEVEL2
        if not known and _once(seen, ("XG104", at)):
            yield finding("XG104", at, value=row.level2_raw or row.level2, name=name)
        return
    if (row.level1, row.level2) == SATISFACTION_UNDER_BENEFIT:
        return  # the 2013-era place of 满意度: told once by _older
    if row.level2 in LEGACY_LEVEL2:
        code = "XG107" if row.level1 == LEGACY_LEVEL2[row.level2] else "XG104"
    elif row.level2 not in LEVEL2_PARENT:
        code = "XG104"
    elif LEVEL2_PARENT[row.level2] != row.level1:
        code = "XG106"
    else:
        return
    if _once(seen, (code, at)):
        yield finding(
            code,
            at,
            value=row.level2_raw or row.level2,
            level1=row.level1,
            level2=row.level2,
            expected=LEVEL2_PARENT.get(row.level2, ""),
            name=name,
        )


@check(codes=("XG108",))
def missing_names(submission: Submission) -> Iterator[Finding]:
    """A row with a target but no 三级 name."""
    for _, row in each_indicator(submission):
        if not row.name:
            yield finding("XG108", row.at, raw=row.raw)


@check(codes=("XG109",))
def duplicate_names(submission: Submission) -> Iterator[Finding]:
    """The same 三级 name twice in one table: one finding at the repeat, the others related."""
    for table in submission.tables:
        by_name: dict[str, list[Indicator]] = defaultdict(list)
        for row in table.indicators:
            if row.name:
                by_name[row.name].append(row)
        for name, rows in by_name.items():
            if len(rows) > 1:
                cells = "、".join(r.at.cell or "" for r in rows)
                related = tuple(r.at for r in rows if r is not rows[1])
                yield finding("XG109", rows[1].at, related, name=name, count=len(rows), cells=cells)


@check(codes=("XG110", "XG111"))
def required_level1(submission: Submission) -> Iterator[Finding]:
    """Every table needs 产出, 效益 and 满意度 rows; a project table should have 成本."""
    for table in submission.tables:
        if not table.indicators or not table.complete or not _has(table, "level1"):
            continue  # no rows (XG113), rows the reader could not read (XG117), no 一级 column
        present = {level1_of(row) for row in table.indicators}
        for level1 in REQUIRED_LEVEL1:
            if level1 not in present:
                yield finding("XG110", table.at, level1=level1, table=table.display_name)
        if isinstance(table, ProjectTable) and "成本指标" not in present:
            yield finding("XG111", table.at, table=table.display_name)


def _debris(text: str | None) -> str | None:
    found = debris_in(text)
    return " ".join(found) if found else None


def _cells(table: AnyTable) -> Iterator[tuple[str | None, Where]]:
    """Every text the department wrote in a table, with its cell."""
    if table.title:
        yield table.title.value, table.title.at
    if table.goal:
        yield table.goal.value, table.goal.at
    for sourced in table.fields.values():
        yield sourced.value, sourced.at
    for row in table.indicators:
        yield row.level1_raw, row.level1_at or row.at
        yield row.level2_raw, row.level2_at or row.at
        yield row.name, row.at
        yield row.raw, target_cell(row)


@check(codes=("XG112",))
def debris(submission: Submission) -> Iterator[Finding]:
    """`<p>`, `$\\geq 100\\%$` and the like left in a cell (once per cell)."""
    seen: set = set()
    for table in submission.tables:
        for text, at in _cells(table):
            found = _debris(text)
            if found and _once(seen, (at,)):
                yield finding("XG112", at, debris=found)


#: what a reviewer needs to know who runs a project (a header with only 申请金额 lacks them)
PROJECT_HEADER = {"主管部门及代码": "department", "实施单位": "implementer"}


@check(codes=("XG120",))
def project_header(submission: Submission) -> Iterator[Finding]:
    """XG120 at the empty cell right of the label. A form without the label does not ask for
    it (other provinces' forms, year-end tables): nothing is said then."""
    for table in submission.project_tables:
        for label, attribute in PROJECT_HEADER.items():
            if getattr(table, attribute) is None and label in table.blank:
                yield finding("XG120", table.blank[label], label=label)
