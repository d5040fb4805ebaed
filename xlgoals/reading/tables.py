"""Read tables from grids by their labels, not by fixed cell addresses.

A sheet is cut into blocks at table titles (and at a new header label once a block has its
indicators). In each block, header fields are found by label with the value to the right or
below; the indicator table starts at the row naming 一级指标 / 二级指标 / 三级指标.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from xlgoals.address import a1, parse_a1
from xlgoals.model import labels
from xlgoals.model.amounts import parse_amount
from xlgoals.model.framework import (
    LEVEL2_PARENT,
    is_level1,
    is_level2,
    normalise_level1,
    normalise_level2,
    squash,
)
from xlgoals.model.submission import (
    Amount,
    DepartmentBudget,
    DepartmentTable,
    FundsExecution,
    Indicator,
    ProjectFunds,
    ProjectTable,
    Sourced,
    SourcedNumber,
    SourcedText,
    Submission,
)
from xlgoals.model.targets import Comparator, Note, Target, parse_comparator, parse_target
from xlgoals.model.values import excerpt, fits_excel, to_decimal
from xlgoals.problems.findings import Finding, Where, finding
from xlgoals.reading import columns, execution, rows, script
from xlgoals.reading.grid import Grid
from xlgoals.reading.safety import SourceError
from xlgoals.reading.self_evaluation import attach_self_evaluation
from xlgoals.reading.workbook import read_grids


@dataclass
class _Field:
    label: labels.Label
    row: int
    col: int
    value: Any = None
    value_row: int | None = None
    value_col: int | None = None


@dataclass(frozen=True)
class _Columns:
    header_row: int
    first_row: int
    level1: int
    level2: int
    name: int
    target: int
    comparator: int | None = None
    unit: int | None = None
    #: every column's role (column, role), the standard ones included
    roles: tuple[tuple[int, str], ...] = ()

    # what follows is asked for on every row: worked out once per block's columns

    @functools.cached_property
    def standard(self) -> bool:
        """The template's columns only (一级 / 二级 / 三级 / 计算符号 / 指标值 / 单位)."""
        return all(role in _LEGACY_KEYS for _, role in self.roles)

    @functools.cached_property
    def items(self) -> tuple[tuple[str, int | None], ...]:
        """(key, column) of the template's columns, in `_KEYS` order."""
        return tuple((key, getattr(self, key)) for key in _KEYS)

    @functools.cached_property
    def last(self) -> int:
        """The rightmost of the template's columns."""
        return max(c for _, c in self.items if c is not None)

    @functools.cached_property
    def by_column(self) -> dict[int, str]:
        return dict(self.roles)

    @functools.cached_property
    def as_laid_out(self) -> dict[str, int]:
        """Role → column, the first column of a role where it is repeated."""
        return {role: col for col, role in reversed(self.roles)}

    @functools.cached_property
    def left(self) -> _Columns:
        """The columns one to the left (a row shifted by one, see `_shift`)."""
        return _shifted(self, -1)

    @functools.cached_property
    def right(self) -> _Columns:
        return _shifted(self, 1)


@dataclass
class _Block:
    grid: Grid
    start: int
    end: int  # exclusive
    title: tuple[int, int] | None = None
    fields: dict[str, _Field] = field(default_factory=dict)
    columns: _Columns | None = None
    #: the funds block of a year-end table: its header and rows
    funds_header: execution.Header | None = None
    funds_rows: list[int] = field(default_factory=list)
    #: the sheet's last table (a copy cut short ends there)
    last: bool = False
    #: header fields run together in one long cell (OCR text): what it lacks is not told
    blob: bool = False
    #: every indicator row stood in its header's columns (none was moved to be read)
    in_place: bool = True


def read_grid(grid: Grid) -> tuple[list[DepartmentTable | ProjectTable], list[Finding]]:
    """Every table on one sheet, and the problems met reading them."""
    tables: list[DepartmentTable | ProjectTable] = []
    findings: list[Finding] = []
    blocks = _blocks(grid)
    if blocks:  # a sheet of lists (the template's dropdowns) holds no table to be cut
        findings.extend(_before_first_table(grid, blocks[0].start))
    elif not grid.hidden:  # indicator rows whose header was lost: not read, and said so
        findings.extend(_before_first_table(grid, grid.height, _indicator_row))
    for block in blocks:
        block.last = block is blocks[-1]
        read, problems = _read_block(block)
        tables.extend(_year_end(grid, table, block) for table in read)
        findings.extend(problems)
    return tables, findings


def _year_end(grid: Grid, table: DepartmentTable | ProjectTable, block: _Block) -> Any:
    """The 自评 form's year-end columns, read by their header's positions (issue 16), where
    every row stood in its columns; a table whose rows were placed by content keeps the
    year-end cells this reader placed with them."""
    return attach_self_evaluation(grid, table, block.start, block.end) if block.in_place else table


def _before_first_table(
    grid: Grid, start: int, like: Callable[[list[Any]], bool] | None = None
) -> list[Finding]:
    """Indicator rows above the first table's title or header (a copy that starts mid-table):
    not read, and said so once."""
    like = like or (lambda values: any(_indicator_like(v) for v in values))
    rows = [r for r in range(start) if like([v for _, v in grid.filled(r)])]
    if not rows:
        return []
    first = rows[0]
    while first > 0 and len(list(grid.filled(first - 1))) >= 3:  # the rows of the same table
        first -= 1
    cells = [(r, c) for r in range(first, start) for c, _ in grid.filled(r)]
    return [_not_read(grid, cells, share=0.0)]


def _indicator_row(values: list[Any]) -> bool:
    """On a sheet with no table: a row naming an indicator with its target (`指标6:… | 12次`),
    not a list of labels and comparators (the template's 代码表)."""
    texts = [v for v in values if isinstance(v, str)]
    return len(values) >= 3 and any(_NUMBERED.match(t) for t in texts)


def _indicator_like(value: Any) -> bool:
    """A 一级 / 二级 label or a `≥95%`-style target: what only an indicator table holds."""
    if not isinstance(value, str) or len(value) > 30:
        return False
    label = rows.label_text(value)
    if label and (is_level1(label) or is_level2(label)):
        return True
    if _NUMBERED.match(value):
        return True
    target = parse_target(value)
    return target.comparator not in (None, Comparator.QUALITATIVE) and target.number is not None


_NUMBERED = re.compile(r"^指标\d+[:：]\S")


def _not_read(grid: Grid, cells: list[tuple[int, int]], share: float) -> Finding:
    """XG117: these cells were not placed (the text joined, cut short past 200 characters)."""
    text = " | ".join(grid.text(r, c) for r, c in cells)
    return finding(
        "XG117",
        Where(file=grid.file, sheet=grid.sheet, cell=a1(*cells[0])),
        rows=_row_list(sorted({r for r, _ in cells})),
        count=len(cells),
        coverage=f"{share:.0%}",
        text=text if len(text) <= 200 else text[:199] + "…",
    )


#: sheets xlgoals writes beside the tables, never read as tables
SKIPPED_SHEETS = frozenset({"导入记录"})


def read_tables(grids: list[Grid], file: str) -> Submission:
    """All tables of a workbook's sheets, in order."""
    submission = Submission(file=file)
    for grid in grids:
        submission.findings.extend(grid.notes)
        if grid.sheet in SKIPPED_SHEETS:
            continue
        grid, noted = script.simplified(grid)
        submission.findings.extend(noted)
        tables, findings = read_grid(grid)
        submission.tables.extend(tables)
        submission.findings.extend(findings)
        if tables:
            submission.findings.extend(_hidden(grid))
    if not submission.tables and not any(f.code == "XG117" for f in submission.findings):
        submission.findings.append(finding("XG003", Where(file=file)))
    return submission


def _hidden(grid: Grid) -> list[Finding]:
    """A hidden sheet or hidden rows a table was read from: read, and said so."""
    found = []
    if grid.hidden:
        found.append(finding("XG018", Where(file=grid.file, sheet=grid.sheet), sheet=grid.sheet))
    rows = [r for r in grid.hidden_rows if any(True for _ in grid.filled(r))]
    if rows:
        at = Where(file=grid.file, sheet=grid.sheet, cell=a1(rows[0], 0))
        found.append(finding("XG019", at, sheet=grid.sheet, rows=_row_list(rows)))
    return found


def _row_list(rows: list[int]) -> str:
    """0-based rows as Excel's numbers, runs joined: `3–5, 9`."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return ", ".join(f"{a + 1}" if a == b else f"{a + 1}–{b + 1}" for a, b in runs)


def read_workbook(path: str | Path, display: str | None = None, limits: Any = None) -> Submission:
    """Read one workbook file. An unreadable file gives a Submission with no tables and the
    reason as its one finding. `limits`: a `sources.Limits` (default: its defaults)."""
    name = display or str(path)
    try:
        grids = read_grids(path, name, limits)
    except SourceError as exc:
        return Submission(file=name, findings=[finding(exc.code, Where(file=name), **exc.params)])
    return read_tables(grids, name)


# --- cutting a sheet into blocks -------------------------------------------------------------

_STARTING_FIELDS = ("部门名称", "项目名称", "收入预算合计")


def _header_roles(grid: Grid, row: int) -> dict[int, str]:
    return columns.header_roles(list(grid.filled(row)))


def _is_header_row(grid: Grid, row: int) -> bool:
    return columns.is_header(_header_roles(grid, row))


def _header_left(grid: Grid, row: int) -> int:
    """The leftmost level column of a header row: only cells up to it can start a table."""
    roles = _header_roles(grid, row)
    return min(c for c, r in roles.items() if r in ("level1", "level2", "name"))


def _blocks(grid: Grid) -> list[_Block]:
    """Cut at titles, and at a starting label once the current block has its indicators.

    Below an indicator header only the table's first column can start a new table, so an
    indicator named like a label (`收入合计`, `…绩效目标表…`) stays an indicator.
    """
    starts: list[tuple[int, tuple[int, int] | None]] = []
    left: int | None = None  # the 一级指标 column of the current block's header
    for row in range(grid.height):
        cells = [(c, v) for c, v in grid.filled(row) if left is None or c <= left]
        title = next((c for c, v in cells if labels.is_title(v)), None)
        starting = any(
            (lab := labels.match_label(v)) and lab.field in _STARTING_FIELDS for _, v in cells
        )
        if title is not None or (starting and (not starts or left is not None)):
            starts.append((row, (row, title) if title is not None else None))
            left = None
        if _is_header_row(grid, row):
            if not starts:
                starts.append((0, None))
            left = _header_left(grid, row)
    bounds = [start for start, _ in starts[1:]] + [grid.height] if starts else []
    return [
        _Block(grid, start, end, title) for (start, title), end in zip(starts, bounds, strict=True)
    ]


# --- one block: header fields, kind, indicators ----------------------------------------------


_LEGACY_KEYS = {"level1": "level1", "level2": "level2", "name": "name", "target": "target",
                "comparator": "comparator", "unit": "unit"}  # fmt: skip


def _find_columns(block: _Block) -> _Columns | None:
    grid = block.grid
    for row in range(block.start, block.end):
        if not _is_header_row(grid, row):
            continue
        upper = list(grid.filled(row))
        roles = _header_roles(grid, row)
        first = row + 1
        merged = columns.merge_second_row(upper, list(grid.filled(row + 1)))
        if merged is not None:  # `年度 / 指标值`, `2024 年目标值` over 计算符号 / 目标值 / 单位
            roles, first = merged, row + 2
        roles = _garbled_level1(upper, columns.annual_only(roles))
        return _columns_of(row, first, roles)
    return None


def _garbled_level1(upper: list[tuple[int, Any]], roles: dict[int, str]) -> dict[int, str]:
    """A header whose 一级 cell is unreadable (OCR: `度效标80> 年绩目1分级标 一指`) still has
    a cell there, left of 二级: that column is the 一级's."""
    if "level1" in roles.values() or "level2" not in roles.values():
        return roles
    level2 = min(c for c, r in roles.items() if r == "level2")
    left = [c for c, _ in upper if c < level2 and c not in roles]
    return {**roles, left[-1]: "level1"} if left and left[-1] == level2 - 1 else roles


def _columns_of(row: int, first: int, roles: dict[int, str]) -> _Columns:
    by_role: dict[str, int] = {}
    for col, role in sorted(roles.items()):
        by_role.setdefault(role, col)
    level1 = by_role.get("level1", -1)
    level2 = by_role.get("level2", level1 + 1 if level1 >= 0 else -1)
    target = by_role.get("target", max(roles) + 1)
    return _Columns(
        header_row=row,
        first_row=first,
        level1=level1,
        level2=level2,
        name=by_role["name"],
        target=target,
        comparator=by_role.get("comparator"),
        unit=by_role.get("unit"),
        roles=tuple(sorted(roles.items())),
    )


def _value_of(grid: Grid, row: int, col: int, stop: int) -> tuple[Any, int, int] | None:
    """The value right of a label (before the next label), else the one below it.

    Right of a paragraph's label (年度总体目标) a label word is the paragraph: no layout puts
    another label there, and a goal may well read `单位名称`.
    """
    label = labels.match_label(grid.value(row, col))
    paragraph = label is not None and label.field in labels.PARAGRAPH_FIELDS
    for c in range(col + 1, grid.width):
        value = grid.value(row, c)
        if value is None:
            continue
        if _structural(value) and not (paragraph and not labels.is_title(value)):
            break
        return value, row, c
    for r in range(row + 1, min(row + 3, stop)):
        value = grid.value(r, col)
        if value is None:
            continue
        if _structural(value):
            return None
        return value, r, col
    return None


def _structural(value: Any) -> bool:
    """A label, a header or a funds block's column word (`执行率`): never a field's value."""
    return labels.is_structural(value) or execution.column_word(value) is not None


_UNIT_NOTE = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")


def _find_fields(block: _Block) -> None:
    grid = block.grid
    stop = block.columns.header_row if block.columns else block.end
    values: set[tuple[int, int]] = set()  # a cell read as a field's value is no label
    _find_funds(block, stop)
    unit: str | None = None
    table_unit: list[str | None] = []  # looked for once, when an amount has no unit of its own
    for row in range(block.start, stop):
        if row in block.funds_rows:
            continue
        for col, value in grid.filled(row):
            if (row, col) in values:
                continue
            block.blob = block.blob or labels.runs_labels_together(value)
            unit = labels.section_unit(value) or unit
            label, inline = _label_in(value)
            if label is None:
                continue
            if label.field in block.fields and not _annual_column(block, label, col):
                continue
            found = _Field(label, row, col)
            if label.unit is None and label.field in labels.AMOUNT_FIELDS:
                if not table_unit:
                    table_unit.append(_table_unit(grid, block.start, stop))
                if unit or table_unit[0]:
                    found.label = labels.Label(label.field, unit or table_unit[0])
            located = (inline, row, col) if inline else _value_of(grid, row, col, stop)
            if located:
                found.value, found.value_row, found.value_col = located
                values.add((found.value_row, found.value_col))
            block.fields[label.field] = found


def _label_in(value: Any) -> tuple[labels.Label | None, str | None]:
    """A label alone, or a label and its value in one cell (`年度资金总额:16`, `单位名称:…`)."""
    label = labels.match_label(value)
    if label is not None or not isinstance(value, str) or not (":" in value or "：" in value):
        return label, None
    head, colon, rest = value.replace("：", ":").partition(":")
    if not colon or not rest.strip():
        return None, None
    label = labels.match_label(head)
    return (label, rest.strip()) if label else (None, None)


def _table_unit(grid: Grid, start: int, stop: int) -> str | None:
    """The unit a table states for its amounts (`金额单位：元`, `单位:万元`)."""
    for row in range(start, stop):
        for _, value in grid.filled(row):
            match = _UNIT_NOTE.search(squash(str(value)))
            if match:
                return match.group(1)
    return None


def _annual_column(block: _Block, label: labels.Label, col: int) -> bool:
    """A part (财政拨款, 其他资金) written twice side by side, under 中期 and under 年度
    资金总额: the one in the annual total's column is the year's."""
    total = block.fields.get("年度资金总额")
    parts = {"财政拨款", "其他资金", "上年结转"}
    return label.field in parts and total is not None and col == total.col


def _find_funds(block: _Block, stop: int) -> None:
    """The funds block: its header, then each row a label and numbers, up to the next label
    of another kind (年度总体目标 …)."""
    grid = block.grid
    for row in range(block.start, stop):
        header = execution.find_header(list(grid.filled(row)), row)
        if header is None:
            continue
        block.funds_header = header
        for below in range(row + 1, stop):
            texts = list(grid.filled_texts(below))
            if not texts:
                continue
            split = execution.split_row(_spanned(grid, below, texts))
            label = labels.match_label(split[0][1]) if split else None
            if split is None and not (len(texts) == 1 and _is_funds_label(texts[0][1])):
                break
            if label is not None and label.field not in labels.AMOUNT_FIELDS:
                break
            block.funds_rows.append(below)
        return


def _spanned(grid: Grid, row: int, texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A row's cells from its first filled one to its last, blanks included."""
    first, last = texts[0][0], texts[-1][0]
    return [(c, grid.text(row, c)) for c in range(first, last + 1)]


def _is_funds_label(text: str) -> bool:
    label = labels.match_label(text)
    return label is not None and label.field in labels.AMOUNT_FIELDS


def _kind(block: _Block) -> str | None:
    names = block.fields.keys()
    title = squash(block.grid.text(*block.title)) if block.title else ""
    if names & labels.PROJECT_ONLY:
        return "project"
    if names & labels.DEPARTMENT_ONLY:
        return "department"
    if block.columns is None:
        return None  # a title alone (as in the instructions sheet) is not a table
    if "项目" in title or "专项" in title:
        return "project"
    return "department"


def _read_block(block: _Block) -> tuple[list[DepartmentTable | ProjectTable], list[Finding]]:
    block.columns = _find_columns(block)
    _find_fields(block)
    kind = _kind(block)
    if kind is None or _untouched(block):
        return [], []
    reading = _BlockReader(block)
    reading.cut = block.blob
    if block.columns and "project" in dict(block.columns.roles).values():
        return reading.projects_of_table(), reading.findings
    table = reading.department() if kind == "department" else reading.project()
    return [table], reading.findings


def _untouched(block: _Block) -> bool:
    """A table of the template nobody filled in (the spare 项目1 sheet of a department without
    projects): no text, no indicator, no amount but the template's formulas giving 0."""
    for found in block.fields.values():
        value = found.value
        if value is None or (found.label.field in labels.AMOUNT_FIELDS and value == 0):
            continue
        return False
    columns = block.columns
    first = columns.first_row if columns else block.end
    return not any(any(True for _ in block.grid.filled(row)) for row in range(first, block.end))


#: an amount that is there but was not read (not a number; beyond what Excel holds)
UNREAD_AMOUNT = frozenset({"XG114", "XG026"})


class _BlockReader:
    """Turns one located block into a table, collecting what it could not read."""

    def __init__(self, block: _Block) -> None:
        self.block = block
        self.grid = block.grid
        self.places: dict[tuple[int, int], Where] = {}
        self.findings: list[Finding] = []
        #: cells of the indicator region: filled, and those left unplaced
        self.present = 0
        self.unplaced: list[tuple[int, int]] = []
        #: the project each indicator belongs to, in tables of several projects
        self.group: int = 0
        self.groups: list[int] = []
        self.projects: list[dict[str, Any]] = []
        #: the table was not understood or is cut short: what it lacks is not told
        self.cut = False
        self._indicators: list[Indicator] | None = None
        #: the 合计 / 总分 row that closed the indicator table, with its cells
        self.closing: tuple[int, list[tuple[int, str]]] | None = None
        self._left_edge: int | None = None
        self._header_texts: tuple[int, dict[int, str]] | None = None
        self.org: tuple[str, Where] | None = None

    def where(self, row: int, col: int) -> Where:
        found = self.places.get((row, col))  # asked for several times a row
        if found is None:
            grid = self.grid
            found = self.places[row, col] = Where(
                file=grid.file, sheet=grid.sheet, cell=a1(row, col)
            )
        return found

    def text(self, name: str) -> Sourced[str] | None:
        found = self.block.fields.get(name)
        if found is None or found.value is None or found.value_row is None:
            return None
        value = found.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        at = self.where(found.value_row, found.value_col or 0)
        return SourcedText(value=text, at=at) if text else None

    def amount(self, name: str, required: bool = False) -> Amount | None:
        found = self.block.fields.get(name)
        if found is None:
            if required and not self.cut:
                self.findings.append(finding("XG101", self.table_at(), label=name))
            return None
        if found.value is None or found.value_row is None:
            if required and not self.cut:
                at = self.where(found.row, found.col + 1)
                self.findings.append(finding("XG204", at, label=name))
            return None
        at = self.where(found.value_row, found.value_col or 0)
        if str(found.value).strip() in _NO_AMOUNT:  # `/`, `-`: nothing in this source
            return None
        parsed = parse_amount(found.value, found.label.unit)
        if parsed is None:
            self.findings.append(finding("XG114", at, label=name, value=found.value))
            return None
        value, places, unit = parsed
        raw = self.grid.text(found.value_row, found.value_col or 0)
        if not fits_excel(value * 10_000 if unit == "元" else value):
            shown = excerpt(found.value) if isinstance(found.value, str) else str(value)
            self.findings.append(finding("XG026", at, label=name, value=shown))
            return None
        if unit == "元":
            self.findings.append(finding("XG116", at, label=name, raw=raw, value=value))
        return Amount(value=value, at=at, places=places, raw=raw, unit=unit)

    def table_at(self) -> Where:
        block = self.block
        row, col = block.title or (block.start, 0)
        return self.where(row, col)

    def common(self) -> dict[str, Any]:
        block = self.block
        title = None
        if block.title:
            title = SourcedText(value=self.grid.text(*block.title), at=self.where(*block.title))
        extra = {
            name: sourced
            for name in block.fields
            if name not in labels.AMOUNT_FIELDS and (sourced := self.text(name))
        }
        indicators = self.read_indicators()
        blank = {  # labels the form asks for with an empty cell beside them (0 is filled)
            name: self.where(found.row, found.col + 1)
            for name, found in block.fields.items()
            if name not in extra
            and (name not in labels.AMOUNT_FIELDS or found.value is None)
            and self.grid.value(found.row, found.col + 1) is None  # not a lost cell's neighbour
        }
        return {
            "title": title,
            "at": self.table_at(),
            "indicators": indicators,
            "header_row": block.columns.header_row if block.columns else None,
            "layout": [role for _, role in block.columns.roles] if block.columns else [],
            "total_score": self.total_score(indicators),
            "grade": self.text("自评等级"),
            "fields": extra,
            "blank": blank,
            **self.coverage(indicators),
        }

    def total_score(self, indicators: list[Indicator]) -> SourcedNumber | None:
        """The table's total score as published: the 得分 of its 总分 / 合计 row (the last of
        its numbers, the only one when rows carry scores), else a 自评得分 field."""
        if self.closing is not None:
            row, cells = self.closing
            numbers = [(c, n) for c, t in cells[1:] if (n := to_decimal_text(t)) is not None]
            scored = any(i.score is not None for i in indicators)
            if len(numbers) >= 2 or (numbers and scored):
                col, value = numbers[-1]
                return SourcedNumber(value=value, at=self.where(row, col))
        found = self.block.fields.get("自评得分")
        if found is not None and found.value_row is not None:
            value = to_decimal_text(str(found.value)) if found.value is not None else None
            if value is not None:
                return SourcedNumber(
                    value=value, at=self.where(found.value_row, found.value_col or 0)
                )
        return None

    def coverage(self, indicators: list[Indicator]) -> dict[str, Any]:
        """The share of the indicator region's cells placed; what was not is told once."""
        if not self.unplaced:
            return {"coverage": 1.0, "rows_present": len(indicators)}
        unplaced = sorted(set(self.unplaced))
        rows_unread = sorted({row for row, _ in unplaced})
        read_rows = {parse_a1(i.at.cell)[0] for i in indicators if i.at.cell}
        present = len(indicators) + len(set(rows_unread) - read_rows)
        share = 1 - len(unplaced) / max(self.present, len(unplaced))
        self.findings.append(_not_read(self.grid, unplaced, share))
        return {"coverage": share, "rows_present": present}

    def read_indicators(self) -> list[Indicator]:
        """The indicators, read once, first: what the header lacks is only told once the
        reader knows whether it understood the table."""
        if self._indicators is None:
            self._indicators = self.indicators()
        return self._indicators

    def require(self, *names: str) -> None:
        for name in names:
            if name not in self.block.fields and not self.cut:
                self.findings.append(finding("XG101", self.table_at(), label=name))

    def department(self) -> DepartmentTable:
        self.read_indicators()
        self.require("部门名称", "年度总体目标")
        executed = self.execution()
        required = not executed  # a 自评表 states its funds as 预算 / 执行, not 收入 / 支出
        budget = DepartmentBudget(
            income_total=self.amount("收入预算合计", required=required),
            fiscal=self.amount("财政拨款", required=required),
            other=self.amount("其他经费"),
            carryover=self.amount("上年结转"),
            expense_total=self.amount("支出预算合计", required=required),
            basic=self.amount("基本支出", required=required),
            project=self.amount("项目支出", required=required),
        )
        return DepartmentTable(
            department=self.text("部门名称"),
            goal=self.text("年度总体目标"),
            budget=budget,
            execution=executed,
            **self.common(),
        )

    def execution(self) -> list[FundsExecution]:
        """The funds block's rows, each with its numbers as published."""
        header = self.block.funds_header
        if header is None:
            return self.inline_execution()
        unit = _table_unit(self.grid, self.block.start, header.row + 1) or "万元"
        unit = labels.section_unit(" ".join(self.grid.text(header.row, c) for c, _ in
                                            self.grid.filled(header.row))) or unit  # fmt: skip
        found = []
        for row in self.block.funds_rows:
            texts = list(self.grid.filled_texts(row))
            split = execution.split_row(_spanned(self.grid, row, texts))
            if split is None:
                continue
            (label_col, label), values = split
            placed = execution.place_values(header, values)
            amounts = {
                role: self.amount_at(row, col, text, unit)
                for role, (col, text) in placed.items()
                if role in ("planned", "budget", "executed")
            }
            numbers = {
                role: SourcedNumber(value=value, at=self.where(row, col))
                for role, (col, text) in placed.items()
                if role in ("weight", "rate", "score")
                and (value := execution.number(text)) is not None
            }
            found.append(
                FundsExecution(
                    label=squash(label), at=self.where(row, label_col), **amounts, **numbers
                )
            )
        return found

    def inline_execution(self) -> list[FundsExecution]:
        """`预算执行情况 | 预算数: | 2.38 | 执行数: | 2.38 | 20`: labels and values in one row."""
        stop = self.block.columns.header_row if self.block.columns else self.block.end
        for row in range(self.block.start, stop):
            texts = list(self.grid.filled_texts(row))
            pairs = {
                role: (texts[i + 1][0], texts[i + 1][1])
                for i, (_, text) in enumerate(texts[:-1])
                if (role := execution.column_word(text)) in ("budget", "executed", "planned")
                and execution.is_number(texts[i + 1][1])
            }
            if len(pairs) < 2:
                continue
            amounts = {r: self.amount_at(row, c, t, "万元") for r, (c, t) in pairs.items()}
            last_col, last = texts[-1]
            score = execution.number(last) if last_col > max(c for c, _ in pairs.values()) else None
            numbers = {"score": SourcedNumber(value=score, at=self.where(row, last_col))} if (
                score is not None) else {}  # fmt: skip
            label = squash(texts[0][1])
            return [FundsExecution(label=label, at=self.where(row, texts[0][0]), **amounts,
                                   **numbers)]  # fmt: skip
        return []

    def amount_at(self, row: int, col: int, text: str, unit: str) -> Amount | None:
        parsed = parse_amount(text.replace(" ", ""), unit)
        if parsed is None:
            return None
        value, places, source_unit = parsed
        at = self.where(row, col)
        if source_unit == "元":
            self.findings.append(finding("XG116", at, label="预算数", raw=text, value=value))
        return Amount(value=value, at=at, places=places, raw=text, unit=source_unit)

    def funds_from(self, rows: list[FundsExecution]) -> dict[str, Amount | None]:
        """The year's funds as a year-end table states them: its 年初预算数, else its 全年预算数
        (as the 自评 form's reader takes them, issue 16)."""
        out: dict[str, Amount | None] = {}
        for row in rows:
            label = labels.match_label(row.label)
            if label is not None:
                name: str | None = label.field
            elif _TOTAL.match(row.label) or len(rows) == 1:  # 总额, or the block's one row
                name = "年度资金总额"
            else:
                name = None
            key = _FUNDS_KEYS.get(name or "")
            if key and key not in out:
                out[key] = row.planned or row.budget
        return out

    def projects_of_table(self) -> list[ProjectTable]:
        """A table listing several projects, one row per indicator (Sichuan's 部门预算项目绩效
        目标申报表): one project table each, its indicators in the order they came."""
        common = self.common()
        indicators: list[Indicator] = common.pop("indicators")
        if not self.projects:
            return [ProjectTable(indicators=indicators, **common)]
        unit = _table_unit(self.grid, self.block.start, self.block.end) or "万元"
        tables = []
        for index, project in enumerate(self.projects):
            name, name_at = project["project"]
            budget, budget_at = project["budget"]
            org = project["org"]
            total = self.amount_at(*_row_col(budget_at), budget, unit) if budget else None
            goal, goal_at = project["goal"]
            mine = [i for i, g in zip(indicators, self.groups, strict=True) if g == index]
            tables.append(
                ProjectTable(
                    **{**common, "at": name_at, "rows_present": len(mine)},
                    indicators=mine,
                    project_name=SourcedText(value=name, at=name_at),
                    department=SourcedText(value=org[0], at=org[1]) if org else None,
                    goal=SourcedText(value=goal, at=goal_at) if goal else None,
                    funds=ProjectFunds(total=total),
                )
            )
        return tables

    def project(self) -> ProjectTable:
        self.read_indicators()
        self.require("项目名称")
        executed = self.execution()
        if executed:
            return self.project_with(executed, self.funds_from(executed))
        funds = ProjectFunds(
            total=self.amount("年度资金总额", required="项目资金总额" not in self.block.fields),
            fiscal=self.amount("财政拨款"),
            carryover=self.amount("上年结转"),
            other=self.amount("其他资金"),
            multiyear_total=self.amount("项目资金总额"),
            multiyear_fiscal=self.amount("财政资金"),
        )
        return self.project_with([], funds)

    def project_with(
        self, executed: list[FundsExecution], funds: ProjectFunds | dict[str, Amount | None]
    ) -> ProjectTable:
        if not isinstance(funds, ProjectFunds):
            funds = ProjectFunds(**funds)
        return ProjectTable(
            execution=executed,
            project_name=self.text("项目名称"),
            department=self.text("主管部门及代码"),
            implementer=self.text("实施单位"),
            leader=self.text("项目负责人"),
            phone=self.text("联系电话"),
            goal=self.text("年度绩效目标"),
            funds=funds,
            **self.common(),
        )

    # --- indicator rows ---

    def indicators(self) -> list[Indicator]:
        columns = self.block.columns
        if columns is None:
            self.no_header()
            return []
        placements = self.placements(columns)
        _settle(self, placements)
        found: list[Indicator] = []
        levels = _Levels()
        joined: set[int] = set()
        unread = sorted({r for r, _ in self.unplaced})
        previous = columns.header_row
        for row, where in placements:
            if row in joined:
                continue
            # rows not read lie between this row and the one before: the 一级 / 二级 may be in them
            if bisect_right(unread, previous) < bisect_left(unread, row):
                levels = _Levels()
            previous = row
            if "project" in where or "org" in where:  # a table of several projects
                self.note_project(row, where)
            levels.update(self, row, where)
            name = _indicator_name(self.cell(row, where.get("name")))
            written = _target_text(self, row, where)
            if not (name or written):
                continue  # a row that only sets 一级 / 二级 for the rows below
            if not name and _PLACEHOLDER_NAME.match(squash(written)):
                continue  # `生态效益指标 | 指标1:/ | / | /`: no indicator under this 二级
            target_row, target_where = row, where
            if name and not written:
                continued = self.continuation(row, name)
                if continued is not None:
                    joined.add(continued)
                    target_row, target_where = continued, _where_of(columns)
                elif _has_results(columns) and not {"actual", "weight", "score"} & set(
                    k for k, c in where.items() if self.cell(row, c)
                ):  # a name alone where every row has results: a cell split over lines
                    self.unplaced.extend((row, c) for c, _ in self.grid.filled(row))
                    continue
            target, raw, comparator_text = self.target(target_row, target_where)
            target = _unit_from_name(target, name)
            if target.number is not None and not fits_excel(target.number):
                at_target = self.where(target_row, target_where.get("target", where.get("name", 0)))
                label = f"指标值（{excerpt(name, 20)}）" if name else "指标值"
                self.findings.append(finding("XG026", at_target, label=label, value=excerpt(raw)))
                target = Target(comparator=target.comparator, unit=target.unit,
                                notes=(Note.OUT_OF_RANGE,))  # fmt: skip
            found.append(
                Indicator(
                    **levels.fields(),
                    name=name or None,
                    target=target,
                    raw=raw,
                    at=self.where(row, where.get("name", columns.name)),
                    target_at=self.where(target_row, target_where.get("target", columns.target)),
                    comparator_at=(
                        self.where(row, where["comparator"]) if "comparator" in where else None
                    ),
                    comparator_text=comparator_text,
                    **self.extras(row, where),
                )
            )
            self.groups.append(self.group)
        # rows of several cells that could not be placed (a line of text alone says nothing
        # about the layout)
        unread = {r for r, _ in self.unplaced if sum(1 for x, _ in self.unplaced if x == r) > 1}
        if unread and len(unread) > len({parse_a1(i.at.cell or "A1")[0] for i in found}):
            # most of the table was not understood: what was read is not trusted either
            self.unplaced.extend((r, c) for r, w in placements for c in w.values()
                                 if self.cell(r, c))  # fmt: skip
            self.groups.clear()
            return []
        if not found and not self.unplaced:
            self.findings.append(finding("XG113", self.where(columns.header_row, 0)))
        return found

    def no_header(self) -> None:
        """No indicator header. Indicator-like rows in a layout not understood (a table
        pivoted by town), or a table cut short after a section line, are not read, and said
        so; only a table that has neither truly has no indicators (XG113)."""
        block, grid = self.block, self.grid
        start = max(block.funds_rows, default=block.start) + 1
        cells = [
            (r, c)
            for r in range(start, block.end)
            for c, v in grid.filled(r)
            if any(_indicator_like(x) for _, x in grid.filled(r))
        ]
        last = max((r for r in range(block.start, block.end) if any(grid.filled(r))), default=0)
        if not cells and block.last and _opens_section(grid, last):
            cells = [(last, c) for c, _ in grid.filled(last)]
        if cells:
            self.cut = True
            self.unplaced.extend(cells)
            self.present += len(cells)
        else:
            self.findings.append(finding("XG113", self.table_at()))

    def note_project(self, row: int, where: dict[str, int]) -> None:
        """In a table of several projects (a 项目名称 column), a row naming a project starts
        its indicators; 单位名称 / 预算数 / 年度目标 on that row belong to it."""
        cells = {
            role: (self.cell(row, where.get(role)), self.where(row, where.get(role, 0)))
            for role in ("project", "org", "budget", "goal")
        }
        if cells["org"][0]:
            self.org = cells["org"]
        if cells["project"][0]:
            self.projects.append({**cells, "org": self.org, "row": row})
            self.group = len(self.projects) - 1

    def placements(self, columns: _Columns) -> list[tuple[int, dict[str, int]]]:
        """Each content row of the indicator region with the column of each role in it."""
        found: list[tuple[int, dict[str, int]]] = []
        for row in range(columns.first_row, self.block.end):
            cells = list(self.grid.filled_texts(row))
            if not cells or (_DASHES.match(cells[0][1]) and self.is_debris(row)):
                continue
            if _closes(cells):
                self.closing = (row, cells)
                break
            self.present += len(cells)
            if _is_structure_row(self.grid, row, cells):
                continue
            where = self.place(row, columns, cells)
            if where:
                found.append((row, where))
        else:  # the region ran to the end of the table without its 合计 / 总分 row
            self.cut_off(found)
        return found

    def cut_off(self, found: list[tuple[int, dict[str, int]]]) -> None:
        """A table that stops mid-row (a copy cut short): its last row lacks columns every
        row above has, or only opens a 一级 / 二级. That row is not read, and said so."""
        if not found:
            return

        def filled(r: int, w: dict[str, int]) -> set[str]:
            return {k for k, c in w.items() if self.cell(r, c)}

        row, last = found[-1][0], filled(*found[-1])
        opens_only = "name" not in last and not ({"target", "actual"} & last)
        columns = self.block.columns
        results = (
            {"target", "actual", "score"} & {r for _, r in columns.roles} if columns else set()
        )
        if not opens_only and results <= last:
            return  # the usual case: the last row is whole
        above = [roles for r, w in found[:-1] if "name" in (roles := filled(r, w))]
        usual = set.intersection(*above) & results if above else set()
        if len(found) > 1 and "name" not in last and "target" not in filled(*found[-2]):
            return  # the target of the row above, alone after a page break (XG131)
        if (above and opens_only) or not usual <= last:
            found.pop()
            self.unplaced.extend((row, c) for c, _ in self.grid.filled(row))

    def place(self, row: int, columns: _Columns, cells: list[tuple[int, str]]) -> dict[str, int]:
        """Where this row's roles sit: as laid out, shifted by one (the seed's repair), or
        aligned by content when leading or empty cells were lost."""
        roles = columns.by_column
        header = self.header_texts(columns.header_row)
        # a merged section cell repeated on the row (`绩效指标` left of 一级) is the header's
        cells = [(c, t) for c, t in cells if c in roles or t != header.get(c, "")]
        if not cells:
            return {}
        if columns.standard and _shift(self, row, columns):
            self.block.in_place = False
            moved = self.row_columns(row)
            offset = moved.name - columns.name
            extra = {r: c + offset for c, r in columns.roles if r not in _LEGACY_KEYS}
            return extra | _where_of(moved)
        as_laid_out = dict(columns.as_laid_out)  # the caller may change it (`_settle`)
        # a row starting right of the table's left edge keeps its empty cells: it is in place
        if cells[0][0] > self.left_edge(columns) or rows.row_fits(cells, roles):
            self.unplaced.extend((row, c) for c, _ in cells if c not in roles)
            return as_laid_out
        first, last = cells[0][0], cells[-1][0]
        span = [(c, self.grid.text(row, c)) for c in range(first, last + 1)]
        placed = rows.align(span, list(columns.roles))
        where: dict[str, int] = {}
        missed: list[tuple[int, int]] = []
        for col, text in cells:
            role = roles.get(placed[col]) if col in placed else None
            if role is None or rows.fit(text, role) < rows.UNFIT:
                missed.append((row, col))
            else:
                where.setdefault(role, col)
        if len(missed) >= sum(not rows.fits_at(t, roles.get(c)) for c, t in cells):
            # moving the cells explains no more of them than they stand: keep them in place
            self.unplaced.extend((row, c) for c, _ in cells if c not in roles)
            return as_laid_out
        if missed or set(where) == {"name"}:
            # a row not wholly understood is not read at all (nothing is said about it but
            # that it was not read); a line of text alone below the table is no indicator
            self.unplaced.extend((row, col) for col, _ in cells)
            return {}
        self.block.in_place = False
        return where

    def header_texts(self, row: int) -> dict[int, str]:
        """The header row's texts by column (asked for on every row below it)."""
        if self._header_texts is None or self._header_texts[0] != row:
            self._header_texts = (row, dict(self.grid.filled_texts(row)))
        return self._header_texts[1]

    def left_edge(self, columns: _Columns) -> int:
        """The first filled column of the header row (a section cell such as 绩效指标 too)."""
        if self._left_edge is None:
            self._left_edge = next((c for c, _ in self.grid.filled(columns.header_row)), 0)
        return self._left_edge

    def extras(self, row: int, where: dict[str, int]) -> dict[str, Any]:
        """The columns other provinces add, and the year-end ones."""
        out: dict[str, Any] = {}
        if len(where) <= len(_LEGACY_KEYS) and where.keys() <= _LEGACY_KEYS.keys():
            return out  # the template's columns: nothing more to read
        for role in _TEXT_EXTRAS:
            out[role] = self.cell(row, where.get(role)) or None
        for role in ("actual", "deviation"):
            col = where.get(role)
            value = self.cell(row, col)
            out[role] = SourcedText(value=value, at=self.where(row, col)) if value else None
        for role in ("weight", "score"):
            col = where.get(role)
            number = to_decimal(self.grid.value(row, col)) if col is not None else None
            if number is None and col is not None:
                number = to_decimal_text(self.cell(row, col))
            out[role] = (
                None if number is None else SourcedNumber(value=number, at=self.where(row, col))
            )
        return out

    def cell(self, row: int, col: int | None) -> str:
        return self.grid.text(row, col) if col is not None and col >= 0 else ""

    def target_cells(self, row: int, columns: _Columns) -> str:
        parts = (columns.comparator, columns.target, columns.unit)
        return "".join(self.cell(row, c) for c in parts)

    # --- repairs of rows the source laid out wrongly; each is reported ---

    def is_debris(self, row: int) -> bool:
        """A row of dashes only (`-- | -- | ---------`): a page-break rule, not content."""
        filled = list(self.grid.filled(row))
        debris = bool(filled) and all(_DASHES.match(str(v).strip()) for _, v in filled)
        if debris:
            text = " ".join(str(v).strip() for _, v in filled)
            self.findings.append(finding("XG132", self.where(row, filled[0][0]), debris=text))
        return debris

    def row_columns(self, row: int) -> _Columns:
        """The columns to read this row from: shifted by one when its content says so."""
        columns = self.block.columns
        assert columns is not None
        offset = _shift(self, row, columns)
        if not offset:
            return columns
        moved = columns.left if offset < 0 else columns.right
        last = columns.last
        cells = [
            f"{a1(row, c)}“{self.grid.text(row, c)}”"
            for c in range(min(columns.level1, moved.level1), last + 2)
            if self.grid.text(row, c)
        ]
        right = offset < 0
        self.findings.append(
            finding(
                "XG130",
                self.where(row, moved.name),
                cells="、".join(cells),
                direction_zh="右" if right else "左",
                direction="right" if right else "left",
            )
        )
        return moved

    def continuation(self, row: int, name: str) -> int | None:
        """The row holding this row's target alone after a page break (the seed's `=100%`)."""
        columns = self.block.columns
        assert columns is not None
        for below in range(row + 1, self.block.end):
            filled = list(self.grid.filled(below))
            if not filled or all(_DASHES.match(str(v).strip()) for _, v in filled):
                continue
            labels_filled = any(self.cell(below, c) for c in (columns.level1, columns.level2))
            if labels_filled or self.cell(below, columns.name):
                return None
            if not self.target_cells(below, columns):
                return None
            value = self.target_cells(below, columns)
            source = self.where(below, columns.target)
            self.findings.append(
                finding(
                    "XG131",
                    self.where(row, columns.name),
                    name=name,
                    value=value,
                    source=str(source.cell),
                )
            )
            return below
        return None

    def target(self, row: int, where: dict[str, int]) -> tuple[Target, str, str | None]:
        """(parsed target, the target as written, the 计算符号 cell as written)."""
        value_text = self.cell(row, where.get("target"))
        unit = self.cell(row, where.get("unit"))
        if "comparator" not in where:
            if not unit:
                col = where.get("target")
                value = self.grid.value(row, col) if col is not None else None
                return parse_target(value), value_text, None
            # `≥90` beside a 单位 cell `%`: the unit column completes the target
            raw = f"{value_text}{unit}"
            return parse_target(raw), raw, None
        symbol = self.cell(row, where.get("comparator"))
        raw = f"{symbol}{value_text}{unit}"
        comparator = parse_comparator(symbol) if symbol else None
        if comparator is Comparator.QUALITATIVE:
            text = f"{value_text}{unit}" or None
            return Target(comparator=comparator, text=text), raw, symbol
        head = comparator.value if comparator else ""
        body = f"{value_text}{unit}"
        target = parse_target(head + body) if body else Target(comparator=comparator)
        return target, raw, symbol or None


# --- rows shifted by one column -------------------------------------------------------------

_DASHES = re.compile(r"^[-—–_]{2,}$")
_KEYS = ("level1", "level2", "name", "comparator", "target", "unit")


def _shifted(columns: _Columns, offset: int) -> _Columns:
    moved = {key: col + offset for key, col in columns.items if col is not None}
    return replace(columns, **moved)


def _is_label(text: str) -> bool:
    return is_level1(text) or is_level2(text)


def _shift(reader: _BlockReader, row: int, columns: _Columns) -> int:
    """-1 when the row's content sits one column left of its header, +1 when right, else 0.

    Decided by what the cells hold: a 二级 label in the 一级 column, an indicator name in the
    二级 column, a name in the target column; and only when the shifted row reads whole.
    """
    cell = reader.cell
    last = columns.last
    if cell(row, last) and cell(row, columns.name):
        return 0  # the usual row: neither test below can hold
    level1, level2 = cell(row, columns.level1), cell(row, columns.level2)
    left = columns.left
    if not cell(row, last) and reader.target_cells(row, left) and cell(row, left.name):
        if level1 and not is_level1(level1) and is_level2(level1):
            return -1  # `时效指标 | 年度全部工作完成及时率 | 100%`
        name_like = len(squash(level2)) > 9 or parse_target(cell(row, columns.name)).is_number
        if not level1 and level2 and not _is_label(level2) and name_like:
            return -1  # `| 创业孵化基地示范和辐射作用情况 | 有所提升`
    right = columns.right
    if (
        not level1
        and not cell(row, columns.name)
        and cell(row, right.name)
        and reader.target_cells(row, right)
        and cell(row, last + 1)
        and (not level2 or is_level1(level2))
    ):
        return 1  # `| | | name | target` beyond the header
    return 0


# --- reading rows by role ------------------------------------------------------------------

_TEXT_EXTRAS = ("value_type", "explanation", "scoring_rule", "direction")
_CLOSING = re.compile(r"^(合计|总分|总计|小计|得分合计|总体得分|注[:：]|注\d|备注[:：]|说明[:：])")
_PLACEHOLDER_NAME = re.compile(r"^(指标\d+[:：]?)?[/／\\\-—…．.]*$")
_NAME_PREFIX = re.compile(r"^(指标\d+[:：]|[★☆]+)+")
_NAME_HINT = re.compile(r"[(（][^()（）]*\*\*[^()（）]*[)）]|[≥≤<>][^≥≤<>]*\*\*\S*$")


def _where_of(columns: _Columns) -> dict[str, int]:
    return {key: col for key, col in columns.items if col is not None and col >= 0}


def _target_text(reader: _BlockReader, row: int, where: dict[str, int]) -> str:
    return "".join(reader.cell(row, where.get(r)) for r in ("comparator", "target", "unit"))


@functools.lru_cache(maxsize=16_384)
def _indicator_name(text: str) -> str:
    """The 三级 name without the form's numbering and marks: `指标1:验收通过率` → 验收通过率,
    `★★★受益人数(≥**人)` → 受益人数 (the stars mark core indicators, `**` is the form's hint)."""
    name = squash(text)
    if _PLACEHOLDER_NAME.match(name):
        return ""
    name = _NAME_HINT.sub("", _NAME_PREFIX.sub("", name))
    return name


def _closes(cells: list[tuple[int, str]]) -> bool:
    """A row that ends the indicator table: 合计 / 总分 / a note."""
    return bool(_CLOSING.match(squash(cells[0][1])))


def _is_structure_row(grid: Grid, row: int, cells: list[tuple[int, str]]) -> bool:
    """A repeated header, a `……` row, a placeholder `指标2:` row: structure, not content."""
    if all(_PLACEHOLDER_NAME.match(squash(t)) for _, t in cells):
        return True
    return any(columns.column_role(t) for _, t in cells[:3]) and _is_header_row(grid, row)


def to_decimal_text(text: str) -> Decimal | None:
    """A weight or score written as text (`5.0`, `10分`)."""
    try:
        return Decimal(text.removesuffix("分").replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def _settle(reader: _BlockReader, placements: list[tuple[int, dict[str, int]]]) -> None:
    """指标性质 is the comparator when it holds ≥ / = (Sichuan), else 定量 / 定性 (Chongqing)."""
    texts = [reader.cell(row, where["nature"]) for row, where in placements if "nature" in where]
    symbols = any(parse_comparator(t) not in (None, Comparator.QUALITATIVE) for t in texts if t)
    role = "comparator" if symbols else "value_type"
    for _, where in placements:
        if "nature" in where:
            where[role] = where.pop("nature")


@dataclass
class _Levels:
    """The 一级 / 二级 in force: set by a row that has them, continued by the rows below."""

    level1: str | None = None
    level1_raw: str | None = None
    level1_at: Where | None = None
    level2: str | None = None
    level2_raw: str | None = None
    level2_at: Where | None = None

    def update(self, reader: _BlockReader, row: int, where: dict[str, int]) -> None:
        one, two = reader.cell(row, where.get("level1")), reader.cell(row, where.get("level2"))
        if one:
            label = rows.label_text(one)
            self.level1, self.level1_raw = (label or None), one
            self.level1_at = reader.where(row, where["level1"])
            self.level2 = self.level2_raw = self.level2_at = None
        if two:
            self.level2, self.level2_raw = rows.label_text(two) or None, two
            self.level2_at = reader.where(row, where["level2"])
            parent = LEVEL2_PARENT.get(normalise_level2(self.level2 or ""))
            if self.level1 is None and parent:  # `(50分) | 数量指标`: the 一级 is implied
                self.level1, self.level1_raw = parent, None

    def fields(self) -> dict[str, Any]:
        return {
            "level1": normalise_level1(self.level1) if self.level1 else None,
            "level2": normalise_level2(self.level2) if self.level2 else None,
            "level1_raw": self.level1_raw,
            "level2_raw": self.level2_raw,
            "level1_at": self.level1_at,
            "level2_at": self.level2_at,
        }


_NO_AMOUNT = frozenset({"/", "-", "—", "--", "／", "\\", "*", "无"})
_TOTAL = re.compile(r"^(总额|合计|资金总额|年度财政资金总额|年度资金总额)")
_FUNDS_KEYS = {"年度资金总额": "total", "财政拨款": "fiscal", "财政资金": "fiscal",
               "上年结转": "carryover", "其他资金": "other"}  # fmt: skip


def _row_col(at: Where) -> tuple[int, int]:
    return parse_a1(at.cell or "A1")


def _opens_section(grid: Grid, row: int) -> bool:
    """A row that only opens a section (`预算执行情况（10分）`): a table stopping there was cut."""
    cells = [v for _, v in grid.filled(row)]
    return len(cells) == 1 and isinstance(cells[0], str) and len(squash(cells[0])) <= 20


def _has_results(columns: _Columns) -> bool:
    """A 自评表's header: results beside the targets."""
    return bool({"actual", "score"} & {role for _, role in columns.roles})


_NAME_UNIT = re.compile(r"[(（]\s*(万元|元|亿元|%|个|人|次|天|户|亩|公里|件)\s*[)）]$")


def _unit_from_name(target: Target, name: str) -> Target:
    """`成本控制数(万元) | 63`: the unit the name gives in brackets is the target's."""
    if not name or name[-1] not in ")）" or target.unit:
        return target
    match = _NAME_UNIT.search(name)
    if match and target.number is not None and not target.unit:
        return target.model_copy(update={"unit": match.group(1)})
    return target
