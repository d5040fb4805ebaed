"""Stream big tables into worksheets that XlsxWriter laid out.

XlsxWriter writes a cell in about 3.5 µs; the detail sheet of a province's merge has tens of
millions. So XlsxWriter lays out the workbook (formats, column widths, frozen header, filter,
print set-up, the header row, any rows after the table such as a 合计) and this module fills
the table's rows in afterwards: each row becomes SpreadsheetML text with one `str.join` and
goes straight into the package's deflate stream, with memory that does not grow with the rows.

A cell's markup after its row number depends only on its column and its value, so the markup
of a text (escaped, styled, its wrapped line count measured) is made once per column and
distinct text and reused: a district's department, kind, 一级, unit and file names repeat on
every row.

Text is escaped for XML and for Excel's own `_xHHHH_` escapes; a string is always a string
cell (`t="inlineStr"`), so department text never becomes a formula. Callers clean text first
(`writing.clean_text`): control characters are not valid XML (any left are shown as □).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from xlgoals.address import a1, column_letter, parse_a1
from xlgoals.problems.shown import printable
from xlgoals.write.common import text_height, wrapped_lines

#: rows in one worksheet, header included
EXCEL_MAX_ROWS = 1_048_576
#: rows turned into text before each write to the deflate stream
_BATCH = 2_000
#: the deflate level of the output: level 1 is about 2.5 times as fast as zlib's default 6,
#: for a file about a third larger
COMPRESS_LEVEL = 1
#: distinct texts whose markup is kept per column (a column of unique texts, 原文, refills it)
_KEPT_TEXTS = 4_096
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]+\d+)"/>')
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
#: an underscore that Excel would read as the start of an escape, `_x0041_` for "A" (looked
#: ahead: in `_x005F_x0041_` both underscores start one)
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
#: what XML cannot carry at all (callers clean department text, but file and sheet names come
#: from elsewhere)
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
    #: the columns whose text wraps, and their widths: a row is made tall enough for them
    #: (XlsxWriter cannot fit rows, nor does Excel or LibreOffice on opening)
    wrapped: Mapping[int, float] = field(default_factory=dict)
    #: the font size the row heights are measured for
    font_size: float = 11
    #: per column, a style for particular texts (问题清单's 级别 has its severity's fill)
    text_styles: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    #: the first row's Excel number (the header is row 1)
    first: int = 2
    #: text shown as a person reads it (`shown.printable`: control characters and direction
    #: overrides as □), for tables of names whose text was not cleaned where it was read
    shown: bool = False


def fill_rows(
    package: Path | BinaryIO,
    output: Path,
    tables: list[StreamedRows],
    advance: Callable[[int], None] = lambda rows: None,
) -> None:
    """Copy the package to `output`, with each table's rows streamed into its worksheet;
    `advance(rows)` after each batch written (a progress bar)."""
    by_part = {t.part: t for t in tables}
    deflated = zipfile.ZIP_DEFLATED
    with (
        zipfile.ZipFile(package) as source,
        zipfile.ZipFile(output, "w", deflated, compresslevel=COMPRESS_LEVEL) as target,
    ):
        for info in source.infolist():
            # by name: the target's level, and the date XlsxWriter gives every part (1980)
            table = by_part.get(info.filename)
            if table is None:
                with source.open(info) as src, target.open(info.filename, "w") as dst:
                    shutil.copyfileobj(src, dst)
                continue
            head, tail = _split(source.read(info), table.first)
            with target.open(info.filename, "w", force_zip64=True) as dst:
                _write_rows(dst, head, table, advance)
                dst.write(tail)


def _split(xml: bytes, first: int) -> tuple[bytes, bytes]:
    """The worksheet XML before and after where the rows go: before the first row XlsxWriter
    wrote at or below `first` (a 合计 after the table), else at the end of sheetData."""
    xml = xml.replace(b"<sheetData/>", b"<sheetData></sheetData>", 1)  # XlsxWriter's empty one
    end = xml.index(b"</sheetData>")
    for row in _ROW_NUMBER.finditer(xml, 0, end):
        if int(row.group(1)) >= first:
            end = row.start()
            break
    return xml[:end], xml[end:]


def _write_rows(dst: Any, head: bytes, table: StreamedRows, advance: Callable[[int], None]) -> None:
    rows = _RowMarkup(table)
    last = table.first - 1 + table.count
    dimension = _DIMENSION.search(head)
    if dimension:  # the table's and XlsxWriter's cells together
        row, col = parse_a1(dimension.group(1).decode())
        ref = f'<dimension ref="A1:{a1(max(last - 1, row), max(rows.width - 1, col))}"/>'
        head = head[: dimension.start()] + ref.encode() + head[dimension.end() :]
    dst.write(head)
    batch: list[bytes] = []
    r = table.first - 1
    for row in table.rows:
        r += 1
        batch.append(rows.xml(r, row))
        if len(batch) >= _BATCH:
            dst.write(b"".join(batch))
            advance(len(batch))
            batch.clear()
    dst.write(b"".join(batch))
    advance(len(batch))
    if r != last:
        written = r - table.first + 1
        raise ValueError(f"{table.part}: {written} rows written, {table.count} announced")


class _RowMarkup:
    """One table's rows as SpreadsheetML `<row>` elements, in UTF-8.

    A row is `b"%d" % r` joining its parts: the row number goes between them, and each
    cell's part holds its markup after its own reference and the start of the next cell's
    (`" s="3" t="inlineStr"><is><t>text</t></is></c><c r="B`), encoded once."""

    def __init__(self, table: StreamedRows) -> None:
        self.width = len(table.styles)
        self.styles = table.styles
        self.wrapped = table.wrapped
        self.font_size = table.font_size
        self.shown = table.shown
        self.text_styles = [table.text_styles.get(c, {}) for c in range(self.width)]
        letters = [column_letter(c) for c in range(self.width)]
        self.after = [f'<c r="{letter}' for letter in letters[1:]] + ["</row>"]
        styled = zip(self.styles, self.after, strict=True)
        self.blanks = [f'" s="{text}"/>{after}'.encode() for (text, _), after in styled]
        self.texts: list[dict[str, tuple[bytes, int]]] = [{} for _ in range(self.width)]
        self.heads: dict[int, bytes] = {}

    def xml(self, r: int, row: Sequence[Any]) -> bytes:
        if len(row) != self.width:
            raise ValueError(f"row {r}: {len(row)} values for {self.width} columns")
        parts = [b'<row r="', b""]
        lines = 1
        texts, blanks = self.texts, self.blanks
        for c, value in enumerate(row):
            if type(value) is str and value:  # most cells: text, tested first
                known = texts[c].get(value) or self._text(c, value)
                parts.append(known[0])
                if known[1] > lines:
                    lines = known[1]
            elif value is None or value == "":
                parts.append(blanks[c])
            else:
                parts.append(self._value(c, value))
        parts[1] = self.heads.get(lines) or self._head(lines)
        return (b"%d" % r).join(parts)

    def _head(self, lines: int) -> bytes:
        """The row's attributes after its number, and the start of its first cell."""
        height = ""
        if lines > 1:
            height = f' ht="{text_height(lines, self.font_size):g}" customHeight="1"'
        self.heads[lines] = head = f'"{height}><c r="A'.encode()
        return head

    def _text(self, c: int, value: str) -> tuple[bytes, int]:
        style = self.text_styles[c].get(value, self.styles[c][0])
        text = printable(value) if self.shown else value
        width = self.wrapped.get(c)
        # a text shorter than half its column surely fits one line
        lines = wrapped_lines(text, width) if width and len(text) * 2 > width - 2 else 1
        known = (_text_part(style, text) + self.after[c]).encode(), lines
        kept = self.texts[c]
        if len(kept) >= _KEPT_TEXTS:
            kept.clear()
        kept[value] = known
        return known

    def _value(self, c: int, value: Any) -> bytes:
        """A number as a number (NaN and infinities as text, as Excel has no such number);
        anything else as its text."""
        text_style, number_style = self.styles[c]
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            number = _number(value)
            if number is not None:
                return f'" s="{number_style}"><v>{number}</v></c>{self.after[c]}'.encode()
        text = printable(str(value)) if self.shown else str(value)
        return (_text_part(text_style, text) + self.after[c]).encode()


def _text_part(style: int, value: str) -> str:
    text = _escape(value)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number(value: Decimal | int | float) -> str | None:
    """The number as SpreadsheetML's `<v>` text; None for NaN and infinities (written as text)."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else None
    return str(value) if value.is_finite() else None


def _escape(text: str) -> str:
    if not text.isprintable() and _NOT_XML.search(text):  # printable text is never in _NOT_XML
        text = printable(text)
    # `in` looks at C speed; one regex with `_x` in it walks each character
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "_x" in text:  # Excel would read `_x0041_` as "A": escape the underscore, as Excel does
        text = _EXCEL_ESCAPE.sub("_x005F_", text)
    return text
