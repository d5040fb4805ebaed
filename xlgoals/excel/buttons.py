"""The Excel ribbon: one function per button, acting on an open workbook through xlwings.

The only module that imports xlwings (with `xlgoals.server`). Each function takes an
`xlwings.Book` (default `xlwings.Book.caller()`), returns a one-line summary and shows it (status
bar on the desktop, an alert through xlwings Server).

The same code runs on two engines:

* desktop Excel (`RunPython` from the VBA ribbon): xlwings drives Excel through COM/AppleScript;
* xlwings Server (`xw.Book(json=payload)`): the remote interpreter turns every write into an
  *action* that the client (the VBA module `xlwings.bas`, or xlwings.js in an Office.js add-in)
  replays. Clients implement only some actions, so this module writes only what every client can
  replay: values (a formula is a value starting with "="), fills, sheets added at the end,
  sheets deleted, hyperlinks, defined names, alerts; notes only where the client has them
  (Office.js and desktop Excel, not the VBA client: `NOTE_CLIENTS`).

Reading uses the same reader as files (`validation.validate_grids`), so a workbook gives the same
findings in Excel as on the command line.

The marks of 检查 / 检查计算符号 are recorded in the workbook as named ranges, one per marked cell,
named `xlgoals_mark_<n>_<original colour or none>[_note]`: every client sends named ranges (and
only named ranges) with its payload, and Excel keeps them pointing at the right cell when rows or
sheets move. 清除标记 puts the recorded colours back, deletes the notes it added, the names and
the 问题清单 sheet. A remote client does not send cell colours, so there the colour recorded is
the standard template's colour for that cell (or none, put back as white).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlwings as xw

import xlgoals
from xlgoals.address import a1, parse_a1
from xlgoals.model.budget import identities, show
from xlgoals.model.values import plain_value
from xlgoals.problems import problem_list
from xlgoals.problems.catalogue import Family, Severity
from xlgoals.problems.findings import Finding, count, order
from xlgoals.problems.report import FileReport
from xlgoals.read.grid import Grid
from xlgoals.validation import validate_grids
from xlgoals.write.annotate import by_cell, is_problem_list, location, note_text, worst
from xlgoals.write.common import is_formula_like
from xlgoals.write.styles import SEVERITY_FILL
from xlgoals.write.template import (
    DEPARTMENT_HEADER_ROW,
    DEPARTMENT_SHEET,
    PROJECT_HEADER_ROW,
    PROJECT_SHEET,
    build_template,
)

TITLE = "绩效目标"
MARK_PREFIX = "xlgoals_mark_"
_MARK_NAME = re.compile(r"^xlgoals_mark_(\d+)_([0-9A-F]{6}|none)(_note)?$")
#: the colour that stands for "no fill" where a client cannot clear a fill
WHITE = "FFFFFF"
#: the label whose right neighbour holds the folder 汇总各部门 reads
SOURCE_LABEL = "源文件夹"

#: Actions each xlwings Server client can replay (xlwings 0.37: `addin/Remote.bas` for VBA,
#: xlwings.js for Office.js, which adds notes). Nothing outside these sets is ever emitted.
CLIENT_ACTIONS: dict[str, frozenset[str]] = {
    "VBA": frozenset(
        {
            "setValues", "rangeClearContents", "rangeClearFormats", "rangeClear", "addSheet",
            "setSheetName", "setAutofit", "setRangeColor", "activateSheet", "addHyperlink",
            "setNumberFormat", "alert", "setRangeName", "namesAdd", "nameDelete", "runMacro",
            "rangeDelete", "rangeInsert", "rangeSelect", "copyRange", "sheetDelete",
            "sheetClear", "sheetClearContents", "sheetClearFormats",
        }
    ),
}  # fmt: skip
CLIENT_ACTIONS["Office.js"] = CLIENT_ACTIONS["VBA"] | {"addNote", "deleteNote"}
#: where notes can be written: Office.js clients and desktop Excel (not the VBA client)
NOTE_CLIENTS = frozenset({"Office.js", "desktop"})
#: JavaScript functions the add-in page registers (xlgoals.server) to lift a sheet's protection
#: for the marks and put it back; the standard template's sheets are protected.
UNPROTECT_MACRO = "xlgoalsUnprotect"
REPROTECT_MACRO = "xlgoalsReprotect"


# ---------------------------------------------------------------- the ribbon's buttons


def validate(book: xw.Book | None = None) -> str:
    """检查填报: fill every problem cell, list every finding in a 问题清单 sheet."""
    book = _book(book)
    with _unprotected(book):
        summary = _mark(book, _findings(book))
    return _show(book, summary)


def comparators(book: xw.Book | None = None) -> str:
    """检查计算符号: the same, for comparator and consistency findings only."""
    book = _book(book)
    wanted = {Family.COMPARATOR, Family.CONSISTENCY}
    found = [f for f in _findings(book) if f.problem.family in wanted]
    with _unprotected(book):
        summary = _mark(book, found, what="计算符号")
    return _show(book, summary)


def clear_marks(book: xw.Book | None = None) -> str:
    """清除标记: remove exactly what 检查 / 检查计算符号 added."""
    book = _book(book)
    with _unprotected(book):
        count = _unmark(book)
    return _show(
        book, f"已清除 {count} 个单元格的标记和问题清单" if count else "没有需要清除的标记"
    )


def subtotals(book: xw.Book | None = None) -> str:
    """计算小计: write each budget total as a formula of its parts; report totals that differ."""
    book = _book(book)
    report = _report(book)
    if report.submission is None:
        return _show(book, "未找到绩效目标表")
    written, differ = 0, []
    with _unprotected(book):
        for identity in identities(report.submission):
            if identity.formula is None:
                continue
            sheet_name, cell = identity.total.at.sheet, identity.total.at.cell
            book.sheets[sheet_name].range(cell).value = "=" + identity.formula
            written += 1
            if identity.difference:
                differ.append(
                    f"{identity.total_label}（{cell}）原为 {show(identity.total.value)}，"
                    f"合计为 {show(identity.computed)}"
                )
    summary = f"已写入 {written} 个合计公式"
    if differ:
        summary += "；与原数不一致：" + "；".join(differ)
    return _show(book, summary)


def add_project_sheet(book: xw.Book | None = None) -> str:
    """新增项目表: a new 项目N sheet at the end with the template's labels and colours."""
    book = _book(book)
    names = {s.name for s in book.sheets}
    number = 1
    while f"项目{number}" in names:
        number += 1
    title = f"项目{number}"
    values, colours = _template_project_sheet()
    sheet = book.sheets.add(title, after=book.sheets[len(book.sheets) - 1])
    sheet.range("A1").value = values
    for colour, cells in colours.items():
        for cell in cells:
            sheet.range(cell).color = "#" + colour
    sheet.activate()
    return _show(book, f"已新增项目表“{title}”，请按模板填写")


def merge(book: xw.Book | None = None) -> str:
    """汇总各部门: read the folder named beside 源文件夹 and fill the consolidation sheets."""
    book = _book(book)
    folder = _labelled_value(book, SOURCE_LABEL)
    if not folder or not Path(str(folder)).is_dir():
        return _show(book, f"请在“{SOURCE_LABEL}”右边的单元格填写各部门报表所在的文件夹")
    consolidation = xlgoals.merge([Path(str(folder))], progress=False)
    frames = consolidation.sheets()
    for name, frame in frames.items():
        rows = [list(frame.columns)] + [list(r) for r in frame.itertuples(index=False)]
        sheet = _sheet(book, name)
        if sheet is None:
            sheet = book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])
        else:
            sheet.clear_contents()
        sheet.range("A1").value = [[_cell_value(v) for v in row] for row in rows]
    budget = next(iter(frames.values()))
    departments = sum(str(v) != "合计" for v in budget.iloc[:, 0]) if len(budget) else 0
    problems = len(frames[problem_list.SHEET])
    return _show(book, f"已汇总 {departments} 个部门，问题 {problems} 条")


# ---------------------------------------------------------------- reading


def grids(book: xw.Book) -> list[Grid]:
    """Every sheet of the open workbook as a grid, as the file reader would give it
    (an earlier 问题清单 left out)."""
    found = []
    for sheet in book.sheets:
        rows = _sheet_values(sheet)
        if rows and is_problem_list(rows[0]):
            continue
        found.append(Grid(book.fullname, sheet.name, [[plain_value(v) for v in r] for r in rows]))
    return found


def _sheet_values(sheet: Any) -> list[list[Any]]:
    last = sheet.used_range.last_cell
    return sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value or []


def _report(book: xw.Book) -> FileReport:

    return validate_grids(grids(book), book.fullname)


def _findings(book: xw.Book) -> list[Finding]:
    return _report(book).findings


# ---------------------------------------------------------------- marks


def _mark(book: xw.Book, findings: list[Finding], what: str = "") -> str:
    """Take off earlier marks, fill and note the problem cells, record them, write 问题清单."""
    previous = _unmark(book)
    notes = _client(book) in NOTE_CLIENTS
    number = 0
    for (sheet_name, cell), items in by_cell(findings).items():
        sheet = _sheet(book, sheet_name)
        if sheet is None:
            continue
        target = sheet.range(cell)
        original = previous.get((sheet.name, target.address), None) or _colour(book, target)
        # never over a department's own note
        add_note = notes and _notes_supported(sheet) and target.note is None
        target.color = "#" + SEVERITY_FILL[worst(items).value]
        if add_note:
            target.add_note(note_text(items))
        number += 1
        suffix = "_note" if add_note else ""
        book.names.add(
            f"{MARK_PREFIX}{number}_{original}{suffix}", "=" + location(sheet.name, target.address)
        )
    _write_problem_list(book, findings)
    errors, warnings, infos = (count(findings, s) for s in Severity)
    return (
        f"{what}检查完成：{errors} 个错误，{warnings} 个警告，{infos} 个提示；"
        f"已标出 {number} 个单元格，详见“{problem_list.SHEET}”"
    )


def _unmark(book: xw.Book) -> dict[tuple[str, str], str]:
    """Remove every recorded mark; return (sheet, $A$1) → the original colour recorded."""
    restored: dict[tuple[str, str], str] = {}
    for name in [n for n in book.names if _MARK_NAME.match(_bare(n.name))]:
        match = _MARK_NAME.match(_bare(name.name))
        try:
            target = name.refers_to_range
        except Exception:  # the cell was deleted: nothing left to restore
            target = None
        if target is not None:
            colour = match.group(2)
            _set_colour(book, target, colour)
            note = target.note if match.group(3) and _client(book) in NOTE_CLIENTS else None
            if note is not None:
                note.delete()
            restored[(target.sheet.name, target.address)] = colour
        name.delete()
    listing = _sheet(book, problem_list.SHEET)
    if listing is not None and is_problem_list(_sheet_values(listing)[0]):
        listing.delete()
    return restored


def _notes_supported(sheet: Any) -> bool:
    """Office.js sends notes only from ExcelApi 1.18 on; desktop Excel always has them."""
    if not _remote(sheet.book):
        return True
    return sheet.api.get("notes") is not None and sheet.api.get("notes_supported") is not False


@contextlib.contextmanager
def _unprotected(book: xw.Book) -> Iterator[None]:
    """Lift the protection of the workbook's sheets while marking, and put it back.

    Desktop Excel: through the COM object (Windows); Office.js: through the add-in page's
    JavaScript (`runMacro`). The VBA client has no such macro yet: there the sheets must not be
    protected (see the report's follow-up)."""
    names = [s.name for s in book.sheets if s.name != problem_list.SHEET]
    client = _client(book)
    if client == "Office.js":
        for name in names:
            book.app.macro(UNPROTECT_MACRO)(name)
        yield
        for name in [s.name for s in book.sheets if s.name in names]:  # those still there
            book.app.macro(REPROTECT_MACRO)(name)
        return
    lifted = []
    if client == "desktop":
        for name in names:
            try:
                sheet = book.sheets[name].api
                if sheet.ProtectContents:
                    sheet.Unprotect()
                    lifted.append(sheet)
            except Exception:  # not Windows, or a password: leave it to Excel to refuse
                continue
    try:
        yield
    finally:
        for sheet in lifted:  # as the template protects: rows and columns may be resized
            sheet.Protect(AllowFormattingRows=True, AllowFormattingColumns=True)


def _colour(book: xw.Book, target: Any) -> str:
    """The cell's fill as 6 hex digits or "none". A remote client does not send fills; there the
    standard template's colour for the cell stands in."""
    if _remote(book):
        return _template_colour(book, target)
    colour = target.color
    if colour is None:
        return "none"
    return "".join(f"{part:02X}" for part in colour)


def _set_colour(book: xw.Book, target: Any, colour: str) -> None:
    if colour != "none":
        target.color = "#" + colour
    elif _remote(book):
        target.color = "#" + WHITE  # clients cannot clear a fill without clearing all formats
    else:
        target.color = None


def _template_colour(book: xw.Book, target: Any) -> str:
    """The template's fill of this cell when the sheet is laid out like the template."""
    rows = _sheet_values(target.sheet)

    def text(address: str) -> str:
        row, col = parse_a1(address)
        return str(rows[row][col] or "").strip() if row < len(rows) and col < len(rows[row]) else ""

    if text("A2") == "部门名称" and text(f"A{DEPARTMENT_HEADER_ROW}") == "一级指标":
        kind = "department"
    elif text("A2") == "项目名称" and text(f"A{PROJECT_HEADER_ROW}") == "一级指标":
        kind = "project"
    else:
        return "none"
    return _template_fills()[kind].get(target.address.replace("$", ""), "none")


def _template_fills() -> dict[str, dict[str, str]]:
    global _FILLS
    if _FILLS is None:
        workbook = build_template()
        _FILLS = {
            kind: _fills_of(workbook[name])
            for kind, name in (("department", DEPARTMENT_SHEET), ("project", PROJECT_SHEET))
        }
    return _FILLS


_FILLS: dict[str, dict[str, str]] | None = None


def _fills_of(sheet: Any) -> dict[str, str]:
    fills = {}
    for row in sheet.iter_rows():
        for cell in row:
            fill = cell.fill
            if fill.fill_type == "solid" and isinstance(fill.fgColor.rgb, str):
                fills[cell.coordinate] = fill.fgColor.rgb[-6:].upper()
    return fills


def _write_problem_list(book: xw.Book, findings: list[Finding]) -> None:
    """The 问题清单 as the last sheet (the one place every client can add a sheet), with links."""
    sheet = book.sheets.add(problem_list.SHEET, after=book.sheets[len(book.sheets) - 1])
    ordered = sorted(findings, key=lambda f: order(f, [s.name for s in book.sheets]))
    rows = [list(problem_list.COLUMNS)] + [problem_list.row(f) for f in ordered]
    sheet.range("A1").value = [[_cell_value(v) for v in row] for row in rows]
    link_col = len(problem_list.COLUMNS) - 1
    for index, item in enumerate(ordered, start=1):
        if item.at.sheet and item.at.cell and _sheet(book, item.at.sheet) is not None:
            sheet.range(a1(index, link_col)).add_hyperlink(
                "#" + location(item.at.sheet, item.at.cell), item.at.cell, item.message()
            )
    sheet.activate()


# ---------------------------------------------------------------- writing helpers


def _cell_value(value: Any) -> Any:
    """A value every client writes as itself: text that looks like a formula stays text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    if is_formula_like(value):
        return "'" + value
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if hasattr(value, "item"):  # numpy / pandas scalars
        return _cell_value(value.item())
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return value


def _template_project_sheet() -> tuple[list[list[Any]], dict[str, list[str]]]:
    """The template's project sheet as values and (colour → cells)."""
    sheet = build_template()[PROJECT_SHEET]
    # the totals' formulas go in as values too: every client writes "=B9+E9+B10" as a formula
    values = [["" if c.value is None else c.value for c in row] for row in sheet.iter_rows()]
    colours: dict[str, list[str]] = {}
    for cell, colour in _fills_of(sheet).items():
        colours.setdefault(colour, []).append(cell)
    return values, colours


def _labelled_value(book: xw.Book, label: str) -> Any:
    for sheet in book.sheets:
        for row in _sheet_values(sheet):
            for col, value in enumerate(row):
                if isinstance(value, str) and value.strip() == label and col + 1 < len(row):
                    return row[col + 1]
    return None


# ---------------------------------------------------------------- the engine


def _book(book: xw.Book | None) -> xw.Book:
    if book is not None:
        return book
    caller = xw.Book.caller()
    # A ribbon button of the add-in is called from the .xlam: the user means the workbook in front
    if caller.name.lower().endswith(".xlam"):
        return caller.app.books.active
    return caller


def _remote(book: xw.Book) -> bool:
    """True for xlwings Server's remote interpreter (the book came as a JSON payload)."""
    return type(book.impl).__module__.endswith("_xlremote")


def _client(book: xw.Book) -> str:
    return book.api["client"] if _remote(book) else "desktop"


def _sheet(book: xw.Book, name: str) -> Any:
    for sheet in book.sheets:
        if sheet.name == name:
            return sheet
    return None


def _bare(name: str) -> str:
    return name.rsplit("!", 1)[-1]


def _show(book: xw.Book, summary: str) -> str:
    """Tell the user: an alert through xlwings Server, the status bar on the desktop."""
    try:
        if _remote(book):
            book.app.alert(summary, title=TITLE)
        else:
            book.app.status_bar = summary
    except Exception:  # a summary that cannot be shown is still returned
        pass
    return summary


# ---------------------------------------------------------------- payloads (tests, debugging)
