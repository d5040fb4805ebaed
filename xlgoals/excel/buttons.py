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
named `xlgoals_mark_<n>_<original fill or none>[_note]`: every client sends named ranges with its
payload, and Excel keeps them pointing at the right cell when rows or sheets move. 清除标记 puts
the recorded fills back (no fill where there was none), deletes the notes it added, the names
and the 问题清单 sheet. A remote client does not send fills, so there the client itself reads
the fill and names the mark (`RECORD_FILL_MACRO`, run through `runMacro`): the Office.js task
pane registers it (xlgoals.server), the VBA client finds it in our VBA module
(macros/xlgoals.bas). Sheet protection is lifted around the marks and put back with the sheet's
own settings the same way (`UNPROTECT_MACRO`, `REPROTECT_MACRO`; through COM on the desktop).
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
from xlgoals.district.inbox import INBOX_ENV, Inbox, InboxRefused
from xlgoals.model.budget import identities, show
from xlgoals.model.values import plain_value
from xlgoals.problems import problem_list
from xlgoals.problems.catalogue import Family, Severity
from xlgoals.problems.findings import Finding, count, order
from xlgoals.problems.report import FileReport
from xlgoals.reading.grid import Grid
from xlgoals.validation import validate_grids
from xlgoals.write.annotate import by_cell, is_problem_list, location, note_text, worst
from xlgoals.write.common import is_formula_like
from xlgoals.write.styles import SEVERITY_FILL
from xlgoals.write.template import (
    PROJECT_SHEET,
    build_template,
)

TITLE = "绩效目标"
MARK_PREFIX = "xlgoals_mark_"
_MARK_NAME = re.compile(r"^xlgoals_mark_(\d+)_([0-9A-F]{6}|none)(_note)?$")
#: the label whose right neighbour holds the folder 汇总各部门 reads
SOURCE_LABEL = "源文件夹"

#: Actions each xlwings Server client can replay (xlwings 0.37: `addin/Remote.bas` for VBA; the
#: Office.js client of xlwings-server, which also has notes and clears a fill given None).
#: Nothing outside these sets is ever emitted.
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
#: Functions a remote client runs for xlgoals (`runMacro`), the sheet's name first: record a
#: cell's fill in a mark's name (sheet, cell, name prefix, name suffix); clear a fill (sheet,
#: cell; VBA only: Office.js clears a fill given None); lift a sheet's protection, and put it
#: back with the settings it had (sheet).
RECORD_FILL_MACRO = "xlgoalsRecordFill"
CLEAR_FILL_MACRO = "xlgoalsClearFill"
UNPROTECT_MACRO = "xlgoalsUnprotect"
REPROTECT_MACRO = "xlgoalsReprotect"
CLIENT_MACROS = (RECORD_FILL_MACRO, CLEAR_FILL_MACRO, UNPROTECT_MACRO, REPROTECT_MACRO)
#: the settings of Excel's Worksheet.Protect that xlgoals reads and gives back (desktop, COM)
PROTECTION_SETTINGS = (
    "AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
    "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
    "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
    "AllowUsingPivotTables",
)  # fmt: skip


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
        count, listing = _unmark(book)
    if count:
        return _show(book, f"已清除 {count} 个单元格的标记和问题清单")
    return _show(book, "已删除问题清单" if listing else "没有需要清除的标记")


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
                    f"{identity.total_label}（{cell}）原为 {identity.show(identity.total.value)}，"
                    f"合计为 {identity.show(identity.computed)}"
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
    folder = str(_labelled_value(book, SOURCE_LABEL) or "").strip()
    try:
        sources = _sources(book, folder)
    except InboxRefused as refused:
        return _show(book, str(refused))
    if not sources:
        return _show(book, f"文件夹“{folder}”中没有工作簿")
    consolidation = xlgoals.merge(sources, progress=False)
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


def _sources(book: xw.Book, folder: str) -> list[Path]:
    """What 汇总各部门 reads. On xlwings Server only workbooks in the administrator's inbox
    (the workbook comes from whoever reaches the server); on the desktop the clerk's folder."""
    if not folder:
        raise InboxRefused(f"请在“{SOURCE_LABEL}”右边的单元格填写各部门报表所在的文件夹")
    if _remote(book):
        inbox = Inbox.from_environment()
        if inbox is None:
            raise InboxRefused(
                f"服务器没有设置收件箱（{INBOX_ENV}），不能在服务器上汇总各部门：请联系管理员"
            )
        return inbox.workbooks(folder)
    if not Path(folder).is_dir():
        raise InboxRefused(
            f"找不到文件夹“{folder}”：请在“{SOURCE_LABEL}”右边填写各部门报表所在的文件夹"
        )
    return [Path(folder)]


#: the header of the column 自评打分 writes the rule's scores into
SCORE_HEADER = "规则得分"
#: what 自评打分 marks: scores the rule does not give, scores above their 分值
SCORE_CODES = frozenset({"XG502", "XG503"})


def score(book: xw.Book | None = None) -> str:
    """自评打分: the rule's score beside each published one (a 规则得分 column right of each
    绩效自评表), the published scores that differ marked as 检查填报 marks, with 问题清单."""
    book = _book(book)
    report = _report(book)
    tables = [t for t in report.submission.tables if t.self_evaluation] if report.submission else []
    if not tables:
        return _show(book, "未找到绩效自评表（没有实际完成值、得分或预算执行情况）")
    from xlgoals.model.scoring import score_table  # only for 自评表

    lines = []
    with _unprotected(book):
        for table in tables:
            scored = score_table(table)
            _write_scores(book, scored)
            published = scored.published_total
            shown = f"，填报 {show(published)}" if published is not None else ""
            lines.append(f"{table.display_name} 规则总分 {show(scored.total)}{shown}")
        differ = [f for f in report.findings if f.code in SCORE_CODES]
        summary = _mark(book, differ, what="自评打分")
    return _show(book, "；".join(lines) + f"。{len(differ)} 项得分与规则不符。" + summary)


def _write_scores(book: xw.Book, scored: Any) -> None:
    """One column right of the table: its header, each row's rule score, the funds block's."""
    table = scored.table
    sheet = _sheet(book, table.at.sheet or "")
    if sheet is None or table.header_row is None:
        return
    values = _sheet_values(sheet)
    header = values[table.header_row] if table.header_row < len(values) else []
    filled = [c for c, v in enumerate(header) if v not in (None, "")]
    column = next((c for c, v in enumerate(header) if v == SCORE_HEADER), None)
    if column is None:
        column = max(filled, default=0) + 1
    cells: dict[int, Any] = {table.header_row: SCORE_HEADER}
    for s in scored.indicators:
        cells[parse_a1(s.indicator.at.cell or "A1")[0]] = s.computed
    execution = scored.execution
    if execution is not None:
        funds_row = parse_a1(execution.row.at.cell or "A1")[0]
        cells[funds_row] = execution.computed
        if funds_row > 0:
            cells.setdefault(funds_row - 1, SCORE_HEADER)  # over the funds row, as its header
    for row, value in sorted(cells.items()):
        sheet.range(a1(row, column)).value = _cell_value(value)


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
    _unmark(book)
    notes = _client(book) in NOTE_CLIENTS
    number = 0
    for (sheet_name, cell), items in by_cell(findings).items():
        sheet = _sheet(book, sheet_name)
        if sheet is None:
            continue
        target = sheet.range(cell)
        # never over a department's own note
        add_note = notes and _notes_supported(sheet) and target.note is None
        number += 1
        _record(book, target, f"{MARK_PREFIX}{number}", "_note" if add_note else "")
        target.color = "#" + SEVERITY_FILL[worst(items).value]
        if add_note:
            target.add_note(note_text(items))
    _write_problem_list(book, findings)
    errors, warnings, infos = (count(findings, s) for s in Severity)
    return (
        f"{what}检查完成：{errors} 个错误，{warnings} 个警告，{infos} 个提示；"
        f"已标出 {number} 个单元格，详见“{problem_list.SHEET}”"
    )


def _record(book: xw.Book, target: Any, prefix: str, suffix: str) -> None:
    """Name the cell `<prefix>_<its fill now, or none><suffix>` before it is filled. A remote
    client reads the fill and adds the name itself: only it knows the fill."""
    if _remote(book):
        book.app.macro(RECORD_FILL_MACRO)(target.sheet.name, target.address, prefix, suffix)
        return
    colour = target.color
    original = "none" if colour is None else "".join(f"{part:02X}" for part in colour)
    refers_to = "=" + location(target.sheet.name, target.address)
    book.names.add(f"{prefix}_{original}{suffix}", refers_to)


def _unmark(book: xw.Book) -> tuple[int, bool]:
    """Remove every recorded mark and the 问题清单; return how many cells got their fill back
    and whether a 问题清单 was deleted."""
    count = 0
    for name in [n for n in book.names if _MARK_NAME.match(_bare(n.name))]:
        match = _MARK_NAME.match(_bare(name.name))
        try:
            target = name.refers_to_range
        except Exception:  # the cell was deleted: nothing left to restore
            target = None
        if target is not None:
            _restore_fill(book, target, match.group(2))
            note = target.note if match.group(3) and _client(book) in NOTE_CLIENTS else None
            if note is not None:
                note.delete()
            count += 1
        name.delete()
    listing = _sheet(book, problem_list.SHEET)
    deleted = listing is not None and is_problem_list(_sheet_values(listing)[0])
    if deleted:
        listing.delete()
    return count, deleted


def _restore_fill(book: xw.Book, target: Any, colour: str) -> None:
    if colour != "none":
        target.color = "#" + colour
    elif _client(book) == "VBA":  # Remote.bas cannot take None for a colour
        book.app.macro(CLEAR_FILL_MACRO)(target.sheet.name, target.address)
    else:
        target.color = None


def _notes_supported(sheet: Any) -> bool:
    """Office.js sends notes only from ExcelApi 1.18 on; desktop Excel always has them."""
    if not _remote(sheet.book):
        return True
    return sheet.api.get("notes") is not None and sheet.api.get("notes_supported") is not False


@contextlib.contextmanager
def _unprotected(book: xw.Book) -> Iterator[None]:
    """Lift the protection of the workbook's sheets while marking, and put it back with each
    sheet's own settings.

    A remote client does both itself (`runMacro`; it remembers which sheets were protected and
    how); desktop Excel through COM (Windows). A sheet with a password stays protected: Excel
    then refuses the marks, as it would refuse the clerk."""
    names = [s.name for s in book.sheets if s.name != problem_list.SHEET]
    if _remote(book):
        for name in names:
            book.app.macro(UNPROTECT_MACRO)(name)
        yield
        for name in [s.name for s in book.sheets if s.name in names]:  # those still there
            book.app.macro(REPROTECT_MACRO)(name)
        return
    lifted = list(_lift_protection(book, names))
    try:
        yield
    finally:
        for sheet, settings in lifted:
            sheet.Protect(**settings)


def _lift_protection(book: xw.Book, names: list[str]) -> Iterator[tuple[Any, dict[str, bool]]]:
    """Unprotect each protected sheet; yield it with the settings that protect it again."""
    for name in names:
        try:
            sheet = book.sheets[name].api
            if sheet.ProtectContents:
                settings = protection_settings(sheet)
                sheet.Unprotect()
                yield sheet, settings
        except Exception:  # not Windows, or a password: leave it to Excel to refuse
            continue


def protection_settings(sheet: Any) -> dict[str, bool]:
    """The arguments of Worksheet.Protect that give a (COM) sheet its current protection."""
    settings = {key: bool(getattr(sheet.Protection, key)) for key in PROTECTION_SETTINGS}
    settings.update(
        DrawingObjects=bool(sheet.ProtectDrawingObjects),
        Contents=True,
        Scenarios=bool(sheet.ProtectScenarios),
    )
    return settings


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
