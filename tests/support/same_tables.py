"""One comparison for every test that says "these workbooks hold the example's tables"."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from xlgoals.importing.writer import LOG_HEADERS, LOG_SHEET
from xlgoals.reading.tables import read_workbook


def indicator_key(indicator) -> tuple:
    return indicator.level1, indicator.level2, indicator.name, indicator.target.key


def money(table) -> dict:
    holder = table.budget if table.kind == "department" else table.funds
    return {k: a and a.value for k, a in holder}


def assert_same_tables(path: Path, expected_path: Path) -> None:
    """Same tables, indicators (一级, 二级, 三级, target), amounts and labelled fields."""
    got, expected = read_workbook(path), read_workbook(expected_path)
    assert not got.findings
    assert [t.kind for t in got.tables] == [t.kind for t in expected.tables]
    for mine, theirs in zip(got.tables, expected.tables, strict=True):
        assert [indicator_key(i) for i in mine.indicators] == [
            indicator_key(i) for i in theirs.indicators
        ]
        assert money(mine) == money(theirs)
        assert {k: s.value for k, s in mine.fields.items()} == {
            k: s.value for k, s in theirs.fields.items()
        }


def import_log(path: Path) -> list[dict]:
    """The 导入记录 sheet of an imported workbook, one dict per row."""
    sheet = openpyxl.load_workbook(path)[LOG_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == LOG_HEADERS
    return [dict(zip(LOG_HEADERS, row, strict=True)) for row in rows[1:]]
