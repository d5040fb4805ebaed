"""A1 addresses: 0-based (row, col) to `B12` and back."""

from __future__ import annotations

import functools


def column_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.lru_cache(maxsize=65_536)  # the reader names each cell several times
def a1(row: int, col: int) -> str:
    """0-based (row, col) → `A1`."""
    return f"{column_letter(col)}{row + 1}"


def parse_a1(ref: str) -> tuple[int, int]:
    """`B12` → (11, 1), 0-based."""
    ref = ref.replace("$", "").upper()
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters) :]) - 1, col - 1


def sheet_ref(sheet: str, cell: str) -> str:
    """A reference to a cell of another sheet: `'项目1'!B8` (quotes doubled inside the name)."""
    return "'" + sheet.replace("'", "''") + "'!" + cell
