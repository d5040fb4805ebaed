"""Fill the standard template from tables read elsewhere, and write the 导入记录 sheet.

`fill_fields` and `fill_indicators` are shared with `examples/build_examples.py`; the rest turns
the domain model into the cells a department would have typed, saying what it had to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from xlgoals.address import parse_a1
from xlgoals.model.framework import squash
from xlgoals.model.submission import (
    Amount,
    DepartmentBudget,
    DepartmentTable,
    Indicator,
    ProjectFunds,
    ProjectTable,
)
from xlgoals.model.targets import Comparator, Note, Target
from xlgoals.problems.findings import Finding, Where, finding
from xlgoals.write.common import clean_text, fit_rows, set_text
from xlgoals.write.styles import FONT_NAME, SEVERITY_FILL

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

LOG_SHEET = "导入记录"
LOG_HEADERS = ("序号", "代码", "级别", "类别", "说明", "原位置", "写入位置", "原文")
_LOG_WIDTHS = (6, 8, 6, 18, 60, 22, 18, 60)

#: 计算符号 / 指标值 / 单位 cells of one indicator row
Cells = tuple[str, str | Decimal, str]
_YEAR = re.compile(r"(\d{4})\s*年")

#: label → model field of the money in each kind of table
_DEPARTMENT_AMOUNTS = {label: name for name, label in DepartmentBudget.labels().items()}
_PROJECT_AMOUNTS = {label: name for name, label in ProjectFunds.labels().items()}
_REASONS = {  # why a target stays whole in the 指标值 column: (zh, en)
    Note.APPROXIMATE: ("约数，含“左右”或“约”", "approximate"),
    Note.RELATIVE: ("相对限额，保留原文", "a bound relative to something else"),
    Note.DATE: ("日期，不是数值", "a date, not a value"),
    Note.PLACEHOLDER: ("占位符", "a placeholder"),
}


# --- cells shared with examples/build_examples.py ------------------------------------------


def fill_fields(sheet: Worksheet, cells: dict[str, str], values: dict[str, Any]) -> None:
    """Write labelled values at their template cells: Decimal as numbers, the rest as text."""
    for label, address in cells.items():
        value = values.get(label)
        if value is None or value == "":
            continue
        if isinstance(value, (Decimal, int)):
            sheet[address] = value
        else:
            set_text(sheet[address], value)


def fill_indicators(sheet: Worksheet, first_row: int, rows: list[tuple[Any, ...]]) -> None:
    """Indicator rows from `first_row`: Decimal 指标值 as numbers, everything else as text."""
    from xlgoals.write.template import INDICATOR_COLUMNS  # openpyxl, as above

    for offset, row in enumerate(rows):
        for column, value in zip(INDICATOR_COLUMNS, row, strict=False):
            if value is None or value == "":
                continue
            cell = sheet[f"{column}{first_row + offset}"]
            if isinstance(value, Decimal):
                cell.value = value
            else:
                set_text(cell, value)


# --- a model as a department would have typed it --------------------------------------------


def number_text(number: Decimal) -> Decimal:
    """A Decimal that prints without an exponent (1E+3 → 1000)."""
    return Decimal(format(number, "f"))


def target_cells(indicator: Indicator) -> tuple[Cells, Finding | None]:
    """计算符号 / 指标值 / 单位 for a target, and the decision made when it does not split."""
    target: Target = indicator.target
    raw = indicator.raw.strip()
    if target.comparator is Comparator.QUALITATIVE:
        note = None
        if Note.INFERRED_QUALITATIVE in target.notes:
            note = finding("XG137", indicator.target_at or indicator.at, raw=raw)
        return ("定性", target.text or "", ""), note
    if target.is_number and not target.approximate:
        assert target.number is not None
        value = number_text(target.number)
        if target.comparator is not None:
            return (target.comparator.value, value, target.unit), None
        return ("", value, target.unit), finding(
            "XG138", indicator.target_at or indicator.at, raw=raw
        )
    if Note.EMPTY in target.notes:
        return ("", "", ""), None
    reason = next((n for n in _REASONS if n in target.notes), None)
    return ("", raw, ""), _whole(indicator, raw, reason)


def _whole(indicator: Indicator, raw: str, reason: Note | None) -> Finding:
    zh, en = _REASONS.get(reason, ("不是“符号 数值 单位”的形式", "not comparator, number, unit"))
    return finding("XG136", indicator.target_at or indicator.at, raw=raw, reason_zh=zh, reason=en)


def indicator_rows(table: DepartmentTable | ProjectTable) -> tuple[list[tuple], list[Finding]]:
    """One template row per indicator: labels as published (squashed) where the source wrote
    them or where they change; a blank continues the label above, as in the source."""
    rows: list[tuple] = []
    notes: list[Finding] = []
    previous: tuple[str | None, str | None] = (None, None)
    for indicator in table.indicators:
        labels = (indicator.level1, indicator.level2)
        # a row without 二级 under the same 一级 can only be said by writing the 一级 again
        new1 = labels[0] != previous[0] or (labels[1] is None and previous[1] is not None)
        written = indicator.level1_raw or indicator.level1  # an implied 一级 is written out
        level1 = written if new1 or _own(indicator, indicator.level1_at) else None
        new2 = new1 or labels[1] != previous[1]
        level2 = indicator.level2_raw if new2 or _own(indicator, indicator.level2_at) else None
        previous = labels
        cells, note = target_cells(indicator)
        rows.append((_label(level1), _label(level2), _text(indicator.name or ""), *cells))
        if note:
            notes.append(note)
    return rows, notes


def _label(text: str | None) -> str:
    return _text(squash(text)) if text else ""


def _own(indicator: Indicator, at: Where | None) -> bool:
    """True when the source wrote the label on this indicator's own row."""
    if at is None or at.cell is None or indicator.at.cell is None:
        return False
    return parse_a1(at.cell)[0] == parse_a1(indicator.at.cell)[0]


def _text(value: str) -> str:
    return clean_text(value)[0]


def _amounts(amounts: dict[str, str], holder: Any) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for label, name in amounts.items():
        amount: Amount | None = getattr(holder, name)
        if amount is not None:
            found[label] = amount.value
    return found


def table_values(table: DepartmentTable | ProjectTable) -> dict[str, Any]:
    """Label → value for the template's header cells."""
    values: dict[str, Any] = {name: _text(s.value) for name, s in table.fields.items()}
    if isinstance(table, DepartmentTable):
        values |= _amounts(_DEPARTMENT_AMOUNTS, table.budget)
        if "预算年度" not in values and table.title:
            year = _YEAR.search(squash(table.title.value))
            if year:
                values["预算年度"] = Decimal(year.group(1))
    else:
        values |= _amounts(_PROJECT_AMOUNTS, table.funds)
    if str(values.get("预算年度", "")).isdigit():
        values["预算年度"] = Decimal(str(values["预算年度"]))
    return values


# --- the workbook -----------------------------------------------------------------------------


@dataclass
class Written:
    """Where things went in the new workbook: source cell → `sheet!cell` (or a row range)."""

    cells: dict[Where, str] = field(default_factory=dict)
    rows: dict[tuple[str | None, str | None, int], str] = field(default_factory=dict)
    notes: list[Finding] = field(default_factory=list)

    def find(self, at: Where) -> str:
        if at in self.cells:
            return self.cells[at]
        if at.cell:
            return self.rows.get((at.file, at.sheet, parse_a1(at.cell)[0]), "")
        return ""


def build_workbook(tables: list[DepartmentTable | ProjectTable]) -> tuple[Workbook, Written]:
    """The standard template filled with one department's tables (the first 部门整体 on its
    sheet, each project on 项目1, 项目2 …)."""
    from xlgoals.write import template  # openpyxl: imported when a workbook is built

    workbook = template.build_template()
    written = Written()
    projects = 0
    for table in tables:
        if isinstance(table, DepartmentTable):
            sheet = workbook[template.DEPARTMENT_SHEET]
            _fill(sheet, table, template.DEPARTMENT_CELLS, template.DEPARTMENT_FIRST_ROW, written)
        else:
            projects += 1
            sheet = (
                workbook[template.PROJECT_SHEET]
                if projects == 1
                else template.add_project_sheet(workbook)
            )
            _fill(sheet, table, template.PROJECT_CELLS, template.PROJECT_FIRST_ROW, written)
    if not projects:  # a blank project sheet would read as an empty project table
        del workbook[template.PROJECT_SHEET]
    for sheet in workbook.worksheets:
        fit_rows(sheet)  # long names and goals must not run into the next rows
    return workbook, written


def _fill(sheet: Worksheet, table: Any, cells: dict[str, str], first: int, out: Written) -> None:

    if table.title:
        sheet["A1"] = _text(table.title.value)
        out.cells[table.title.at] = f"{sheet.title}!A1"
    values = table_values(table)
    fill_fields(sheet, cells, values)
    for name, sourced in table.fields.items():
        out.cells[sourced.at] = f"{sheet.title}!{cells[name]}" if name in cells else ""
    for amounts, holder in ((_DEPARTMENT_AMOUNTS, getattr(table, "budget", None)),
                            (_PROJECT_AMOUNTS, getattr(table, "funds", None))):  # fmt: skip
        for label, name in amounts.items():
            amount = getattr(holder, name, None) if holder is not None else None
            if amount is not None and label in cells:
                out.cells[amount.at] = f"{sheet.title}!{cells[label]}"
    rows, notes = indicator_rows(table)
    fill_indicators(sheet, first, rows)
    out.notes.extend(notes)
    for offset, indicator in enumerate(table.indicators):
        place = f"{sheet.title}!A{first + offset}:F{first + offset}"
        for at in (indicator.at, indicator.target_at):
            if at is not None and at.cell:
                out.rows[(at.file, at.sheet, parse_a1(at.cell)[0])] = place
                out.cells[at] = place


def unplaced_fields(table: DepartmentTable | ProjectTable) -> list[Finding]:
    """Fields the template has no cell for (a multi-year total, 预算年度 of a project…)."""
    from xlgoals.write import template  # openpyxl: imported when a workbook is built

    cells = template.DEPARTMENT_CELLS if table.kind == "department" else template.PROJECT_CELLS
    found = [
        finding("XG133", sourced.at, text=f"{name}：{sourced.value}")
        for name, sourced in table.fields.items()
        if name not in cells
    ]
    if isinstance(table, ProjectTable):
        for label, amount in (("项目资金总额", table.funds.multiyear_total),
                              ("财政资金", table.funds.multiyear_fiscal)):  # fmt: skip
            if amount is not None:
                found.append(finding("XG133", amount.at, text=f"{label}：{amount.raw}"))
    return found


@dataclass
class LogEntry:
    finding: Finding
    source: str  # 原位置 as a reviewer reads it
    written: str  # 写入位置
    original: str  # 原文, verbatim


def write_log(workbook: Workbook, entries: list[LogEntry]) -> Worksheet:
    """The 导入记录 sheet: every repair, decision and unplaced line, one row each."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = workbook.create_sheet(LOG_SHEET)
    bold = Font(name=FONT_NAME, bold=True)
    for col, (header, width) in enumerate(zip(LOG_HEADERS, _LOG_WIDTHS, strict=True), start=1):
        cell = sheet.cell(1, col, header)
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, entry in enumerate(entries, start=1):
        problem = entry.finding.problem
        values = (number, entry.finding.code, problem.severity.label_zh, problem.title_zh,
                  entry.finding.message("zh"), entry.source, entry.written,
                  _text(entry.original))  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(number + 1, col)
            set_text(cell, value) if isinstance(value, str) else setattr(cell, "value", value)
            cell.alignment = wrap
        fill = PatternFill("solid", fgColor=SEVERITY_FILL[problem.severity.value])
        sheet.cell(number + 1, 3).fill = fill
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{len(entries) + 1}"
    return sheet
