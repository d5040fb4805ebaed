"""What every merge test checks besides its own point (inputs unchanged, every indicator row
and every file accounted for, an output that openpyxl and LibreOffice open), and reading the
output's sheets back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from support.libreoffice import open_ok, soffice_available
from xlgoals.contract import INDICATORS_SHEET
from xlgoals.problems.catalogue import Family, Severity

CONTRACT_SHEETS = ("预算汇总", "项目汇总", "指标明细", "问题清单")


def sheet_rows(path: Path, sheet: str) -> list[list]:
    """A sheet's rows as python-calamine reads them."""
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return workbook.get_sheet_by_name(sheet).to_python()
    finally:
        workbook.close()


def data_rows(rows: list[list]) -> list[list]:
    """The rows below the header and above the first empty or 合计 row (the subtotal block
    below it is not data)."""
    out = []
    for row in rows[1:]:
        if row[0] in ("", "合计"):
            break
        out.append(row)
    return out


def sheet_table(path: Path, sheet: str) -> list[dict]:
    """A sheet's data rows as dicts keyed by the header."""
    head = sheet_rows(path, sheet)
    return [dict(zip(head[0], row, strict=True)) for row in data_rows(head)]


def hashes(paths: list[Path]) -> dict[Path, str]:
    """The inputs' content, to compare after the merge."""
    files = [f for p in paths for f in (sorted(p.rglob("*")) if p.is_dir() else [p])]
    return {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.is_file()}


def check_merge(
    c,
    out: Path,
    before: dict[Path, str] | None = None,
    rows_in: int | None = None,
    libreoffice: bool = True,
):
    """Assert the merge invariants; `rows_in`: indicator rows the usable inputs hold;
    `libreoffice`: open the output in LibreOffice too, when it is installed."""
    if before is not None:
        assert hashes(sorted({p.parent for p in before})) == before, "an input changed"
    book = openpyxl.load_workbook(out, read_only=True)
    assert list(CONTRACT_SHEETS) == [n for n in book.sheetnames if n in CONTRACT_SHEETS]
    book.close()
    reader = CalamineWorkbook.from_path(str(out))
    details = [n for n in reader.sheet_names if n.startswith(INDICATORS_SHEET)]
    rows_out = sum(len(reader.get_sheet_by_name(n).to_python()) - 1 for n in details)
    reader.close()
    assert rows_out == c.indicator_count
    if rows_in is not None:
        assert rows_in == rows_out, "an indicator row was lost or made up"
    for f in c.files:  # every file: merged, or reported with why it was not
        reported = any(
            item.problem.family is Family.INPUT and item.severity is Severity.ERROR
            for item in f.findings
        )
        assert f.usable or reported, f.file
    if libreoffice and soffice_available():
        assert open_ok(out), "LibreOffice cannot open the output"
