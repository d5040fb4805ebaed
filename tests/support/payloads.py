"""Payloads as xlwings Server's clients send them, built from a workbook file.

Each follows its client's own code (xlwings 0.37.8 and xlwings-server 1.20):

* VBA, `xlwings/addin/Remote.bas` (RunRemotePython): every worksheet's values from A1 to the
  end of its UsedRange, which in Excel counts formatted cells too (openpyxl's max_row and
  max_column count them the same way); empty cells are VBA Empty, sent as null; an empty sheet
  is `[[]]`. Names: every name whose RefersToRange resolves, book- and sheet-scoped (the print
  areas and print titles Excel keeps as `部门整体!Print_Area`, `部门整体!Print_Titles`), with
  `Address(False, False)`: "A1:F110", "10:10".
* Office.js, xlwings-server `static/js/custom-scripts/index.js` getBookData: values from A1 to
  the end of the values-only used range (formatting does not count), empty cells "" and an
  empty sheet `[[""]]`; per sheet its visibility, print area, the addresses of its notes (only
  with ExcelApi 1.18, `notes_supported`), used-range metadata; names from named-items.js, with
  their formula, type and scope (a sheet-scoped name without the sheet prefix).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.utils import get_column_letter

from xlgoals.reading.workbook import read_grids


def book_payload(path: str | Path, client: str = "VBA", notes: bool = True) -> dict[str, Any]:
    """What `client` ("VBA" or "Office.js") posts for the workbook file at `path`.
    `notes`: whether the Office.js host has ExcelApi 1.18 (notes)."""
    path = Path(path)
    workbook = openpyxl.load_workbook(path)
    grids = {grid.sheet: grid.rows for grid in read_grids(path, path.name)}
    sheets = workbook.worksheets
    if client == "VBA":
        built = [_vba_sheet(sheet, grids.get(sheet.title, [])) for sheet in sheets]
        names = _vba_names(workbook)
        book = {"name": path.name, "active_sheet_index": workbook.index(workbook.active)}
    else:
        built = [_office_sheet(sheet, grids.get(sheet.title, []), notes) for sheet in sheets]
        names = _office_names(workbook)
        book = {
            "name": path.name,
            "active_sheet_index": workbook.index(workbook.active),
            "calculation": "Automatic",
        }
    book["selection"] = "A1"
    return {
        "client": client,
        "version": xw.__version__,
        "book": book,
        "names": names,
        "sheets": built,
    }


# ---------------------------------------------------------------- VBA (Remote.bas)


def _vba_sheet(sheet: Any, rows: list[list[Any]]) -> dict[str, Any]:
    height, width = sheet.max_row, sheet.max_column  # UsedRange: formatted cells count
    if not rows and height == 1 and width == 1 and sheet["A1"].value is None:
        values: list[list[Any]] = [[]]
    else:
        values = _window(rows, height, width, empty=None)
    return {"name": sheet.title, "pictures": [], "tables": [], "values": values}


def _vba_names(workbook: Any) -> list[dict[str, Any]]:
    found = []
    titles = workbook.sheetnames
    for name, target, scope in _defined_ranges(workbook):
        sheet_name, address = target
        if sheet_name not in titles:
            continue
        scoped = scope is not None
        found.append(
            {
                "name": f"{_quoted(scope)}!{name}" if scoped else name,
                "sheet_index": titles.index(sheet_name),
                "address": address.replace("$", ""),
                "book_scope": not scoped,
                "scope_sheet_name": scope,
                "scope_sheet_index": titles.index(scope) if scoped else None,
            }
        )
    return found


# ---------------------------------------------------------------- Office.js (xlwings-server)


def _office_sheet(sheet: Any, rows: list[list[Any]], notes: bool) -> dict[str, Any]:
    height = max(
        (i + 1 for i, row in enumerate(rows) if any(v is not None for v in row)), default=0
    )
    width = max(
        (j + 1 for row in rows for j, v in enumerate(row) if v is not None and v != ""), default=0
    )
    values = _window(rows, max(height, 1), max(width, 1), empty="")
    used = f"A1:{get_column_letter(width)}{height}" if height and width else None
    return {
        "name": sheet.title,
        "visibility": "Visible" if sheet.sheet_state == "visible" else "Hidden",
        "show_gridlines": bool(sheet.sheet_view.showGridLines in (None, True)),
        "print_area": _print_area(sheet),
        "notes": [{"address": c.coordinate} for r in sheet.iter_rows() for c in r if c.comment]
        if notes
        else [],
        "notes_supported": notes,
        "used_range_address": used,
        "used_range_row_count": height or None,
        "used_range_column_count": width or None,
        "values": values,
        "pictures": [],
        "shapes": [],
        "charts": [],
        "tables": [],
        "pivot_tables": [],
    }


def _office_names(workbook: Any) -> list[dict[str, Any]]:
    found = []
    titles = workbook.sheetnames
    for name, (sheet_name, address), scope in _defined_ranges(workbook):
        if sheet_name not in titles:
            continue
        found.append(
            {
                "name": name,
                "refers_to": f"={_quoted(sheet_name)}!{address}",
                "type": "Range",
                "sheet_index": titles.index(sheet_name),
                "address": address.replace("$", ""),
                "scope_sheet_name": scope,
                "scope_sheet_index": titles.index(scope) if scope is not None else None,
                "book_scope": scope is None,
            }
        )
    return found


def _print_area(sheet: Any) -> str | None:
    area = sheet.print_area
    if not area:
        return None
    return ",".join(part.split("!")[-1].replace("$", "") for part in area.split(","))


# ---------------------------------------------------------------- shared


def _defined_ranges(workbook: Any) -> list[tuple[str, tuple[str, str], str | None]]:
    """(name, (sheet, address), scope sheet or None) for each name that is one range; the
    print areas and titles Excel names Print_Area and Print_Titles on their sheet."""
    found = []
    for name, definition in workbook.defined_names.items():
        target = _single_range(definition)
        if target:
            found.append((name, target, None))
    for sheet in workbook.worksheets:
        for name, definition in sheet.defined_names.items():
            target = _single_range(definition)
            if target:
                found.append((name, target, sheet.title))
        if sheet.print_area:
            area = sheet.print_area.split(",")[0].split("!")[-1]
            found.append(("Print_Area", (sheet.title, area), sheet.title))
        if sheet.print_title_rows:
            found.append(("Print_Titles", (sheet.title, sheet.print_title_rows), sheet.title))
    return found


def _single_range(definition: Any) -> tuple[str, str] | None:
    try:
        destinations = list(definition.destinations)
    except Exception:  # a constant or a formula, not a range
        return None
    return destinations[0] if len(destinations) == 1 else None


def _quoted(sheet_name: str) -> str:
    """A sheet name as Excel writes it before "!": quoted unless letters, digits and _."""
    if re.fullmatch(r"\w+", sheet_name):
        return sheet_name
    return "'" + sheet_name.replace("'", "''") + "'"


def _window(rows: list[list[Any]], height: int, width: int, empty: Any) -> list[list[Any]]:
    """Rows 1..height, columns 1..width of the sheet, empty cells as the client sends them."""
    window = []
    for r in range(height):
        row = rows[r] if r < len(rows) else []
        cells = [row[c] if c < len(row) else None for c in range(width)]
        window.append([empty if v is None or v == "" else _json_value(v) for v in cells])
    return window


def _json_value(value: Any) -> Any:
    """Dates as both clients send them (ISO text); everything else as JSON has it."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value
