"""What the reader took from a grid, and what it left: nothing is dropped silently.

`unplaced` lists every filled cell that is neither structure (a title, label, header, section)
nor a value some table holds; `joined_labels` lists labels and names read with their line
breaks or spaces removed.
"""

from __future__ import annotations

import re

from xlgoals.address import a1, parse_a1
from xlgoals.model import labels
from xlgoals.model.framework import is_level1, is_level2, squash
from xlgoals.model.submission import DepartmentTable, ProjectTable
from xlgoals.problems.findings import Finding, Where, finding
from xlgoals.reading.columns import column_role
from xlgoals.reading.grid import Grid

_DASHES = re.compile(r"^[-—–_\s]+$")
_BROKEN = re.compile(r"\n|[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")

Table = DepartmentTable | ProjectTable


def _cells(table: Table) -> list[Where]:
    """Every position a table holds a value from."""
    found: list[Where] = [table.at]
    if table.title:
        found.append(table.title.at)
    found += [s.at for s in table.fields.values()]
    holder = table.budget if isinstance(table, DepartmentTable) else table.funds
    found += [amount.at for _, amount in holder if amount is not None]
    return found


def _rows(table: Table) -> set[int]:
    """Indicator rows: every cell on them belongs to the row's indicator."""
    rows: set[int] = set()
    for indicator in table.indicators:
        for at in (indicator.at, indicator.target_at, indicator.level1_at, indicator.level2_at):
            if at is not None and at.cell:
                rows.add(parse_a1(at.cell)[0])
    return rows


def is_structure(value: object) -> bool:
    value_text = str(value).strip()
    return (
        bool(_DASHES.match(value_text))
        or labels.is_structural(value_text)
        or column_role(value_text) is not None
    )


def unplaced(grid: Grid, tables: list[Table]) -> list[Finding]:
    """XG133 for each filled cell of `grid` no table took and that is not structure."""
    mine = [t for t in tables if t.at.file == grid.file and t.at.sheet == grid.sheet]
    taken = {parse_a1(at.cell) for t in mine for at in _cells(t) if at.cell}
    rows = set().union(*(_rows(t) for t in mine)) if mine else set()
    headers = {t.header_row for t in mine if t.header_row is not None}
    found: list[Finding] = []
    for row in range(grid.height):
        if row in rows:
            continue
        for col, value in grid.filled(row):
            if (row, col) in taken or is_structure(value):
                continue
            if row - 1 in headers and labels.is_structural(str(value)):
                continue
            at = Where(file=grid.file, sheet=grid.sheet, cell=a1(row, col))
            found.append(finding("XG133", at, text=grid.text(row, col)))
    return found


def joined_labels(grid: Grid, tables: list[Table]) -> list[Finding]:
    """XG134 for labels, level labels and indicator names read without their line breaks."""
    candidates: set[tuple[int, int]] = set()
    for row in range(grid.height):
        for col, value in grid.filled(row):
            if not isinstance(value, str):
                continue
            is_label = labels.match_label(value) or labels.match_column(value)
            if is_label or is_level1(value) or is_level2(value):
                candidates.add((row, col))
    for table in tables:
        if table.at.file != grid.file or table.at.sheet != grid.sheet:
            continue
        for indicator in table.indicators:
            for at in (indicator.at, indicator.level1_at, indicator.level2_at):
                if at is not None and at.cell:
                    candidates.add(parse_a1(at.cell))
    found = []
    for row, col in sorted(candidates):
        value = grid.value(row, col)
        if isinstance(value, str) and _BROKEN.search(value.strip()):
            at = Where(file=grid.file, sheet=grid.sheet, cell=a1(row, col))
            found.append(finding("XG134", at, text=value, joined=squash(value)))
    return found
