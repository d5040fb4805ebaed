"""A sheet as a grid of plain values, each addressable as `Sheet!A1`.

Every source (calamine, openpyxl, xlwings, the text importer) produces grids, so everything
above this layer is shared.
"""

from __future__ import annotations

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
    #: each cell's text and each row's filled cells, worked out once (see `changed`)
    _texts: list[list[str]] | None = field(default=None, init=False, repr=False, compare=False)
    _filled: list[Any] | None = field(default=None, init=False, repr=False, compare=False)
    _filled_texts: list[Any] | None = field(default=None, init=False, repr=False, compare=False)
    _width: int | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        if self._width is None:
            self._width = max((len(r) for r in self.rows), default=0)
        return self._width

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            value = self.rows[row][col]
            return None if value == "" else value
        return None

    def text(self, row: int, col: int) -> str:
        """The cell as stripped text ('' when empty)."""
        texts = self._texts or self._all_texts()
        if 0 <= row < len(texts) and 0 <= col < len(texts[row]):
            return texts[row][col]
        return ""

    def filled(self, row: int) -> tuple[tuple[int, Any], ...]:
        """(col, value) of the non-empty cells of a row."""
        if not 0 <= row < len(self.rows):
            return ()
        if self._filled is None:
            self._filled = [None] * len(self.rows)
        found = self._filled[row]
        if found is None:
            found = self._filled[row] = tuple(
                (col, value) for col, value in enumerate(self.rows[row])
                if value is not None and value != ""
            )  # fmt: skip
        return found

    def filled_texts(self, row: int) -> tuple[tuple[int, str], ...]:
        """(col, text) of the non-empty cells of a row (a cell of spaces has the text '')."""
        if not 0 <= row < len(self.rows):
            return ()
        if self._filled_texts is None:
            self._filled_texts = [None] * len(self.rows)
        found = self._filled_texts[row]
        if found is None:
            texts = (self._texts or self._all_texts())[row]
            found = self._filled_texts[row] = tuple((c, texts[c]) for c, _ in self.filled(row))
        return found

    def changed(self) -> None:
        """Forget what was worked out from the cells: call after changing `rows`."""
        self._texts = self._filled = self._filled_texts = self._width = None

    def _all_texts(self) -> list[list[str]]:
        # the reader asks for each cell's text many times (placing rows, reading labels)
        self._texts = [[_text(v) for v in row] for row in self.rows]
        return self._texts


def _text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
