"""`xlgoals subtotals`: totals written into a copy as formulas with cached values."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from support.libreoffice import recalculate

from xlgoals.write.subtotals import write_subtotals

DEPARTMENTS = Path(__file__).resolve().parent.parent / "examples" / "departments"
WGJ = DEPARTMENTS / "东湖区文广新旅局.xlsx"
RSJ = DEPARTMENTS / "东湖区人社局.xlsx"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "xlgoals.cli", "subtotals", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def cached(path: Path, sheet: str, cell: str) -> object:
    """The value stored in the file, read without any calculation engine."""
    row, col = openpyxl.utils.cell.coordinate_to_tuple(cell)
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return workbook.get_sheet_by_name(sheet).to_python()[row - 1][col - 1]
    finally:
        workbook.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_copy_holds_formulas_with_their_values_and_the_input_is_untouched(tmp_path) -> None:
    before = digest(WGJ)
    out = tmp_path / "out.xlsx"
    result = cli(str(WGJ), "-o", str(out))
    assert result.returncode == 0, result.stderr  # a rounding difference is a warning
    assert "XG202 部门整体!B6" in result.stdout and "920.74" in result.stdout
    assert digest(WGJ) == before
    sheet = openpyxl.load_workbook(out)["部门整体"]
    assert (sheet["B4"].value, sheet["B6"].value) == ("=B5+E5", "=B7+E7")
    assert cached(out, "部门整体", "B6") == pytest.approx(920.74)
    assert cached(out, "部门整体", "B4") == pytest.approx(920.73)
    # a project that publishes only its annual total keeps it as published
    assert openpyxl.load_workbook(out)["项目1"]["B8"].value == 86.23
    # everything else is byte-for-byte the input's
    assert openpyxl.load_workbook(out)["部门整体"]["C11"].value == "成本控制率"


def test_project_total_and_funds_over_project_spending(tmp_path) -> None:
    out = tmp_path / "out.xlsx"
    result = write_subtotals(RSJ, out)
    assert result.exit_code == 0
    assert [f.code for f in result.findings if f.code in ("XG201", "XG202", "XG203")] == ["XG203"]
    written = {f"{f.at.sheet}!{f.at.cell}" for f in result.findings if f.code == "XG205"}
    assert written == {"项目1!B8", "部门整体!B4", "部门整体!B6"}
    assert openpyxl.load_workbook(out)["项目1"]["B8"].value == "=B9+E9+B10"
    assert cached(out, "项目1", "B8") == 400
    assert cached(out, "部门整体", "B4") == pytest.approx(1728.3777)


def test_refuses_to_overwrite_the_input(tmp_path) -> None:
    copy = tmp_path / "in.xlsx"
    copy.write_bytes(WGJ.read_bytes())
    before = digest(copy)
    result = cli(str(copy), "-o", str(copy))
    assert result.returncode == 2 and result.stdout == ""
    assert digest(copy) == before
    assert cli(str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "o.xlsx")).returncode == 2
    assert cli(str(copy), "-o", str(tmp_path / "o.csv")).returncode == 2


def _mismatched(tmp_path: Path) -> Path:
    """The 文广新旅局 workbook with a wrong 收入预算合计 and a 支出预算合计 typed as text."""
    workbook = openpyxl.load_workbook(WGJ)
    sheet = workbook["部门整体"]
    sheet["B4"] = 999
    sheet["B6"] = "920.73"
    path = tmp_path / "mismatch.xlsx"
    workbook.save(path)
    return path


def test_a_real_difference_is_an_error_with_both_cells(tmp_path) -> None:
    source = _mismatched(tmp_path)
    out = tmp_path / "out.xlsx"
    result = write_subtotals(source, out)
    assert result.exit_code == 1
    errors = [f for f in result.findings if f.code == "XG201"]
    # 收入预算合计 against its parts, and against 支出预算合计
    assert [(f.at.cell, [r.cell for r in f.related]) for f in errors] == [
        ("B4", ["B5", "E5"]),
        ("B4", ["B6"]),
    ]
    error = errors[0]
    assert error.params["total"] == "999.00" and "920.73" in error.params["parts"]
    # the text cell became a number formula: calamine reads a number, not the old text
    assert cached(out, "部门整体", "B6") == pytest.approx(920.74)
    assert cached(out, "部门整体", "B4") == pytest.approx(920.73)
    assert cli(str(source), "-o", str(tmp_path / "again.xlsx")).returncode == 1


def test_a_workbook_without_tables_is_unusable(tmp_path) -> None:
    source = tmp_path / "blank.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "hello"
    workbook.save(source)
    result = cli(str(source), "-o", str(tmp_path / "out.xlsx"))
    assert result.returncode == 2
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.libreoffice
def test_libreoffice_recalculates_to_the_cached_values(tmp_path) -> None:
    source = _mismatched(tmp_path)
    out = tmp_path / "out.xlsx"
    result = write_subtotals(source, out)
    assert len(result.written) == 2
    recalculated = recalculate(out, tmp_path / "lo")
    for sheet, cell in [("部门整体", "B4"), ("部门整体", "B6")]:
        mine = Decimal(str(cached(out, sheet, cell)))
        theirs = Decimal(str(cached(recalculated, sheet, cell)))
        assert mine == theirs, (sheet, cell)
