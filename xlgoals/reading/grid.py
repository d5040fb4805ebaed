"""A sheet as a grid of plain values, each addressable as `Sheet!A1`.

Every source (calamine, openpyxl, xlwings, the text importer) produces grids, so everything
above this layer is shared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Grid:
    """One sheet's values. Rows may be ragged; missing cells read as None."""

    file: str
    sheet: str
    rows: list[list[Any]]
    #: merged ranges as (first_row, first_col, last_row, last_col), 0-based, inclusive
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: the sheet is hidden in its workbook (read all the same, and said so)
    hidden: bool = False
    #: 0-based rows hidden in the sheet (known for .xlsx/.xlsm files)
    hidden_rows: tuple[int, ...] = ()
    #: findings made while opening the sheet (too large, damaged, a cell cut short)
    notes: list[Any] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            value = self.rows[row][col]
            return None if value == "" else value
        return None

    def text(self, row: int, col: int) -> str:
        """The cell as stripped text ('' when empty)."""
        value = self.value(row, col)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def filled(self, row: int) -> Iterator[tuple[int, Any]]:
        """(col, value) of the non-empty cells of a row."""
        if 0 <= row < len(self.rows):
            for col, value in enumerate(self.rows[row]):
                if value is not None and value != "":
                    yield col, value
