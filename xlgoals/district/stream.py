"""Stream a big table into a worksheet that XlsxWriter laid out.

XlsxWriter writes a cell in about 3.5 µs; the detail sheet of a province's merge has tens of
millions. So XlsxWriter lays out the workbook (formats, column widths, frozen header, filter,
print set-up, the header row) and this module fills the rows in afterwards: each row becomes
SpreadsheetML text in one pass (inline strings, so the shared-string table stays XlsxWriter's)
and goes straight into the package's deflate stream, at about a fifth of the cost, with memory
that does not grow with the rows.

Text is escaped for XML and for Excel's own `_xHHHH_` escapes; a string is always a string
cell (`t="inlineStr"`), so department text never becomes a formula. Callers clean text first
(`writing.clean_text`): control characters are not valid XML.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from xlgoals.address import column_letter
from xlgoals.problems.shown import printable

#: rows in one worksheet, header included
EXCEL_MAX_ROWS = 1_048_576
#: rows turned into text before each write to the deflate stream
_BATCH = 2_000
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
#: what text needs escaped, and what XML cannot carry at all (callers clean department text,
#: but file and sheet names come from elsewhere)
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class StreamedRows:
    """Rows to put into one worksheet part, below its header row."""

    #: the part XlsxWriter wrote, e.g. `xl/worksheets/sheet3.xml`
    part: str
    rows: Iterable[Sequence[Any]]
    #: how many rows `rows` yields (the sheet's dimension is written before them)
    count: int
    #: XlsxWriter's `xf_index` of each column's format for text, and for numbers
    styles: Sequence[tuple[int, int]]
    #: a row's height in points, or None for the default
    height: Callable[[Sequence[Any]], float | None] = lambda row: None
    #: the first row's Excel number (the header is row 1)
    first: int = 2


def fill_rows(
    package: Path | BinaryIO,
    output: Path,
    tables: list[StreamedRows],
    advance: Callable[[int], None] = lambda rows: None,
) -> None:
    """Copy the package to `output`, with each table's rows streamed into its worksheet;
    `advance(rows)` after each batch written (a progress bar)."""
    by_part = {t.part: t for t in tables}
    with (
        zipfile.ZipFile(package) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            table = by_part.get(info.filename)
            if table is None:
                with source.open(info) as src, target.open(_entry(info), "w") as dst:
                    shutil.copyfileobj(src, dst)
                continue
            head, tail = _split(source.read(info))
            with target.open(_entry(info), "w", force_zip64=True) as dst:
                _write_rows(dst, head, table, advance)
                dst.write(tail)


def _entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _split(xml: bytes) -> tuple[bytes, bytes]:
    """The worksheet XML before and after where the rows go (the end of sheetData)."""
    xml = xml.replace(b"<sheetData/>", b"<sheetData></sheetData>", 1)  # XlsxWriter's empty one
    end = xml.index(b"</sheetData>")
    return xml[:end], xml[end:]


def _write_rows(dst: Any, head: bytes, table: StreamedRows, advance: Callable[[int], None]) -> None:
    letters = [column_letter(c) for c in range(len(table.styles))]
    last = table.first - 1 + table.count
    ref = f'<dimension ref="A1:{letters[-1]}{max(last, 1)}"/>'.encode()
    dst.write(_DIMENSION.sub(ref, head, count=1))
    batch: list[str] = []
    r = table.first - 1
    for row in table.rows:
        r += 1
        batch.append(_row_xml(r, row, letters, table.styles, table.height(row)))
        if len(batch) >= _BATCH:
            dst.write("".join(batch).encode())
            advance(len(batch))
            batch.clear()
    dst.write("".join(batch).encode())
    advance(len(batch))
    if r != last:
        written = r - table.first + 1
        raise ValueError(f"{table.part}: {written} rows written, {table.count} announced")


def _row_xml(
    r: int,
    row: Sequence[Any],
    letters: list[str],
    styles: Sequence[tuple[int, int]],
    height: float | None,
) -> str:
    cells = []
    for letter, (style, number_style), value in zip(letters, styles, row, strict=True):
        if type(value) is str and value:  # most cells: text, tested first
            cells.append(_text_xml(letter, r, style, value))
        elif value is None or value == "":
            cells.append(f'<c r="{letter}{r}" s="{style}"/>')
        elif isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            number = _number(value)
            if number is None:
                cells.append(_text_xml(letter, r, style, str(value)))
            else:
                cells.append(f'<c r="{letter}{r}" s="{number_style}"><v>{number}</v></c>')
        else:
            cells.append(_text_xml(letter, r, style, str(value)))
    if height is None:
        return f'<row r="{r}">{"".join(cells)}</row>'
    return f'<row r="{r}" ht="{height:g}" customHeight="1">{"".join(cells)}</row>'


def _text_xml(letter: str, r: int, style: int, value: str) -> str:
    text = _escape(value)
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{letter}{r}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number(value: Decimal | int | float) -> str | None:
    """The number as SpreadsheetML's `<v>` text; None for NaN and infinities (written as text)."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else None
    return str(value) if value.is_finite() else None


def _escape(text: str) -> str:
    if _SPECIAL.search(text) is None:
        return text
    if _NOT_XML.search(text):
        text = printable(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Excel would read `_x0041_` as "A": escape the underscore, as Excel does
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
