"""Every sheet of a workbook, opened safely (`safety`), as a grid of values via python-calamine.

A sheet that cannot be used becomes a grid with a note (a Finding) saying why, so the rest of the
workbook is read.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from xlgoals.address import a1
from xlgoals.model.values import plain_value
from xlgoals.problems.findings import Where, finding
from xlgoals.reading.grid import Grid
from xlgoals.reading.safety import (
    DAMAGED,
    DAMAGED_EN,
    DEFAULT_LIMITS,
    EXCEL_SUFFIXES,
    SUFFIX_FAMILY,
    WORKBOOK_SUFFIX,
    Limits,
    Package,
    SourceError,
    not_a_workbook,
    open_package,
    reason,
    within,
)


def read_grids(
    path: str | Path, display: str | None = None, limits: Limits | None = None
) -> list[Grid]:
    """Every sheet of a workbook as a grid (values only, via python-calamine).

    Raises SourceError when the file cannot be used; a sheet that cannot be used is a grid
    without rows and with a note saying why. A note about the whole file (its name says
    another format than its content) rides on the first grid."""
    path = Path(path)
    name = display or str(path)
    limits = limits or DEFAULT_LIMITS
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise SourceError("XG007", suffix=path.suffix or path.name)
    package = open_package(path, limits)
    if package.kind not in WORKBOOK_SUFFIX:
        raise not_a_workbook(package.kind)
    grids = _read_package(package, name, limits)
    actual = WORKBOOK_SUFFIX[package.kind]
    if grids and SUFFIX_FAMILY[path.suffix.lower()] != package.kind:
        note = _note("XG023", name, actual=actual, suffix=path.suffix)
        grids[0].notes.insert(0, note)
    return grids


def _read_package(package: Package, name: str, limits: Limits) -> list[Grid]:
    from python_calamine import CalamineWorkbook, PasswordError

    _CellBudget(limits, package.scanned_sheets, package.scanned_cells)  # before calamine allocates
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(package.data))  # format by content
    except PasswordError as exc:  # an old .xls with a password
        raise SourceError("XG002") from exc
    except BaseException as exc:  # calamine's own errors, and a Rust panic on odd bytes
        _reraise_interrupt(exc)
        kind = WORKBOOK_SUFFIX[package.kind]
        raise SourceError(
            "XG001",
            reason=f"{DAMAGED}（{kind}：{reason(exc)}）",
            reason_en=f"{DAMAGED_EN} ({kind}: {reason(exc)})",
        ) from exc
    try:
        sheets = workbook.sheets_metadata
        budget = _CellBudget(limits, len(sheets))
        return [_grid(workbook, meta, package, name, budget) for meta in sheets]
    finally:
        workbook.close()


class _CellBudget:
    """What the workbook's sheets may hold together; the whole file is refused beyond it."""

    def __init__(self, limits: Limits, sheets: int, cells: int = 0) -> None:
        self.limits = limits
        self.sheets = sheets
        self.cells = cells
        if sheets > limits.sheets or cells > limits.workbook_cells:
            self.refuse()

    def take(self, size: tuple[int, int]) -> None:
        self.cells += size[0] * size[1]
        if self.cells > self.limits.workbook_cells:
            self.refuse()

    def refuse(self) -> None:
        limits = self.limits
        raise SourceError(
            "XG025",
            sheets=f"{self.sheets:,}",
            cells=f"{self.cells:,}" if self.cells else "—",
            max_sheets=f"{limits.sheets:,}",
            max_cells=f"{limits.workbook_cells:,}",
        )


def _grid(workbook: Any, meta: Any, package: Package, name: str, budget: _CellBudget) -> Grid:
    from python_calamine import SheetVisibleEnum

    limits = budget.limits
    sheet_name = meta.name
    grid = Grid(name, sheet_name, [], hidden=meta.visible != SheetVisibleEnum.Visible)
    grid.hidden_rows = package.by_sheet(package.hidden_rows).get(sheet_name, ())
    far = package.by_sheet(package.oversize).get(sheet_name)
    if far:
        grid.notes.append(_too_large(name, sheet_name, far, limits))
        return grid
    try:
        sheet = workbook.get_sheet_by_name(sheet_name)
        end = sheet.end
        size = (end[0] + 1, end[1] + 1) if end else (0, 0)
        if not within(*size, limits):  # formats whose parts are not scanned (xls, xlsb, ods)
            grid.notes.append(_too_large(name, sheet_name, size, limits))
            return grid
        budget.take(size)
        rows = sheet.to_python(skip_empty_area=False)
        grid.merged = [_merged(r) for r in (sheet.merged_cell_ranges or [])]
    except SourceError:  # the workbook's own cap: the whole file is refused
        raise
    except BaseException as exc:  # a part missing or damaged: the other sheets are still read
        _reraise_interrupt(exc)
        grid.notes.append(_note("XG022", name, sheet_name, sheet=sheet_name, detail=reason(exc)))
        return grid
    # most cells are text, which plain_value leaves alone: the call is spared for them
    grid.rows = [[v if v.__class__ is str else plain_value(v) for v in r] for r in rows]
    for (row, col), formula in package.by_sheet(package.constants).get(sheet_name, {}).items():
        if row < len(grid.rows) and col < len(grid.rows[row]):
            grid.rows[row][col] = formula  # `=100%` as typed, not the 1 Excel computed
    _cut_long_cells(grid, limits.cell_chars)
    return grid


def _reraise_interrupt(exc: BaseException) -> None:
    """Calamine reports a Rust panic as a BaseException; Ctrl+C and exit still stop the run."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc


def _too_large(name: str, sheet: str, size: tuple[int, int], limits: Limits) -> Any:
    rows, columns = size
    return _note(
        "XG020",
        name,
        sheet,
        sheet=sheet,
        rows=f"{rows:,}",
        columns=f"{columns:,}",
        max_rows=f"{limits.rows:,}",
        max_columns=f"{limits.columns:,}",
        max_cells=f"{limits.cells:,}",
    )


def _cut_long_cells(grid: Grid, limit: int) -> None:
    """A cell longer than the limit keeps its first `limit` characters, with a note."""
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if value.__class__ is str and len(value) > limit:
                row[c] = value[:limit]
                cell = a1(r, c)
                grid.notes.append(
                    _note("XG021", grid.file, grid.sheet, cell, length=len(value), limit=limit)
                )


def _note(
    code: str, file: str, sheet: str | None = None, cell: str | None = None, /, **params: Any
):
    """A finding made while opening (findings import pydantic: only on these rare paths)."""
    return finding(code, Where(file=file, sheet=sheet, cell=cell), **params)


def _merged(cell_range: Any) -> tuple[int, int, int, int]:
    (r1, c1), (r2, c2) = cell_range
    return r1, c1, r2, c2
