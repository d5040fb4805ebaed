"""Write a Consolidation as the district workbook (XlsxWriter).

XlsxWriter because totals must be formulas that carry their computed value (openpyxl writes
none), and for native charts and print set-up. Sheets: 预算汇总, 项目汇总, 指标明细, 问题清单
(the contract's, in its order), then 图表 and 说明. Department text goes through `write_string`
with `strings_to_formulas` off, so `=SUM(A1)` stays text. The only cell that changes between
two runs on the same inputs is the creation time, `说明!B3` (`CREATED_CELL`).
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from xlgoals import __version__
from xlgoals.contract import (
    BUDGET_AMOUNTS,
    BUDGET_COLUMNS,
    BUDGET_SHEET,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
    PROBLEMS_SHEET,
    PROJECT_AMOUNTS,
    PROJECT_COLUMNS,
    PROJECTS_SHEET,
    SELF_EVALUATION_AMOUNTS,
    SELF_EVALUATION_COLUMNS,
    SELF_EVALUATION_SHEET,
)
from xlgoals.district.merge import Consolidation
from xlgoals.district.stream import EXCEL_MAX_ROWS, StreamedRows, fill_rows
from xlgoals.model.framework import FRAMEWORK
from xlgoals.problems import problem_list
from xlgoals.problems.catalogue import Severity
from xlgoals.problems.shown import printable, printable_path
from xlgoals.progress import progress_bar
from xlgoals.write.common import atomic_path, display_width, shown_name, text_height, wrapped_lines
from xlgoals.write.styles import (
    AMOUNT_FORMAT,
    FONT_NAME,
    HEADER_FILL,
    LABEL_FILL,
    SEVERITY_FILL,
    TOTAL_FILL,
)

CHARTS_SHEET = "图表"
NOTES_SHEET = "说明"
#: the one cell whose content depends on when the workbook was made
CREATED_CELL = (NOTES_SHEET, "B3")
TOTAL_LABEL = "合计"
#: columns that wrap, and their widths at most
_WIDTH_CAP = {"说明": 60, "原文": 30, "修改建议": 30, "项目名称": 24, "三级指标": 30, "指标值": 16}
_FONT_SIZE = 10
#: the sheets with amounts open with a title row that gives the unit
TITLES = {
    BUDGET_SHEET: "部门预算汇总（金额单位：万元）",
    PROJECTS_SHEET: "项目汇总（金额单位：万元）",
}
#: first row of each chart on 图表 (a chart is 300 px, 15 rows), then the data they read: the
#: three print on one portrait page
_CHART_ROWS, _CHART_DATA_ROW = (1, 17, 33), 50

#: rows a column's width is measured on
_MEASURED_ROWS = 500


def detail_sheet_name(index: int) -> str:
    """指标明细, then 指标明细 (2), (3) … for the rows past one sheet's limit."""
    return spill_sheet_name(INDICATORS_SHEET, index)


def spill_sheet_name(name: str, index: int) -> str:
    """A streamed table's sheets: `name`, then `name (2)`, `(3)` … past one sheet's rows."""
    return name if index == 0 else f"{name} ({index + 1})"


def write_consolidation(
    c: Consolidation,
    path: str | os.PathLike[str],
    max_rows: int = EXCEL_MAX_ROWS,
    progress: bool | None = False,
) -> Path:
    """Write the district workbook to `path`, atomically (complete or not at all).

    `max_rows`: rows per sheet, header included (Excel's limit; smaller only for tests).
    `progress`: a bar on stderr while 指标明细 is written; None: only on a terminal.
    """
    layout = io.BytesIO()
    streamed = _Writer(c, layout, max_rows).write()
    rows = sum(table.count for table in streamed)
    with atomic_path(path) as tmp, progress_bar(rows, progress, "写出") as advance:
        fill_rows(layout, tmp, streamed, advance)
    return Path(path)


class _Writer:
    def __init__(self, c: Consolidation, target: io.BytesIO, max_rows: int) -> None:
        import xlsxwriter

        self.c = c
        self.max_rows = max_rows
        self.detail_sheets: list[str] = []
        self.problem_sheets: list[str] = []
        #: the rows of sheets laid out here, to stream in after close
        self.later: list[StreamedRows] = []
        self.book = xlsxwriter.Workbook(
            target,
            {
                "in_memory": True,  # the layout is small; the detail rows come later
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_format_properties": {"font_name": FONT_NAME, "font_size": 10},
            },
        )
        self.book.set_properties(
            {"title": "绩效目标汇总表", "author": "xlgoals", "created": c.created}
        )
        self.f = self._formats()

    # ------------------------------------------------------------------ formats

    def _formats(self) -> dict[str, Any]:
        base = {"font_name": FONT_NAME, "font_size": 10, "border": 1, "valign": "vcenter"}
        add = self.book.add_format
        formats = {
            "header": add({**base, "bold": True, "bg_color": HEADER_FILL, "align": "center",
                           "text_wrap": True}),
            "text": add({**base, "num_format": "@"}),
            "wrap": add({**base, "num_format": "@", "text_wrap": True}),
            "amount": add({**base, "num_format": AMOUNT_FORMAT}),
            "int": add({**base, "num_format": "0"}),
            "count": add({**base, "num_format": "0", "align": "left"}),
            "number": add({**base, "num_format": "General"}),
            "percent": add({**base, "num_format": "0.00%"}),
            "total_text": add({**base, "bold": True, "bg_color": TOTAL_FILL}),
            "total_amount": add({**base, "bold": True, "bg_color": TOTAL_FILL,
                                 "num_format": AMOUNT_FORMAT}),
            "total_int": add({**base, "bold": True, "bg_color": TOTAL_FILL, "num_format": "0"}),
            "title": add({"font_name": FONT_NAME, "font_size": 14, "bold": True}),
            "sheet_title": add({"font_name": FONT_NAME, "font_size": 14, "bold": True,
                                "align": "center", "valign": "vcenter"}),
            "label": add({**base, "bold": True, "bg_color": LABEL_FILL}),
            "plain": add({"font_name": FONT_NAME, "font_size": 10, "text_wrap": True,
                          "valign": "top"}),
            "warn": add({"bg_color": "#" + SEVERITY_FILL["warning"]}),
            "error": add({"bg_color": "#" + SEVERITY_FILL["error"]}),
        }  # fmt: skip
        for severity, colour in SEVERITY_FILL.items():
            formats[severity] = add({**base, "bg_color": "#" + colour})
        return formats

    # ------------------------------------------------------------------ sheets

    def write(self) -> list[StreamedRows]:
        """Lay the workbook out; returns the 指标明细 and 问题清单 rows still to stream in."""
        budget_rows = self._budget(self.c.budget_rows())
        self._projects(self.c.project_rows())
        if any(f.scores for f in self.c.files):
            self._self_evaluations(self.c.score_rows())
        detail = self._streamed(
            INDICATORS_SHEET, INDICATOR_COLUMNS, self.c.indicator_rows, self.c.indicator_count
        )
        self.detail_sheets = [sheet.ws.get_name() for sheet in detail]
        problems = self._streamed(
            PROBLEMS_SHEET, problem_list.COLUMNS, self.c.problem_rows, self.c.finding_count,
            column_formats=False, text_styles=self._severity_styles(),
        )  # fmt: skip
        self.problem_sheets = [sheet.ws.get_name() for sheet in problems]
        self._charts(budget_rows)
        self._notes()
        self.book.close()
        return [sheet.rows() for sheet in (*detail, *problems)] + self.later

    def _table(self, ws: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]],
               amounts: tuple[str, ...] = (), streamed: bool = False) -> int:  # fmt: skip
        """Title (for the sheets in TITLES), header and rows; returns the number of data rows.
        The header is on row `self._top(ws)`, the data right below it. `streamed`: the rows
        are streamed in after close (a sheet whose cells no chart reads)."""
        columns = list(columns)
        top = self._top(ws)
        if top:
            ws.merge_range(0, 0, 0, len(columns) - 1, TITLES[ws.get_name()], self.f["sheet_title"])
            ws.set_row(0, 26)
        self._header(ws, columns, len(rows), top)
        widths = self._widths(ws, columns, rows)
        wrapped = self._wrapped(columns, widths)
        if streamed:
            styles = [self._styles(name, [row[c] for row in rows], name in amounts)
                      for c, name in enumerate(columns)]  # fmt: skip
            self._stream_later(ws, rows, styles, dict(wrapped), first=top + 2)
            return len(rows)
        for r, values in enumerate(rows, start=top + 1):
            for col, (name, value) in enumerate(zip(columns, values, strict=True)):
                self._cell(ws, r, col, value, name in amounts, name)
            height = _height(values, wrapped)
            if height:
                ws.set_row(r, height)
        return len(rows)

    def _styles(self, name: str, column: list[Any], amount: bool) -> tuple[int, int]:
        """A streamed column's styles for text and for numbers, as `_cell` would choose them
        (one kind of number to a column: amounts, counts, or others)."""
        text = self.f["wrap" if name in _WIDTH_CAP else "text"]
        counts = all(type(v) is int for v in column if not _blank(v) and v != "")
        number = self.f["amount" if amount else "int" if counts else "number"]
        return _xf_index(text), _xf_index(number)

    def _stream_later(
        self,
        ws: Any,
        rows: Sequence[Sequence[Any]],
        styles: list[tuple[int, int]],
        wrapped: dict[int, int],
        first: int,
    ) -> None:
        """Rows of `ws` from Excel row `first` on, to stream in after close, their text shown
        as `_cell` shows it."""
        table = StreamedRows(_part(ws), rows, len(rows), styles, wrapped, _FONT_SIZE)
        table.first, table.shown = first, True
        self.later.append(table)

    @staticmethod
    def _top(ws: Any) -> int:
        """The header's row: 1 below a title row, else 0."""
        return int(ws.get_name() in TITLES)

    def _header(self, ws: Any, columns: list[str], rows: int, top: int = 0) -> None:
        """Header row, frozen with the first column, a filter over the rows, print set-up."""
        ws.write_row(top, 0, columns, self.f["header"])
        ws.set_row(top, 30)
        ws.freeze_panes(top + 1, 1)
        ws.autofilter(top, 0, top + max(rows, 1), len(columns) - 1)
        self._print(ws, len(columns))
        ws.repeat_rows(0, top)

    def _cell(self, ws: Any, r: int, c: int, value: Any, amount: bool, name: str) -> None:
        if _blank(value):
            ws.write_blank(r, c, None, self.f["text"])
        elif isinstance(value, Decimal) and _finite(value):
            ws.write_number(r, c, float(value), self.f["amount" if amount else "number"])
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(r, c, value, self.f["int"] if isinstance(value, int) else None)
        elif hasattr(value, "item"):  # numpy scalar
            ws.write_number(r, c, value.item(), self.f["int"])
        else:
            wrap = name in _WIDTH_CAP
            ws.write_string(r, c, printable(str(value)), self.f["wrap" if wrap else "text"])

    def _widths(self, ws: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
        """Column widths from the header and the first rows, capped per column."""
        widths = []
        measured = rows[:_MEASURED_ROWS]
        for col, name in enumerate(columns):
            texts = [name, *(str(row[col]) for row in measured if not _blank(row[col]))]
            width = max(display_width(t) for t in texts) + 2
            widths.append(min(max(width, 8), _WIDTH_CAP.get(name, 40)))
            ws.set_column(col, col, widths[-1])
        return widths

    @staticmethod
    def _wrapped(columns: Sequence[str], widths: list[int]) -> list[tuple[int, int]]:
        """(column, width) of the columns that wrap."""
        return [(c, widths[c]) for c, name in enumerate(columns) if name in _WIDTH_CAP]

    # ------------------------------------------------------------------ 指标明细 / 问题清单

    def _streamed(
        self,
        name: str,
        columns: Sequence[str],
        rows: Callable[[], Iterator[Sequence[Any]]],
        total: int,
        column_formats: bool = True,
        text_styles: dict[int, dict[str, int]] | None = None,
    ) -> list[_StreamedSheet]:
        """A table laid out on as many sheets as its rows need, the rows streamed in after
        close. `rows()` yields them from the first each time it is called; `column_formats`:
        the cells below the table look like its cells too."""
        per_sheet = self.max_rows - 1
        sample = list(islice(rows(), _MEASURED_ROWS))
        sheets = []
        for k in range(max(1, -(-total // per_sheet))):
            ws = self.book.add_worksheet(spill_sheet_name(name, k))
            count = min(per_sheet, total - k * per_sheet)
            self._header(ws, list(columns), count)
            widths = self._widths(ws, columns, sample)
            styles = []
            for col, column in enumerate(columns):
                text = self.f["wrap" if column in _WIDTH_CAP else "text"]
                if column_formats:
                    ws.set_column(col, col, widths[col], text)
                styles.append((_xf_index(text), _xf_index(self.f["number"])))
            wrapped = dict(self._wrapped(columns, widths))
            sheet = _StreamedSheet(ws, rows, k * per_sheet, count, styles, wrapped, text_styles)
            sheets.append(sheet)
        return sheets

    def _severity_styles(self) -> dict[int, dict[str, int]]:
        """问题清单's 级别 in its severity's fill."""
        level = problem_list.COLUMNS.index("级别")
        return {level: {s.label(): _xf_index(self.f[s.value]) for s in Severity}}

    def _print(self, ws: Any, columns: int) -> None:
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.repeat_rows(0)
        ws.fit_to_pages(1, 0)
        ws.set_header(f"&C{ws.get_name()}")
        ws.set_footer("&C第 &P 页，共 &N 页")

    # ------------------------------------------------------------------ 预算汇总

    def _budget(self, table: list[list[Any]]) -> int:
        ws = self.book.add_worksheet(BUDGET_SHEET)
        ws.activate()
        columns = BUDGET_COLUMNS
        rows = self._table(ws, columns, table, BUDGET_AMOUNTS)
        top = self._top(ws)
        col = {name: i for i, name in enumerate(columns)}
        project, funds = _letter(col["项目支出"]), _letter(col["项目资金合计"])
        for r, value in enumerate(_column(table, columns, "项目资金差额"), start=top + 1):
            if not _blank(value):
                formula = f"={project}{r + 1}-{funds}{r + 1}"
                ws.write_formula(r, col["项目资金差额"], formula, self.f["amount"], float(value))
        total_row = top + rows + 1
        summed = (*BUDGET_AMOUNTS, "项目数", "指标数", "错误数", "警告数")
        self._total_row(ws, columns, table, total_row, summed)
        data = (top + 2, top + rows + 1)  # the data rows, as Excel numbers them
        diff = _letter(col["项目资金差额"])
        ws.conditional_format(
            f"{diff}{data[0]}:{diff}{data[1]}",
            {"type": "cell", "criteria": "<", "value": 0, "format": self.f["warn"]},
        )
        errors = _letter(col["错误数"])
        ws.conditional_format(
            f"{errors}{data[0]}:{errors}{data[1]}",
            {"type": "cell", "criteria": ">", "value": 0, "format": self.f["error"]},
        )
        self._subtotals(ws, table, total_row + 2, total_row)
        return rows

    def _total_row(self, ws: Any, columns: Sequence[str], table: Sequence[Sequence[Any]],
                   row: int, summed: tuple[str, ...]) -> None:  # fmt: skip
        """A 合计 row of SUM formulas, each with the exact Decimal sum as its cached value.

        A column nobody filled (上年结转 where no table has the field) stays blank in the 合计
        too: 0.00 under blanks would say a figure was published."""
        ws.write_string(row, 0, TOTAL_LABEL, self.f["total_text"])
        first = self._top(ws) + 2
        for col, name in enumerate(columns):
            if col == 0:
                continue
            values = [cells[col] for cells in table]
            if name not in summed or all(_blank(v) for v in values):
                ws.write_blank(row, col, None, self.f["total_text"])
                continue
            is_amount = name in BUDGET_AMOUNTS or name in PROJECT_AMOUNTS
            total = _sum(values, is_amount)
            letter = _letter(col)
            ws.write_formula(
                row,
                col,
                f"=SUM({letter}{first}:{letter}{row})",
                self.f["total_amount" if is_amount else "total_int"],
                float(total) if is_amount else total,
            )

    def _subtotals(self, ws: Any, table: list[list[Any]], start: int, total_row: int) -> None:
        """By funding source and by kind, as formulas on the 合计 row with their shares."""
        col = {name: i for i, name in enumerate(BUDGET_COLUMNS)}
        excel_total = total_row + 1
        row = start
        for heading, whole, parts in (
            ("按资金来源", "收入预算合计", ("财政拨款", "其他经费", "上年结转")),
            ("按支出类型", "支出预算合计", ("基本支出", "项目支出")),
        ):
            ws.write_row(row, 0, [heading, "金额（万元）", f"占{whole}"], self.f["header"])
            whole_sum = _sum(_column(table, BUDGET_COLUMNS, whole), True)
            whole_ref = f"{_letter(col[whole])}${excel_total}"
            for part in parts:
                row += 1
                values = _column(table, BUDGET_COLUMNS, part)
                value = _sum(values, True)
                ref = f"{_letter(col[part])}{excel_total}"
                ws.write_string(row, 0, part, self.f["label"])
                if all(_blank(v) for v in values):  # as blank as its 合计
                    ws.write_row(row, 1, [None, None], self.f["text"])
                    continue
                ws.write_formula(row, 1, f"={ref}", self.f["amount"], float(value))
                share = value / whole_sum if whole_sum else Decimal(0)
                ws.write_formula(
                    row, 2, f"=IF({whole_ref}=0,0,{ref}/{whole_ref})", self.f["percent"],
                    float(share),
                )  # fmt: skip
            row += 2

    # ------------------------------------------------------------------ 项目汇总 / 问题清单

    def _projects(self, table: list[tuple[Any, ...]]) -> None:
        ws = self.book.add_worksheet(PROJECTS_SHEET)
        rows = self._table(ws, PROJECT_COLUMNS, table, PROJECT_AMOUNTS, streamed=True)
        summed = (*PROJECT_AMOUNTS, "指标数")
        self._total_row(ws, PROJECT_COLUMNS, table, self._top(ws) + rows + 1, summed)

    def _self_evaluations(self, table: list[tuple[Any, ...]]) -> None:
        """自评汇总 and its chart: the rule's total beside the published one, per table."""
        ws = self.book.add_worksheet(SELF_EVALUATION_SHEET)
        columns = list(SELF_EVALUATION_COLUMNS)
        rows = self._table(ws, columns, table, SELF_EVALUATION_AMOUNTS)
        rate = columns.index("执行率")
        for r, value in enumerate(_column(table, columns, "执行率"), start=1):
            if not _blank(value) and value != "":
                ws.write_number(r, rate, float(value), self.f["percent"])
        for r, value in enumerate(_column(table, columns, "总分差异"), start=1):
            if not _blank(value) and value not in ("", 0):
                ws.write_number(r, columns.index("总分差异"), float(value), self.f["warning"])
        self.chart_width = max(860, 48 * max(rows, 1))
        chart = self._chart("clustered", "自评总分（按评分规则 / 填报）", "分")
        label = columns.index("项目名称")
        for name in ("总分", "填报总分"):
            col = columns.index(name)
            chart.add_series(
                {
                    "name": [SELF_EVALUATION_SHEET, 0, col],
                    "categories": [SELF_EVALUATION_SHEET, 1, label, rows, label],
                    "values": [SELF_EVALUATION_SHEET, 1, col, rows, col],
                }
            )
        ws.insert_chart(rows + 3, 0, chart)

    # ------------------------------------------------------------------ 图表

    def _charts(self, budget_rows: int) -> None:
        ws = self.book.add_worksheet(CHARTS_SHEET)
        ws.write_string(0, 0, "图表（数据见下方及“预算汇总”）", self.f["title"])
        names = [f.department for f in self.c.files]
        usable = [f.department for f in self.c.usable_files]
        self.chart_width = max(860, 36 * max(len(names), 1))
        level_row = _CHART_DATA_ROW
        problem_row = level_row + len(usable) + 3
        self._level_table(ws, level_row)
        self._problem_table(ws, problem_row)
        if budget_rows:
            ws.insert_chart(_CHART_ROWS[0], 0, self._budget_chart(budget_rows))
            ws.insert_chart(_CHART_ROWS[1], 0, self._level_chart(level_row, len(usable)))
        ws.insert_chart(_CHART_ROWS[2], 0, self._problem_chart(problem_row, len(names)))
        ws.set_column(0, 0, 28)
        ws.set_column(1, 6, 12)
        # the three charts on one portrait page, the data they read after them
        self._print(ws, 7)
        ws.set_portrait()
        ws.set_h_pagebreaks([_CHART_DATA_ROW - 1])
        ws.repeat_rows(0)
        ws.fit_to_pages(1, 0)

    def _chart(self, kind: str, title: str, y_title: str) -> Any:
        chart = self.book.add_chart({"type": "column", "subtype": kind})
        font = {"name": FONT_NAME}
        chart.set_title({"name": title, "name_font": {**font, "size": 12}})
        chart.set_legend({"position": "bottom", "font": font})
        chart.set_x_axis({"num_font": font})
        # 270: stacked characters, how a vertical Chinese axis title reads
        vertical = {**font, "rotation": 270}
        chart.set_y_axis({"name": y_title, "name_font": vertical, "num_font": font})
        chart.set_size({"width": self.chart_width, "height": 300})
        return chart

    def _budget_chart(self, rows: int) -> Any:
        chart = self._chart("stacked", "各部门支出预算（基本支出 / 项目支出）", "万元")
        columns = list(BUDGET_COLUMNS)
        top = int(BUDGET_SHEET in TITLES)  # the header's row
        for name in ("基本支出", "项目支出"):
            col = columns.index(name)
            chart.add_series(
                {
                    "name": [BUDGET_SHEET, top, col],
                    "categories": [BUDGET_SHEET, top + 1, 0, top + rows, 0],
                    "values": [BUDGET_SHEET, top + 1, col, top + rows, col],
                }
            )
        return chart

    def _level_table(self, ws: Any, row: int) -> None:
        """Indicator rows per department by 一级 (values; the chart reads them)."""
        levels = [*FRAMEWORK, "其他"]
        ws.write_row(row, 0, ["部门（指标数）", *levels, "合计"], self.f["header"])
        for f in self.c.usable_files:
            row += 1
            ws.write_string(row, 0, f.department, self.f["text"])
            values = [f.levels.get(level, 0) for level in levels]
            ws.write_row(row, 1, [*values, sum(values)], self.f["int"])

    def _level_chart(self, row: int, count: int) -> Any:
        chart = self._chart("stacked", "各部门绩效指标数（按一级指标）", "个")
        levels = [*FRAMEWORK, "其他"]
        used = [sum(f.levels.get(level, 0) for f in self.c.usable_files) for level in levels]
        for col in _shown(used):
            chart.add_series(
                {
                    "name": [CHARTS_SHEET, row, col],
                    "categories": [CHARTS_SHEET, row + 1, 0, row + count, 0],
                    "values": [CHARTS_SHEET, row + 1, col, row + count, col],
                }
            )
        return chart

    def _problem_table(self, ws: Any, row: int) -> None:
        """Findings per workbook by severity."""
        ws.write_row(row, 0, ["部门（问题数）", "错误", "警告", "提示", "合计"], self.f["header"])
        for f in self.c.files:
            row += 1
            values = [f.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
            ws.write_string(row, 0, f.department, self.f["text"])
            ws.write_row(row, 1, [*values, sum(values)], self.f["int"])

    def _problem_chart(self, row: int, count: int) -> Any:
        chart = self._chart("stacked", "各部门问题数（按级别）", "个")
        colours = {1: "#C00000", 2: "#FFC000", 3: "#5B9BD5"}
        severities = (Severity.ERROR, Severity.WARNING, Severity.INFO)
        for col in _shown([sum(f.count(s) for f in self.c.files) for s in severities]):
            colour = colours[col]
            chart.add_series(
                {
                    "name": [CHARTS_SHEET, row, col],
                    "categories": [CHARTS_SHEET, row + 1, 0, row + max(count, 1), 0],
                    "values": [CHARTS_SHEET, row + 1, col, row + max(count, 1), col],
                    "fill": {"color": colour},
                }
            )
        return chart

    # ------------------------------------------------------------------ 说明

    def _notes(self) -> None:
        ws = self.book.add_worksheet(NOTES_SHEET)
        c = self.c
        ws.write_string(0, 0, "绩效目标汇总表说明", self.f["title"])
        facts = [
            ("生成时间", c.created.strftime("%Y-%m-%d %H:%M:%S")),
            ("生成工具", f"xlgoals {__version__}（xlgoals merge）"),
            ("金额单位", "万元"),
            ("汇总的工作簿", len(c.usable_files)),
            ("部门数", len({f.department for f in c.usable_files})),
            ("项目数", c.project_count),
            ("指标行数", c.indicator_count),
            ("指标明细工作表", "、".join(self.detail_sheets)),
            # told only when the findings took more than one sheet (a district of thousands)
            *[("问题清单工作表", "、".join(self.problem_sheets))] * (len(self.problem_sheets) > 1),
            ("未能读取的文件", len(c.files) - len(c.usable_files)),
            ("跳过的文件", len(c.general)),
            ("问题数", "错误 {} 个，警告 {} 个，提示 {} 个".format(*map(c.count, Severity))),
        ]  # fmt: skip
        for offset, (label, value) in enumerate(facts):
            ws.write_string(2 + offset, 0, label, self.f["label"])
            if isinstance(value, int):  # counts are numbers, left-aligned like the text
                ws.write_number(2 + offset, 1, value, self.f["count"])
            else:
                ws.write_string(2 + offset, 1, value, self.f["text"])
        row = 3 + len(facts)
        for line in _EXPLANATIONS:
            ws.merge_range(row, 0, row, 5, line, self.f["plain"])
            ws.set_row(row, text_height(-(-display_width(line) // 130), _FONT_SIZE))
            row += 1
        row += 1
        ws.write_row(row, 0, ["来源文件", "路径", "部门", "状态", "表数", "指标数"],
                     self.f["header"])  # fmt: skip
        # a file's name, path, department and status, wrapped: a long path prints whole
        files = []
        for f in c.files:
            status = "已汇总" if f.usable else printable("未能读取：" + "；".join(_inputs(f)))
            department = f.department if f.usable else ""
            texts = (shown_name(f.file), printable_path(f.file), department, status)
            files.append((*texts, f.tables, f.indicator_count))
        for item in sorted(c.general, key=lambda f: f.at.file):
            texts = (shown_name(item.at.file), printable_path(item.at.file), "",
                     printable(item.message()))  # fmt: skip
            files.append((*texts, 0, 0))
        wrap, number = _xf_index(self.f["wrap"]), _xf_index(self.f["int"])
        wrapped = dict(enumerate(_FILE_WIDTHS[:4]))
        self._stream_later(ws, files, [(wrap, number)] * len(_FILE_WIDTHS), wrapped, row + 2)
        for col, width in enumerate(_FILE_WIDTHS):
            ws.set_column(col, col, width)
        self._print(ws, 6)


#: 说明's file table: 来源文件 路径 部门 状态 表数 指标数
_FILE_WIDTHS = (24, 40, 28, 36, 8, 8)


@dataclass
class _StreamedSheet:
    """One sheet of a streamed table laid out: which of its rows go in it, and how they look."""

    ws: Any
    source: Callable[[], Iterator[Sequence[Any]]]
    start: int
    count: int
    styles: list[tuple[int, int]]
    wrapped: dict[int, int]
    text_styles: dict[int, dict[str, int]] | None

    def rows(self) -> StreamedRows:
        """The rows to stream in once the book is closed."""
        return StreamedRows(
            part=_part(self.ws),
            rows=islice(self.source(), self.start, self.start + self.count),
            count=self.count,
            styles=self.styles,
            wrapped=self.wrapped,
            font_size=_FONT_SIZE,
            text_styles=self.text_styles or {},
        )


def _inputs(f: Any) -> list[str]:
    """Why a file could not be read: its findings about the file itself."""
    return [item.message() for item in f.findings if item.problem.family.value == "input"]


def _part(ws: Any) -> str:
    """The package part XlsxWriter writes a worksheet as."""
    return f"xl/worksheets/sheet{ws.index + 1}.xml"


def _shown(totals: list[int]) -> list[int]:
    """Columns (1-based, after the label) of the series worth a legend entry: those with any
    count; the first when all are empty, since a chart needs one."""
    return [col for col, total in enumerate(totals, start=1) if total] or [1]


def _xf_index(cell_format: Any) -> int:
    """The style number XlsxWriter gives a format, given now so that the format is written
    into the styles even if no XlsxWriter cell uses it (only streamed cells do)."""
    return cell_format._get_xf_index()


def _height(row: tuple, wrapped: list[tuple[int, int]]) -> float | None:
    """A row's height when its wrapped text needs more than one line (XlsxWriter cannot
    autofit, and printers need it); None otherwise."""
    lines = 1
    for col, width in wrapped:
        value = row[col]
        if isinstance(value, str) and len(value) * 2 > width - 2:  # else one line surely
            lines = max(lines, wrapped_lines(value, width))
    return text_height(lines, _FONT_SIZE) if lines > 1 else None


_EXPLANATIONS = (
    "1．预算汇总每个部门一行，最后为合计行；合计、项目资金差额和分类小计均为公式，并已写入计算结果。",
    "2．项目资金合计 = 该部门各项目表“年度资金总额”之和"
    "（缺总额时为财政拨款、上年结转、其他资金之和）；"
    "项目资金差额 = 项目支出 − 项目资金合计，负数（黄色）表示项目资金超过项目支出，需复核。",
    "3．指标明细列出每张表的每一行指标及其来源（文件、工作表、单元格），计算符号、指标值、单位为解析结果，"
    "“原文”为填报原样；行数超过 Excel 单表上限（1048576 行）时依次续写在"
    "“指标明细 (2)”“指标明细 (3)”……，上方“指标明细工作表”一行列出全部分表。",
    "4．问题清单列出每个文件检查发现的问题，以及部门重复报送、缺少部门整体表、同名指标单位不一致等汇总时发现的问题；"
    "无法读取和被跳过的文件也列在其中。",
)


def _finite(value: Decimal) -> bool:
    """Whether the number is one Excel holds (the reader refuses others, XG026; a sum of
    many could still pass what a float holds, and `inf` is no number to Excel)."""
    return math.isfinite(float(value))


def _blank(value: Any) -> bool:
    """No value: None, or a float NaN (a frame's missing number)."""
    return value is None or (type(value) is float and math.isnan(value))


def _column(table: Sequence[Sequence[Any]], columns: Sequence[str], name: str) -> list[Any]:
    at = list(columns).index(name)
    return [row[at] for row in table]


def _sum(column: Sequence[Any], amount: bool) -> Decimal | int:
    """The exact sum a SUM formula will show: Decimal for 万元, int for counts."""
    values = [v for v in column if not _blank(v)]
    if amount:
        return sum((Decimal(v) for v in values), Decimal(0))
    return int(sum(int(v) for v in values))


def _letter(col: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(col)
