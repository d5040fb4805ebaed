"""Nothing lost, nothing changed by order: random departments in, every row out, the same cells
whatever the input order or `jobs`."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from support.merge_invariants import check_merge, data_rows, hashes, sheet_rows
from support.synthetic_departments import AWKWARD, write_departments

from xlgoals.district.merge import merge
from xlgoals.district.workbook import CREATED_CELL, TITLES, write_consolidation

CREATED = datetime(2024, 3, 1, 9, 30)


def cells(path: Path) -> dict[tuple[str, str], object]:
    """Every non-empty cell as openpyxl reads it (formulas as their text)."""
    workbook = openpyxl.load_workbook(path)
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, list]]:
    made = {}
    for count in (1, 4, 9):
        folder = tmp_path_factory.mktemp(f"departments{count}")
        made[count] = (folder, write_departments(folder, count, seed=count))
    return made


@pytest.mark.parametrize("count", [1, 4, 9])
@pytest.mark.parametrize("jobs", [1, 2])
def test_rows_in_equal_rows_out(folders, tmp_path: Path, count: int, jobs: int) -> None:
    folder, made = folders[count]
    before = hashes([folder])
    c = merge(folder, jobs=jobs, created=CREATED)
    out = write_consolidation(c, tmp_path / "汇总.xlsx")
    check_merge(c, out, before, rows_in=sum(m.indicators for m in made))
    indicators = sheet_rows(out, "指标明细")
    assert len(indicators) - 1 == sum(m.indicators for m in made)
    projects = data_rows(sheet_rows(out, "项目汇总"))
    assert len(projects) == sum(m.projects for m in made)
    budget = sheet_rows(out, "预算汇总")
    head = budget[0]
    departments = data_rows(budget)
    assert sorted(r[0] for r in departments) == sorted(m.department for m in made)
    total = next(r for r in budget if r[0] == "合计")
    expected = sum((m.income_total for m in made), Decimal(0))
    assert Decimal(repr(total[head.index("收入预算合计")])).quantize(Decimal("0.0001")) == expected


def test_awkward_text_stays_text(folders, tmp_path: Path) -> None:
    folder, _ = folders[9]
    out = write_consolidation(merge(folder, created=CREATED), tmp_path / "汇总.xlsx")
    workbook = openpyxl.load_workbook(out)
    seen = set()
    for name in ("预算汇总", "项目汇总", "指标明细", "问题清单"):
        sheet = workbook[name]
        head = [c.value for c in sheet[2 if name in TITLES else 1]]
        total_row = next((c.row for c in sheet["A"] if c.value == "合计"), sheet.max_row + 1)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # only our totals and the 项目资金差额 are formulas
                    ours = cell.row >= total_row or head[cell.column - 1] == "项目资金差额"
                    assert ours, (name, cell.coordinate, cell.value)
                elif cell.value in AWKWARD:
                    assert cell.data_type == "s", (name, cell.coordinate)
                    seen.add(cell.value)
    assert set(AWKWARD) <= seen
    departments = [r[0] for r in sheet_rows(out, "预算汇总")[1:]]
    assert "=SUM(A1)" in departments  # calamine sees the text, not a computed value


def test_same_cells_whatever_the_order_and_jobs(folders, tmp_path: Path) -> None:
    folder, _ = folders[9]
    files = sorted(folder.glob("*.xlsx"))
    shuffled = files[:]
    random.Random(7).shuffle(shuffled)
    first = write_consolidation(merge(files, created=CREATED), tmp_path / "a.xlsx")
    second = write_consolidation(merge(shuffled, jobs=2, created=CREATED), tmp_path / "b.xlsx")
    third = write_consolidation(merge(list(reversed(files)), jobs=3), tmp_path / "c.xlsx")
    reference = cells(first)
    assert cells(second) == reference
    later = cells(third)
    assert later.pop(CREATED_CELL) != reference.pop(CREATED_CELL)  # the one cell that changes
    assert later == reference


def test_same_bytes_for_the_same_inputs(folders, tmp_path: Path) -> None:
    folder, _ = folders[4]
    a = write_consolidation(merge(folder, created=CREATED), tmp_path / "a.xlsx")
    b = write_consolidation(merge(folder, jobs=2, created=CREATED), tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
