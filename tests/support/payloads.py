"""Payloads as an xlwings Server client sends them, built from a workbook file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlwings as xw

from xlgoals.read.workbook import read_grids


def book_payload(path: str | Path, client: str = "VBA") -> dict[str, Any]:
    """The payload an xlwings Server client would send for the workbook file at `path`:
    values of every sheet from A1, and the named ranges (what `xw.Book(json=…)` receives)."""
    path = Path(path)
    sheets = []
    for grid in read_grids(path, path.name):
        width = max(grid.width, 1)
        values = [[_json_value(v) for v in row] + [""] * (width - len(row)) for row in grid.rows]
        sheet: dict[str, Any] = {
            "name": grid.sheet,
            "values": values or [[""]],
            "pictures": [],
            "tables": [],
        }
        if client == "Office.js":
            sheet.update(notes=[], notes_supported=True)
        sheets.append(sheet)
    return {
        "client": client,
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": _named_ranges(path, [s["name"] for s in sheets]),
        "sheets": sheets,
    }


def _json_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def _named_ranges(path: Path, sheet_names: list[str]) -> list[dict[str, Any]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=False)
    names = []
    for name, definition in workbook.defined_names.items():
        destinations = list(_destinations(definition))
        if len(destinations) != 1 or destinations[0][0] not in sheet_names:
            continue
        sheet_name, address = destinations[0]
        names.append(
            {
                "name": name,
                "sheet_index": sheet_names.index(sheet_name),
                "address": address.replace("$", ""),
                "book_scope": True,
                "scope_sheet_name": None,
                "scope_sheet_index": None,
            }
        )
    return names


def _destinations(definition: Any) -> Iterable[tuple[str, str]]:
    try:
        return list(definition.destinations)
    except Exception:  # a constant or a formula, not a range
        return []
