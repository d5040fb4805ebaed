"""Last year, for `--previous`: an earlier consolidation (its 指标明细 sheets) or the
departments' workbooks themselves (targets, and results when they are 自评表)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlgoals.checks.history import PastIndicator, past_of
from xlgoals.contract import INDICATORS_SHEET
from xlgoals.model.targets import Target, parse_comparator, parse_target
from xlgoals.model.values import to_decimal
from xlgoals.problems.findings import Where
from xlgoals.reading.grid import Grid
from xlgoals.reading.safety import EXCEL_SUFFIXES, SourceError, is_lock_file
from xlgoals.reading.tables import read_workbook
from xlgoals.reading.workbook import read_grids

#: 指标明细 columns a past indicator is built from (older consolidations lack 全年实际完成值)
_WANTED = ("部门", "三级指标", "计算符号", "指标值", "单位", "来源文件", "工作表", "单元格")
_ACTUAL = "全年实际完成值"


def load_previous(paths: Iterable[str | Path]) -> list[PastIndicator]:
    """Every indicator of last year found under `paths` (files or folders). A file that cannot
    be read adds nothing: last year is a reference, not something to check."""
    past: list[PastIndicator] = []
    for path in _files(paths):
        try:
            grids = read_grids(path)
        except SourceError:
            continue
        details = [g for g in grids if g.sheet.startswith(INDICATORS_SHEET)]
        if details:
            past.extend(item for grid in details for item in _from_details(grid, path))
        else:
            past.extend(past_of(read_workbook(path)))
    return past


def _files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, _dirs, names in sorted(os.walk(path)):
                for name in sorted(names):
                    if Path(name).suffix.lower() in EXCEL_SUFFIXES and not is_lock_file(Path(name)):
                        yield Path(root, name)
        elif path.is_file():
            yield path


def _from_details(grid: Grid, path: Path) -> Iterator[PastIndicator]:
    """The rows of one 指标明细 sheet; cells are those of the departments' workbooks."""
    header = {grid.text(0, col): col for col in range(grid.width)}
    if not all(name in header for name in _WANTED):
        return
    for row in range(1, grid.height):

        def cell(name: str, row: int = row) -> Any:
            return grid.value(row, header[name]) if name in header else None

        name = grid.text(row, header["三级指标"])
        if not name:
            continue
        source = Where(
            file=str(cell("来源文件") or path),
            sheet=grid.text(row, header["工作表"]) or None,
            cell=grid.text(row, header["单元格"]) or None,
        )
        actual = cell(_ACTUAL)
        yield PastIndicator(
            department=grid.text(row, header["部门"]),
            name=name,
            target=_target(cell("计算符号"), cell("指标值"), grid.text(row, header["单位"])),
            target_at=source,
            actual=parse_target(str(actual)) if actual not in (None, "") else None,
            actual_at=source if actual not in (None, "") else None,
        )


def _target(symbol: Any, value: Any, unit: str) -> Target:
    number = to_decimal(value)
    if number is None and isinstance(value, str):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return parse_target(value)
    comparator = parse_comparator(str(symbol)) if symbol else None
    return Target(comparator=comparator, number=number, unit=unit)
