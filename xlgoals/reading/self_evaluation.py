"""The year-end columns of a 绩效自评表 in xlgoals's own 自评 template, read beside a table.

Kept apart from the table reader on purpose (the reader of every corpus layout is its own
work): given a table the reader found, this adds what the header row and the funds block
say, by their labels: 全年实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施 per row; 年初预算数 /
全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 / 原因 per funds row; 总分 and 自评等级. A table
without these headers comes back unchanged.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

from xlgoals.address import a1, parse_a1
from xlgoals.model import labels
from xlgoals.model.amounts import parse_amount
from xlgoals.model.framework import squash
from xlgoals.model.submission import (
    Amount,
    AnyTable,
    FundsExecution,
    Indicator,
    ProjectFunds,
    ProjectTable,
    SourcedNumber,
    SourcedText,
)
from xlgoals.model.values import to_decimal
from xlgoals.problems.findings import Where
from xlgoals.reading.grid import Grid

#: indicator-table headers of the year-end columns
ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "actual": (
        "全年实际完成值",
        "实际完成值",
        "全年实际值",
        "全年完成值",
        "完成值",
        "实际完成指标值",
    ),
    "weight": ("分值", "权重", "指标权重", "参考分值"),
    "score": ("得分", "指标得分", "自评得分", "自评分"),
    "deviation": (
        "偏差原因分析及改进措施",
        "未完成原因分析",
        "未完成原因及拟采取的改进措施",
        "偏差原因",
        "未完成原因分析及改进措施",
        "偏差及原因分析",
    ),
}
#: funds-block headers
FUNDS_COLUMNS: dict[str, tuple[str, ...]] = {
    "planned": ("年初预算数", "年初预算"),
    "budget": ("全年预算数", "调整后预算数", "全年(调整)预算数", "预算数"),
    "executed": ("全年执行数", "预算执行数", "执行数"),
    "weight": ("分值", "权重", "执行率权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分", "执行率得分"),
    "reason": ("原因", "偏差原因"),
}
_TOTAL_LABELS = ("总分", "自评总分")
_GRADE_LABELS = ("自评等级", "评价等级")
_ENDS_FUNDS = ("年度绩效目标", "年度总体目标", "实际完成情况", "绩效指标")
_BRACKETS = re.compile(r"[(（][^)）]*[)）]")


@functools.lru_cache(maxsize=16_384)  # asked of every header cell of every table
def _key(text: Any) -> str:
    """`全年执行数(B)` → 全年执行数; `执行率(B/A)` → 执行率."""
    return _BRACKETS.sub("", squash(str(text))) if isinstance(text, str) else ""


def _spellings(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each way a column is written → its role."""
    return {spelling: key for key, spellings in names.items() for spelling in spellings}


_ROW_SPELLINGS, _FUNDS_SPELLINGS = _spellings(ROW_COLUMNS), _spellings(FUNDS_COLUMNS)


def _columns(grid: Grid, row: int, lookup: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, value in grid.filled(row):
        key = lookup.get(_key(value))
        if key and key not in found:
            found[key] = col
    return found


class _Cells:
    def __init__(self, grid: Grid) -> None:
        self.grid = grid

    def where(self, row: int, col: int) -> Where:
        return Where(file=self.grid.file, sheet=self.grid.sheet, cell=a1(row, col))

    def text(self, row: int, col: int | None) -> SourcedText | None:
        if col is None or not self.grid.text(row, col):
            return None
        return SourcedText(value=self.grid.text(row, col), at=self.where(row, col))

    def number(self, row: int, col: int | None, percent: bool = False) -> SourcedNumber | None:
        if col is None:
            return None
        value = self.grid.value(row, col)
        number = to_decimal(value)
        if number is not None and percent:
            number *= 100  # a rate cell holds the fraction its % format shows
        if number is None and isinstance(value, str):
            text = value.strip().rstrip("%％").strip()
            number = to_decimal(_to_number(text))
        return None if number is None else SourcedNumber(value=number, at=self.where(row, col))

    def amount(self, row: int, col: int | None) -> Amount | None:
        if col is None or self.grid.value(row, col) is None:
            return None
        parsed = parse_amount(self.grid.value(row, col))
        if parsed is None:
            return None
        value, places, unit = parsed
        raw = self.grid.text(row, col)
        return Amount(value=value, at=self.where(row, col), places=places, raw=raw, unit=unit)


def _to_number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def attach_self_evaluation(grid: Grid, table: AnyTable, start: int, end: int) -> AnyTable:
    """`table` with the year-end columns of rows `start`–`end` (0-based, end exclusive)."""
    cells = _Cells(grid)
    update: dict[str, Any] = {}
    columns: dict[str, int] = {}
    if table.header_row is not None:
        columns = _columns(grid, table.header_row, _ROW_SPELLINGS)
        if columns:
            update["indicators"] = [_row(cells, i, columns) for i in table.indicators]
    stop = table.header_row if table.header_row is not None else end
    execution = _funds(cells, start, stop)
    if execution:
        update["execution"] = execution
        if isinstance(table, ProjectTable):
            update["funds"] = _planned_funds(table.funds, execution)
    update |= _total(cells, start, stop)
    return table.model_copy(update=update) if update else table


def _row(cells: _Cells, indicator: Indicator, columns: dict[str, int]) -> Indicator:
    row, _ = parse_a1(indicator.at.cell or "A1")
    return indicator.model_copy(
        update={
            "actual": cells.text(row, columns.get("actual")),
            "weight": cells.number(row, columns.get("weight")),
            "score": cells.number(row, columns.get("score")),
            "deviation": cells.text(row, columns.get("deviation")),
        }
    )


def _funds(cells: _Cells, start: int, stop: int) -> list[FundsExecution]:
    grid = cells.grid
    for header in range(start, stop):
        columns = _columns(grid, header, _FUNDS_SPELLINGS)
        if "executed" not in columns or not ({"budget", "planned"} & columns.keys()):
            continue
        label_col = min(columns.values()) - 1
        rows = []
        for row in range(header + 1, stop):
            label = grid.text(row, label_col) if label_col >= 0 else ""
            if not label or any(word in squash(label) for word in _ENDS_FUNDS):
                break
            rows.append(_funds_row(cells, row, label_col, label, columns))
        return rows
    return []


_PROJECT_AMOUNTS = {"年度资金总额": "total", "财政拨款": "fiscal", "上年结转": "carryover",
                    "其他资金": "other"}  # fmt: skip


def _planned_funds(funds: ProjectFunds, execution: list[FundsExecution]) -> ProjectFunds:
    """The project's amounts as the funds block's 年初预算数, not whatever stands right of its
    labels: with the total's formula not yet calculated (a file saved by a library, not by
    Excel) the reader would otherwise take the 分值 beside it for 年度资金总额."""
    update = {}
    for row in execution:
        label = labels.match_label(row.label)
        name = _PROJECT_AMOUNTS.get(label.field) if label else None
        read = getattr(funds, name) if name else None
        if name and read is not None and read.at.cell and read.at.cell[0] != _column(row):
            update[name] = row.planned
    return funds.model_copy(update=update) if update else funds


def _column(row: FundsExecution) -> str:
    """The letter of the 年初预算数 column (where the row's planned amount sits)."""
    return row.planned.at.cell[0] if row.planned and row.planned.at.cell else "B"


def _funds_row(
    cells: _Cells, row: int, label_col: int, label: str, columns: dict[str, int]
) -> FundsExecution:
    return FundsExecution(
        label=label,
        at=cells.where(row, label_col),
        planned=cells.amount(row, columns.get("planned")),
        budget=cells.amount(row, columns.get("budget")),
        executed=cells.amount(row, columns.get("executed")),
        weight=cells.number(row, columns.get("weight")),
        rate=cells.number(row, columns.get("rate"), percent=True),
        score=cells.number(row, columns.get("score")),
        reason=cells.text(row, columns.get("reason")),
    )


def _total(cells: _Cells, start: int, stop: int) -> dict[str, Any]:
    """自评总分 and 自评等级 of the table's header: the value right of each label."""
    grid, found = cells.grid, {}
    for row in range(start, stop):
        filled = list(grid.filled(row))
        for index, (_, value) in enumerate(filled):
            key = _key(value)
            right = filled[index + 1][0] if index + 1 < len(filled) else None
            if key in _TOTAL_LABELS and "total_score" not in found:
                number = cells.number(row, right)
                if number is not None:
                    found["total_score"] = number
            elif key in _GRADE_LABELS and "grade" not in found:
                text = cells.text(row, right)
                if text is not None and _key(text) not in _TOTAL_LABELS:
                    found["grade"] = text
    return found
