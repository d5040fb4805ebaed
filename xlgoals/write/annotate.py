"""Marked-up copies of a department's workbook: problem cells filled and noted, a 问题清单 in front.

`annotate(source, output)` never touches `source`. Everything it adds is recognisable, so running
it again on its own output first takes the old marks off and gives the same marks, not doubled:

* the original fill of every marked cell is recorded in workbook names `xlgoals_marks_N`
  (text constants, see `encode_marks`), and put back before marking again;
* its notes are authored "xlgoals", and its text inside a department's own note follows `MARKER`;
* the 问题清单 sheet is recognised by its header row.

The mark record format is shared with the Excel binding (`xlgoals.excel`), which keeps the same
record in the open workbook so that 清除标记 removes exactly what 检查 added.
"""

from __future__ import annotations

import functools
import io
import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from xlgoals.address import a1, parse_a1, sheet_ref
from xlgoals.problems import problem_list
from xlgoals.problems.catalogue import Severity
from xlgoals.problems.findings import Finding, order
from xlgoals.problems.report import FileReport
from xlgoals.reading.grid import Grid
from xlgoals.reading.ooxml import sheet_parts
from xlgoals.reading.workbook import read_grids
from xlgoals.validation import validate_grids
from xlgoals.write.common import atomic_path, fit_rows, refuse_overwrite, set_text
from xlgoals.write.styles import (
    FONT_NAME,
    HEADER_FILL,
    SEVERITY_FILL,
)
from xlgoals.write.xlsx_cells import cache_values

AUTHOR = "xlgoals"
#: our text inside a note starts here; anything before it is the department's own note
MARKER = "【xlgoals 检查】"
#: workbook names holding the mark record: xlgoals_marks_1, xlgoals_marks_2 …
RECORD_PREFIX = "xlgoals_marks_"
#: the colour recorded for a cell that had no fill
NO_FILL = "-"
#: Excel limits a text constant in a formula (and so in a name) to 255 characters
_CHUNK = 240
_ENTRY_SEP = "*"  # cannot occur in a sheet name
SUFFIXES = (".xlsx", ".xlsm")

# ---------------------------------------------------------------- shared with xlgoals.excel


def by_cell(findings: Iterable[Finding]) -> dict[tuple[str, str], list[Finding]]:
    """Findings grouped by (sheet, cell), most severe first; findings without a cell left out."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for item in findings:
        if item.at.sheet and item.at.cell:
            groups[(item.at.sheet, item.at.cell.replace("$", "").upper())].append(item)
    return {key: sorted(items, key=lambda f: f.severity.rank) for key, items in groups.items()}


def worst(items: list[Finding]) -> Severity:
    return min((f.severity for f in items), key=lambda s: s.rank)


def note_text(items: list[Finding], lang: str = "zh") -> str:
    """The note for one cell: every finding's message and hint, from the catalogue."""
    hint = "Hint" if lang == "en" else "建议"
    lines = [MARKER]
    for item in items:
        lines.append(f"[{item.severity.label(lang)}] {item.code} {item.message(lang)}")
        lines.append(f"{hint}：{item.problem.hint(lang)}")
    return "\n".join(lines)


def strip_note(text: str | None) -> str:
    """A note without the part xlgoals wrote."""
    if not text:
        return ""
    return text.split(MARKER, 1)[0].rstrip()


def location(sheet: str, cell: str = "A1") -> str:
    """An internal link target: 'Sheet'!A1."""
    return sheet_ref(sheet, cell)


def encode_marks(marks: dict[tuple[str, str], str]) -> list[str]:
    """(sheet, cell) → original colour as text constants of at most 240 characters each."""
    chunks: list[str] = []
    current = ""
    for (sheet, cell), colour in marks.items():
        entry = f"{sheet}!{cell}={colour}"
        if current and len(current) + len(entry) + 1 > _CHUNK:
            chunks.append(current)
            current = ""
        current = f"{current}{_ENTRY_SEP}{entry}" if current else entry
    if current:
        chunks.append(current)
    return chunks


def decode_marks(chunks: Iterable[str]) -> dict[tuple[str, str], str]:
    marks: dict[tuple[str, str], str] = {}
    for chunk in chunks:
        for entry in chunk.split(_ENTRY_SEP):
            place, _, colour = entry.rpartition("=")
            sheet, _, cell = place.rpartition("!")
            if sheet and cell:
                marks[(sheet, cell)] = colour
    return marks


def name_formula(chunk: str) -> str:
    """A text constant as a name's formula: ="…" with quotes doubled."""
    return '="' + chunk.replace('"', '""') + '"'


def formula_text(formula: str) -> str:
    """The text of a name's formula written by `name_formula` ('' when it is something else)."""
    body = formula.strip().lstrip("=").strip()
    if len(body) >= 2 and body[0] == body[-1] == '"':
        return body[1:-1].replace('""', '"')
    return ""


def record_index(name: str) -> int | None:
    """N of a record name xlgoals_marks_N (None for other names)."""
    bare = name.rsplit("!", 1)[-1]
    if bare.startswith(RECORD_PREFIX) and bare[len(RECORD_PREFIX) :].isdigit():
        return int(bare[len(RECORD_PREFIX) :])
    return None


def is_problem_list(first_row: Iterable[Any]) -> bool:
    """A sheet whose header row is the 问题清单's (ours, in either language)."""
    head = tuple(str(v or "").strip() for v in first_row)[:3]
    return head in (problem_list.COLUMNS[:3], problem_list.COLUMNS_EN[:3])


def without_problem_list(grids: list[Grid]) -> list[Grid]:
    """The department's sheets: an earlier 问题清单 is ours, not theirs."""
    return [g for g in grids if not (g.rows and is_problem_list(g.rows[0]))]


# ---------------------------------------------------------------- the annotated copy


def annotate(
    source: str | os.PathLike[str], output: str | os.PathLike[str], lang: str = "zh"
) -> FileReport:
    """Validate `source` and write a marked-up copy to `output`; return what was found.

    Raises ValueError when `output` is `source` or the file type cannot be annotated, and
    `sources.SourceError` when the workbook cannot be read.
    """
    import openpyxl

    source, output = Path(source), Path(output)
    refuse_overwrite(output, [source])
    if source.suffix.lower() not in SUFFIXES or output.suffix.lower() not in SUFFIXES:
        raise ValueError(f"只能标注 .xlsx / .xlsm 文件：{source.name} → {output.name}")
    grids = read_grids(source)
    report = validate_grids(without_problem_list(grids), str(source))
    keep_vba = source.suffix.lower() == output.suffix.lower() == ".xlsm"
    package = bounded_copy(source, grids)
    workbook = openpyxl.load_workbook(package, keep_vba=keep_vba, rich_text=False)
    unmark(workbook)
    mark(workbook, report.findings, lang)
    with atomic_path(output) as tmp:
        workbook.save(tmp)
        # openpyxl drops formulas' cached values: put the source's back, so readers without
        # a calculation engine (and the next validation of this copy) still see the totals
        cache_values(tmp, _formula_values(workbook, grids))
    return report


def _formula_values(workbook: Any, grids: list[Grid]) -> dict[tuple[str, str], Any]:

    by_sheet = {grid.sheet: grid for grid in grids}
    values = {}
    for sheet in workbook.worksheets:
        grid = by_sheet.get(sheet.title)
        for cell in _cells(sheet) if grid else ():
            if cell.data_type == "f":
                values[sheet.title, cell.coordinate] = grid.value(*parse_a1(cell.coordinate))
    return values


def _cells(sheet: Any) -> list[Any]:
    """The cells the sheet holds (`iter_rows` would make one for every cell of its used
    area, which a stray far cell makes billions)."""
    return list(sheet._cells.values())


#: how far a merged range may reach past the cells that hold values before it is cut there
_MERGE_MARGIN = (200, 30)
_EMPTY_ROW = re.compile(rb"""<row\s[^>]*?\br\s*=\s*["'](\d+)["'][^>]*/>""")
_MERGE_CELL = re.compile(rb"""<mergeCell\s+ref\s*=\s*["']([A-Z]+\d+(?::[A-Z]+\d+)?)["']\s*/>""")


def bounded_copy(source: Path, grids: list[Grid]) -> Path | io.BytesIO:
    """The workbook for openpyxl, bounded by the area that holds values and a margin: each
    merged range cut to it (openpyxl makes an object for every cell of a merged range, and
    one of the whole sheet, A1:XFD1048576, is 17 billion), and the empty rows past it left
    out (a million rows of a set height took 47 s). The source when nothing needs cutting."""
    sizes = {grid.sheet: (grid.height, grid.width) for grid in grids}
    with zipfile.ZipFile(source) as archive:
        parts = {part: sizes.get(name, (0, 0)) for name, part in sheet_parts(archive).items()}
        cut = {}
        for part, size in parts.items():
            xml = archive.read(part) if part in archive.NameToInfo else b""
            bounded = _MERGE_CELL.sub(functools.partial(_bounded, size=size), xml)
            last = size[0] + _MERGE_MARGIN[0]
            bounded = _EMPTY_ROW.sub(
                lambda m, last=last: b"" if int(m[1]) > last else m[0], bounded
            )
            if bounded != xml:
                cut[part] = bounded
        if not cut:
            return source
        copy = io.BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
            for info in archive.infolist():
                target.writestr(info, cut.get(info.filename) or archive.read(info))
    copy.seek(0)
    return copy


def _bounded(match: re.Match[bytes], size: tuple[int, int]) -> bytes:
    """One merged range, cut to `size` and the margin (b"" when nothing is left of it)."""
    first, _, last = match.group(1).decode().partition(":")
    if not last:
        return match.group()
    (top, left), (bottom, right) = parse_a1(first), parse_a1(last)
    rows, columns = size[0] + _MERGE_MARGIN[0], size[1] + _MERGE_MARGIN[1]
    if bottom < rows and right < columns:
        return match.group()
    bottom, right = min(bottom, rows - 1), min(right, columns - 1)
    if bottom < top or right < left or (bottom, right) == (top, left):
        return b""  # nothing left to merge
    return f'<mergeCell ref="{a1(top, left)}:{a1(bottom, right)}"/>'.encode()


def unmark(workbook: Any) -> None:
    """Take off every mark an earlier run added: fills, notes, the 问题清单 and the record."""
    from openpyxl.styles import PatternFill

    record = _record_names(workbook)
    marks = decode_marks(formula_text(workbook.defined_names[n].attr_text) for n in record)
    for (sheet, cell), colour in marks.items():
        if sheet in workbook.sheetnames:
            target = _anchor(workbook[sheet], cell)
            target.fill = PatternFill() if colour == NO_FILL else _solid(colour)
    for name in record:
        del workbook.defined_names[name]
    for sheet in list(workbook.worksheets):
        if is_problem_list(next(sheet.iter_rows(max_row=1, values_only=True), ())):
            workbook.remove(sheet)
            continue
        for cell in _cells(sheet):
            if cell.comment is not None:
                _strip_comment(cell)


def mark(workbook: Any, findings: list[Finding], lang: str = "zh") -> None:
    """Fill and note the problem cells, record their fills, put the 问题清单 in front."""
    from openpyxl.workbook.defined_name import DefinedName

    marks: dict[tuple[str, str], str] = {}
    for (sheet, cell), items in by_cell(findings).items():
        if sheet not in workbook.sheetnames:
            continue
        target = _anchor(workbook[sheet], cell)
        key = (sheet, target.coordinate)
        if key not in marks:
            marks[key] = _colour(target)
        _mark_cell(target, items, lang)
    for index, chunk in enumerate(encode_marks(marks), start=1):
        name = f"{RECORD_PREFIX}{index}"
        workbook.defined_names[name] = DefinedName(name, attr_text=name_formula(chunk))
    for sheet in {sheet for sheet, _ in marks}:
        fit_rows(workbook[sheet])  # the marked rows must show their whole text
    _write_problem_list(workbook, findings, lang)


def _record_names(workbook: Any) -> list[str]:
    return [n for n in workbook.defined_names if record_index(n) is not None]


def _anchor(sheet: Any, cell: str) -> Any:
    """The cell to mark: the top-left cell of a merged range holding `cell`."""
    for merged in sheet.merged_cells.ranges:
        if cell in merged:
            return sheet.cell(merged.min_row, merged.min_col)
    return sheet[cell]


def _solid(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor="FF" + colour, bgColor="FF" + colour)


def _colour(cell: Any) -> str:
    """The cell's solid RGB fill as 6 hex digits, or NO_FILL (theme colours count as none)."""
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or fill.fgColor is None:
        return NO_FILL
    if fill.fgColor.type == "rgb" and isinstance(fill.fgColor.rgb, str):
        return fill.fgColor.rgb[-6:].upper()
    return NO_FILL


def _mark_cell(cell: Any, items: list[Finding], lang: str) -> None:
    from openpyxl.comments import Comment

    cell.fill = _solid(SEVERITY_FILL[worst(items).value])
    own = strip_note(cell.comment.text) if cell.comment is not None else ""
    author = cell.comment.author if cell.comment is not None and own else AUTHOR
    text = f"{own}\n\n{note_text(items, lang)}" if own else note_text(items, lang)
    comment = Comment(text, author or AUTHOR)
    comment.width, comment.height = 320, 40 + 36 * len(items)
    cell.comment = comment


def _strip_comment(cell: Any) -> None:
    from openpyxl.comments import Comment

    own = strip_note(cell.comment.text)
    if cell.comment.author == AUTHOR and MARKER in cell.comment.text and not own:
        cell.comment = None
    elif own != cell.comment.text:
        cell.comment = Comment(own, cell.comment.author) if own else None


#: 问题清单 column widths: 代码 级别 说明 修改建议 部门 来源文件 工作表 单元格
PROBLEM_LIST_WIDTHS = (9, 7, 50, 36, 30, 24, 14, 9)


def _write_problem_list(workbook: Any, findings: list[Finding], lang: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    sheet = workbook.create_sheet(problem_list.SHEET, 0)
    bold, plain = Font(name=FONT_NAME, bold=True), Font(name=FONT_NAME)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append(list(problem_list.headers(lang)))
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"
    ordered = sorted(findings, key=lambda item: order(item, workbook.sheetnames))
    for row_number, item in enumerate(ordered, start=2):
        for col, value in enumerate(problem_list.row(item, lang), start=1):
            cell = sheet.cell(row_number, col)
            set_text(cell, value)
            cell.font = plain
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.cell(row_number, 2).fill = PatternFill(
            "solid", fgColor=SEVERITY_FILL[item.severity.value]
        )
        if item.at.sheet and item.at.sheet in workbook.sheetnames:
            _link(sheet.cell(row_number, len(problem_list.COLUMNS) - (not item.at.cell)), item)
    for letter, width in zip("ABCDEFGH", PROBLEM_LIST_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    fit_rows(sheet)
    _print_ready(sheet)
    for other in workbook.worksheets:
        other.sheet_view.tabSelected = False
    workbook.active = 0
    sheet.sheet_view.tabSelected = True


def _link(cell: Any, item: Finding) -> None:
    """The 单元格 (or, for a whole sheet, the 工作表) column links to the problem cell."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    assert item.at.sheet is not None
    target = location(item.at.sheet, item.at.cell or "A1")
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=target)
    cell.font = Font(name=FONT_NAME, color="0563C1", underline="single")


def _print_ready(sheet: Any) -> None:
    """A4 landscape, one page wide, the header row on every page, a filter on the header."""
    sheet.auto_filter.ref = sheet.dimensions
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
