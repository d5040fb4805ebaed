"""Read tables from grids by their labels, not by fixed cell addresses.

A sheet is cut into blocks at table titles (and at a new header label once a block has its
indicators). In each block, header fields are found by label with the value to the right or
below; the indicator table starts at the row naming 一级指标 / 二级指标 / 三级指标.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xlgoals.address import a1
from xlgoals.model import labels
from xlgoals.model.amounts import parse_amount
from xlgoals.model.framework import is_level1, is_level2, normalise_level1, normalise_level2, squash
from xlgoals.model.submission import (
    Amount,
    DepartmentBudget,
    DepartmentTable,
    Indicator,
    ProjectFunds,
    ProjectTable,
    Sourced,
    Submission,
)
from xlgoals.model.targets import Comparator, Note, Target, parse_comparator, parse_target
from xlgoals.model.values import excerpt, fits_excel
from xlgoals.problems.findings import Finding, Where, finding
from xlgoals.read.grid import Grid
from xlgoals.read.safety import SourceError
from xlgoals.read.self_evaluation import attach_self_evaluation
from xlgoals.read.workbook import read_grids


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


@dataclass
class _Block:
    grid: Grid
    start: int
    end: int  # exclusive
    title: tuple[int, int] | None = None
    fields: dict[str, _Field] = field(default_factory=dict)
    columns: _Columns | None = None


def read_grid(grid: Grid) -> tuple[list[DepartmentTable | ProjectTable], list[Finding]]:
    """Every table on one sheet, and the problems met reading them."""
    tables: list[DepartmentTable | ProjectTable] = []
    findings: list[Finding] = []
    for block in _blocks(grid):
        table, problems = _read_block(block)
        if table is not None:
            tables.append(attach_self_evaluation(grid, table, block.start, block.end))
        findings.extend(problems)
    return tables, findings


#: sheets xlgoals writes beside the tables, never read as tables
SKIPPED_SHEETS = frozenset({"导入记录"})


def read_tables(grids: list[Grid], file: str) -> Submission:
    """All tables of a workbook's sheets, in order."""
    submission = Submission(file=file)
    for grid in grids:
        submission.findings.extend(grid.notes)
        if grid.sheet in SKIPPED_SHEETS:
            continue
        tables, findings = read_grid(grid)
        submission.tables.extend(tables)
        submission.findings.extend(findings)
        if tables:
            submission.findings.extend(_hidden(grid))
    if not submission.tables:
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


def _header_columns(grid: Grid, row: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, value in grid.filled(row):
        name = labels.match_column(value)
        if name and name not in found:
            found[name] = col
    return found


def _is_header_row(grid: Grid, row: int) -> bool:
    return {"一级指标", "三级指标"} <= _header_columns(grid, row).keys()


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
            left = _header_columns(grid, row)["一级指标"]
    bounds = [start for start, _ in starts[1:]] + [grid.height] if starts else []
    return [
        _Block(grid, start, end, title) for (start, title), end in zip(starts, bounds, strict=True)
    ]


# --- one block: header fields, kind, indicators ----------------------------------------------


def _find_columns(block: _Block) -> _Columns | None:
    grid = block.grid
    for row in range(block.start, block.end):
        if not _is_header_row(grid, row):
            continue
        found = _header_columns(grid, row)
        first = row + 1
        below = _header_columns(grid, row + 1)
        two_rows = "计算符号" in below or ("单位" in below and "指标值" in below)
        if two_rows and len(below) == len(list(grid.filled(row + 1))):  # not an indicator
            # two-row header: `2024 年目标值` over 计算符号 / 目标值 / 单位
            found.update(below)
            first = row + 2
        target = found.get("指标值")
        if target is None:
            target = max(found.values()) + 1
        return _Columns(
            header_row=row,
            first_row=first,
            level1=found["一级指标"],
            level2=found.get("二级指标", found["一级指标"] + 1),
            name=found["三级指标"],
            target=target,
            comparator=found.get("计算符号"),
            unit=found.get("单位"),
        )
    return None


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
        if labels.is_structural(value) and not (paragraph and not labels.is_title(value)):
            break
        return value, row, c
    for r in range(row + 1, min(row + 3, stop)):
        value = grid.value(r, col)
        if value is None:
            continue
        if labels.is_structural(value):
            return None
        return value, r, col
    return None


def _find_fields(block: _Block) -> None:
    grid = block.grid
    stop = block.columns.header_row if block.columns else block.end
    values: set[tuple[int, int]] = set()  # a cell read as a field's value is no label
    unit: str | None = None
    for row in range(block.start, stop):
        for col, value in grid.filled(row):
            if (row, col) in values:
                continue
            unit = labels.section_unit(value) or unit
            label = labels.match_label(value)
            if label is None or label.field in block.fields:
                continue
            found = _Field(label, row, col)
            if label.unit is None and label.field in labels.AMOUNT_FIELDS and unit:
                found.label = labels.Label(label.field, unit)
            located = _value_of(grid, row, col, stop)
            if located:
                found.value, found.value_row, found.value_col = located
                values.add((found.value_row, found.value_col))
            block.fields[label.field] = found


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


def _read_block(block: _Block) -> tuple[DepartmentTable | ProjectTable | None, list[Finding]]:
    block.columns = _find_columns(block)
    _find_fields(block)
    kind = _kind(block)
    if kind is None or _untouched(block):
        return None, []
    reading = _BlockReader(block)
    table = reading.department() if kind == "department" else reading.project()
    return table, reading.findings


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
        self.findings: list[Finding] = []

    def where(self, row: int, col: int) -> Where:
        return Where(file=self.grid.file, sheet=self.grid.sheet, cell=a1(row, col))

    def text(self, name: str) -> Sourced[str] | None:
        found = self.block.fields.get(name)
        if found is None or found.value is None or found.value_row is None:
            return None
        value = found.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        at = self.where(found.value_row, found.value_col or 0)
        return Sourced[str](value=text, at=at) if text else None

    def amount(self, name: str, required: bool = False) -> Amount | None:
        found = self.block.fields.get(name)
        if found is None:
            if required:
                self.findings.append(finding("XG101", self.table_at(), label=name))
            return None
        if found.value is None or found.value_row is None:
            if required:
                at = self.where(found.row, found.col + 1)
                self.findings.append(finding("XG204", at, label=name))
            return None
        at = self.where(found.value_row, found.value_col or 0)
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
            title = Sourced[str](value=self.grid.text(*block.title), at=self.where(*block.title))
        extra = {
            name: sourced
            for name in block.fields
            if name not in labels.AMOUNT_FIELDS and (sourced := self.text(name))
        }
        indicators = self.indicators()
        blank = {
            name: self.where(found.row, found.col + 1)
            for name, found in block.fields.items()
            if name not in labels.AMOUNT_FIELDS and name not in extra
        }
        return {
            "title": title,
            "at": self.table_at(),
            "indicators": indicators,
            "header_row": block.columns.header_row if block.columns else None,
            "fields": extra,
            "blank": blank,
        }

    def require(self, *names: str) -> None:
        for name in names:
            if name not in self.block.fields:
                self.findings.append(finding("XG101", self.table_at(), label=name))

    def department(self) -> DepartmentTable:
        self.require("部门名称", "年度总体目标")
        budget = DepartmentBudget(
            income_total=self.amount("收入预算合计", required=True),
            fiscal=self.amount("财政拨款", required=True),
            other=self.amount("其他经费"),
            carryover=self.amount("上年结转"),
            expense_total=self.amount("支出预算合计", required=True),
            basic=self.amount("基本支出", required=True),
            project=self.amount("项目支出", required=True),
        )
        return DepartmentTable(
            department=self.text("部门名称"),
            goal=self.text("年度总体目标"),
            budget=budget,
            **self.common(),
        )

    def project(self) -> ProjectTable:
        self.require("项目名称")
        funds = ProjectFunds(
            total=self.amount("年度资金总额", required="项目资金总额" not in self.block.fields),
            fiscal=self.amount("财政拨款"),
            carryover=self.amount("上年结转"),
            other=self.amount("其他资金"),
            multiyear_total=self.amount("项目资金总额"),
            multiyear_fiscal=self.amount("财政资金"),
        )
        return ProjectTable(
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
            self.findings.append(finding("XG113", self.table_at()))
            return []
        rows: list[Indicator] = []
        level1 = level2 = None
        level1_at = level2_at = None
        joined: set[int] = set()
        for row in range(columns.first_row, self.block.end):
            if row in joined:
                continue
            if self.is_debris(row):
                continue
            at = self.row_columns(row)
            cells = {key: self.cell(row, col) for key, col in _column_items(at)}
            if not any(cells.values()):
                continue
            if cells["level1"]:
                level1, level1_at = cells["level1"], self.where(row, at.level1)
                level2, level2_at = None, None
            if cells["level2"]:
                level2, level2_at = cells["level2"], self.where(row, at.level2)
            if not (cells["name"] or self.target_cells(row, at)):
                continue  # a row that only sets 一级 / 二级 for the rows below
            target_row, target_at = row, at
            if cells["name"] and not self.target_cells(row, at):
                continued = self.continuation(row, cells["name"])
                if continued is not None:
                    joined.add(continued)
                    target_row, target_at = continued, columns
            target, raw, comparator_text = self.target(target_row, target_at)
            if target.number is not None and not fits_excel(target.number):
                at_target = self.where(target_row, target_at.target)
                label = f"指标值（{excerpt(cells['name'], 20)}）" if cells["name"] else "指标值"
                self.findings.append(finding("XG026", at_target, label=label, value=excerpt(raw)))
                target = Target(comparator=target.comparator, unit=target.unit,
                                notes=(Note.OUT_OF_RANGE,))  # fmt: skip
            rows.append(
                Indicator(
                    level1=normalise_level1(level1) if level1 else None,
                    level2=normalise_level2(level2) if level2 else None,
                    level1_raw=level1,
                    level2_raw=level2,
                    name=squash(cells["name"]) or None,
                    target=target,
                    raw=raw,
                    at=self.where(row, at.name),
                    level1_at=level1_at,
                    level2_at=level2_at,
                    target_at=self.where(target_row, target_at.target),
                    comparator_at=(
                        self.where(row, columns.comparator)
                        if columns.comparator is not None
                        else None
                    ),
                    comparator_text=comparator_text,
                )
            )
        if not rows:
            self.findings.append(finding("XG113", self.where(columns.header_row, 0)))
        return rows

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
        moved = _shifted(columns, offset)
        last = max(c for _, c in _column_items(columns) if c is not None)
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

    def target(self, row: int, columns: _Columns | None = None) -> tuple[Target, str, str | None]:
        """(parsed target, the target as written, the 计算符号 cell as written)."""
        columns = columns or self.block.columns
        assert columns is not None
        if columns.comparator is None:
            value = self.grid.value(row, columns.target)
            unit = self.cell(row, columns.unit)
            if not unit:
                return parse_target(value), self.grid.text(row, columns.target), None
            # `≥90` beside a 单位 cell `%`: the unit column completes the target
            raw = f"{self.grid.text(row, columns.target)}{unit}"
            return parse_target(raw), raw, None
        symbol = self.cell(row, columns.comparator)
        value_text = self.cell(row, columns.target)
        unit = self.cell(row, columns.unit)
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


@functools.lru_cache(maxsize=256)  # asked for every row; a block has one set of columns
def _column_items(columns: _Columns) -> tuple[tuple[str, int | None], ...]:
    return tuple((key, getattr(columns, key)) for key in _KEYS)


@functools.lru_cache(maxsize=256)
def _shifted(columns: _Columns, offset: int) -> _Columns:
    moved = {key: col + offset for key, col in _column_items(columns) if col is not None}
    return replace(columns, **moved)


def _is_label(text: str) -> bool:
    return is_level1(text) or is_level2(text)


def _shift(reader: _BlockReader, row: int, columns: _Columns) -> int:
    """-1 when the row's content sits one column left of its header, +1 when right, else 0.

    Decided by what the cells hold: a 二级 label in the 一级 column, an indicator name in the
    二级 column, a name in the target column; and only when the shifted row reads whole.
    """
    cell = reader.cell
    last = max(c for _, c in _column_items(columns) if c is not None)
    level1, level2 = cell(row, columns.level1), cell(row, columns.level2)
    left = _shifted(columns, -1)
    if not cell(row, last) and reader.target_cells(row, left) and cell(row, left.name):
        if level1 and not is_level1(level1) and is_level2(level1):
            return -1  # `时效指标 | 年度全部工作完成及时率 | 100%`
        name_like = len(squash(level2)) > 9 or parse_target(cell(row, columns.name)).is_number
        if not level1 and level2 and not _is_label(level2) and name_like:
            return -1  # `| 创业孵化基地示范和辐射作用情况 | 有所提升`
    right = _shifted(columns, 1)
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
