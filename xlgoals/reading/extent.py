"""The used area of each sheet of an .xls or .ods, measured from its bytes before calamine opens it.

Calamine reads every sheet of these formats when the workbook is opened, each into a dense
range of rows × columns (about 32 bytes a cell): a small file whose sheets each hold one cell
far out would take gigabytes before any sheet could be looked at. So their cells are counted
here first, from the records (.xls) or the XML (.ods), without building anything.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

#: BIFF8 records that hold a cell: row and column are their first two 16-bit fields
_CELL_RECORDS = frozenset({0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0406})
#: MULRK and MULBLANK: a row, a first column, …, and the last column in their last 2 bytes
_MULTI_RECORDS = frozenset({0x00BD, 0x00BE})
_BOF, _EOF, _FILEPASS, _GLOBALS = 0x0809, 0x000A, 0x002F, 0x0005


def xls_areas(stream: bytes) -> list[tuple[int, int]]:
    """(rows, columns) of the cells of each sheet of a BIFF8 workbook stream."""
    areas: list[tuple[int, int]] = []
    outer: list[tuple[int, int, bool]] = []  # a chart's substream inside a sheet's
    rows = columns = 0
    sheet = False
    for kind, body in _records(stream):
        if kind == _BOF:
            outer.append((rows, columns, sheet))
            rows = columns = 0
            sheet = len(body) >= 4 and struct.unpack_from("<H", body, 2)[0] != _GLOBALS
        elif kind == _EOF:
            if sheet:
                areas.append((rows, columns))
            rows, columns, sheet = outer.pop() if outer else (0, 0, False)
        elif kind == _FILEPASS:  # encrypted: the cells cannot be counted (nor read)
            return []
        elif kind in _CELL_RECORDS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            rows, columns = max(rows, row + 1), max(columns, col + 1)
        elif kind in _MULTI_RECORDS and len(body) >= 6:
            row, _first = struct.unpack_from("<HH", body)
            (last,) = struct.unpack_from("<H", body, len(body) - 2)
            rows, columns = max(rows, row + 1), max(columns, last + 1)
    return areas


def _records(stream: bytes) -> Iterator[tuple[int, bytes]]:
    offset = 0
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield kind, stream[offset + 4 : offset + 4 + length]
        offset += 4 + length


_ODS_TAG = re.compile(
    rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>|</table:(table-row|table)>"
)
_ROWS_REPEATED = re.compile(rb'number-rows-repeated\s*=\s*"(\d+)"')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated\s*=\s*"(\d+)"')


def ods_areas(content: bytes) -> list[tuple[int, int]]:
    """(rows, columns) of the cells that hold something, per table of an .ods content.xml;
    repeated empty rows and cells (LibreOffice ends every sheet with a million) count only
    when something follows them."""
    areas: list[tuple[int, int]] = []
    rows = columns = row = col = 0
    repeat = 1
    filled = False
    for match in _ODS_TAG.finditer(content):
        tag, attributes, empty, closing = match.groups()
        if closing == b"table":
            areas.append((rows, columns))
        elif tag == b"table":
            rows = columns = row = 0
        elif tag == b"table-row":
            repeat, col, filled = _count(_ROWS_REPEATED, attributes), 0, False
            if empty:  # a row with no cells
                row += repeat
        elif closing == b"table-row":
            row += repeat
            if filled:
                rows = max(rows, row)
        elif tag is not None:  # a cell
            span = _count(_COLUMNS_REPEATED, attributes)
            col += span
            if not empty or b"value-type" in attributes:
                filled = True
                columns = max(columns, col)
    return areas


def _count(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1


#: BIFF12 (.xlsb) records: a row's header, then its cells (BrtCellBlank … BrtFmlaError), each
#: starting with its column
_ROW_HEADER, _FIRST_CELL, _LAST_CELL = 0x0000, 0x0001, 0x000B


def xlsb_area(part: bytes) -> tuple[int, int]:
    """(rows, columns) of the cells of one .xlsb worksheet part ([MS-XLSB] 2.1.4 records)."""
    rows = columns = row = 0
    offset, end = 0, len(part)
    while offset < end:
        kind, offset = _varint(part, offset, 2)
        size, offset = _varint(part, offset, 4)
        if offset + size > end:
            break
        if size >= 4 and (kind == _ROW_HEADER or _FIRST_CELL <= kind <= _LAST_CELL):
            (number,) = struct.unpack_from("<I", part, offset)
            if kind == _ROW_HEADER:
                row = number
            else:
                rows, columns = max(rows, row + 1), max(columns, number + 1)
        offset += size
    return rows, columns


def _varint(data: bytes, offset: int, most: int) -> tuple[int, int]:
    """A record's type (at most 2 bytes) or size (4), 7 bits a byte, low bits first."""
    value = 0
    for shift in range(0, 7 * most, 7):
        if offset >= len(data):
            break
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
    return value, offset
