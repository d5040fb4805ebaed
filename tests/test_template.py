"""The standard template: committed file, layout contract, dropdowns, protection, print, recalc."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook
from support.libreoffice import open_ok, recalculate

from xlgoals.model.framework import FRAMEWORK
from xlgoals.write.styles import FONT_NAME
from xlgoals.write.template import (
    AMOUNT_FORMAT,
    DEPARTMENT_CELLS,
    DEPARTMENT_FIRST_ROW,
    DEPARTMENT_HEADER_ROW,
    DEPARTMENT_ROWS,
    DEPARTMENT_SHEET,
    FROZEN_MAX_POINTS,
    INDICATOR_COLUMNS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    PROJECT_CELLS,
    PROJECT_FIRST_ROW,
    PROJECT_HEADER_ROW,
    PROJECT_ROWS,
    PROJECT_SHEET,
    TEMPLATE_PATH,
    add_project_sheet,
    build_template,
    write_template,
)

DEPARTMENT_INPUTS = {
    "财政拨款": 1728.3777,
    "其他经费": 0.5,
    "上年结转": 0.25,
    "基本支出": 1638.2777,
    "项目支出": 90.85,
}
PROJECT_INPUTS = {"财政拨款": 400, "上年结转": 1.25, "其他资金": 0}
EXPECTED_TOTALS = {
    (DEPARTMENT_SHEET, DEPARTMENT_CELLS["收入预算合计"]): Decimal("1729.1277"),
    (DEPARTMENT_SHEET, DEPARTMENT_CELLS["支出预算合计"]): Decimal("1729.1277"),
    (PROJECT_SHEET, PROJECT_CELLS["年度资金总额"]): Decimal("401.25"),
}
SHEETS = (
    (
        DEPARTMENT_SHEET,
        DEPARTMENT_CELLS,
        DEPARTMENT_HEADER_ROW,
        DEPARTMENT_FIRST_ROW,
        DEPARTMENT_ROWS,
    ),
    (PROJECT_SHEET, PROJECT_CELLS, PROJECT_HEADER_ROW, PROJECT_FIRST_ROW, PROJECT_ROWS),
)
TOTALS = {"收入预算合计", "支出预算合计", "年度资金总额"}


@pytest.fixture(scope="module")
def template_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / "模板.xlsx")


@pytest.fixture(scope="module")
def workbook(template_file: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(template_file)


# ---------------------------------------------------------------- contents snapshot


def _sheet_snapshot(sheet: Worksheet) -> dict[str, Any]:
    cells = {
        cell.coordinate: (cell.value, cell.number_format, cell.protection.locked, cell.font.name)
        for row in sheet.iter_rows()
        for cell in row
        if cell.has_style or cell.value is not None
    }
    validations = sorted(
        (str(dv.sqref), dv.type, dv.formula1, dv.formula2, dv.allow_blank, dv.errorStyle)
        for dv in sheet.data_validations.dataValidation
    )
    protection = sheet.protection
    return {
        "state": sheet.sheet_state,
        "cells": cells,
        "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        "validations": validations,
        "protection": (protection.sheet, protection.formatRows, protection.formatColumns),
        "freeze": sheet.freeze_panes,
        "print_titles": sheet.print_title_rows,
        "print_area": sheet.print_area,
        "page": (sheet.page_setup.paperSize, sheet.page_setup.fitToWidth),
        "widths": {k: d.width for k, d in sheet.column_dimensions.items()},
    }


def _snapshot(path: Path) -> dict[str, Any]:
    book = openpyxl.load_workbook(path)
    names = {name: dn.attr_text for name, dn in book.defined_names.items()}
    sheets = {sheet.title: _sheet_snapshot(sheet) for sheet in book.worksheets}
    return {"order": book.sheetnames, "names": names, "sheets": sheets}


def test_committed_template_is_current(template_file: Path) -> None:
    assert TEMPLATE_PATH.is_file(), "regenerate: python -c 'from xlgoals.write.template import …'"
    assert _snapshot(template_file) == _snapshot(TEMPLATE_PATH)


def test_build_is_deterministic(tmp_path: Path, template_file: Path) -> None:
    again = write_template(tmp_path / "again.xlsx")
    assert again.read_bytes() == template_file.read_bytes()
    props = openpyxl.load_workbook(again).properties
    assert props.creator == "xlgoals"
    assert props.created == props.modified


def test_snapshot_sees_a_change(tmp_path: Path, template_file: Path) -> None:
    """The comparison above would notice an edited template."""
    book = openpyxl.load_workbook(template_file)
    book[PROJECT_SHEET].data_validations.dataValidation.pop()
    book.save(tmp_path / "changed.xlsx")
    assert _snapshot(tmp_path / "changed.xlsx") != _snapshot(template_file)


# ---------------------------------------------------------------- layout contract


def test_sheets_and_order(workbook: openpyxl.Workbook) -> None:
    order = [INSTRUCTIONS_SHEET, DEPARTMENT_SHEET, PROJECT_SHEET, LISTS_SHEET]
    assert workbook.sheetnames == order
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    assert workbook.active.title == INSTRUCTIONS_SHEET
    text = "".join(str(c.value) for c in workbook[INSTRUCTIONS_SHEET]["A"] if c.value)
    for phrase in ("万元", "定性", "移动或复制", "建立副本", "项目2", "≥", "≤", "留空", "公式"):
        assert phrase in text


@pytest.mark.parametrize(("title", "cells", "header", "first", "rows"), SHEETS)
def test_labels_and_inputs(
    workbook: openpyxl.Workbook, title: str, cells: dict, header: int, first: int, rows: int
) -> None:
    sheet = workbook[title]
    for label, address in cells.items():
        label_cell = sheet.cell(sheet[address].row, sheet[address].column - 1)
        assert label in label_cell.value, (label, address)
        assert label_cell.protection.locked
        assert not sheet[address].protection.locked, address
    headers = [sheet[f"{c}{header}"].value for c in INDICATOR_COLUMNS]
    assert headers == ["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "单位"]
    for letter in INDICATOR_COLUMNS:
        assert sheet[f"{letter}{header}"].protection.locked
        for row in (first, first + rows - 1):
            assert not sheet[f"{letter}{row}"].protection.locked
    assert sheet[f"A{first + rows}"].protection.locked  # nothing past the table is open


def test_formulas_and_formats(workbook: openpyxl.Workbook) -> None:
    department, project = workbook[DEPARTMENT_SHEET], workbook[PROJECT_SHEET]
    assert department["B4"].value == "=B5+E5+E4"  # 财政拨款 + 其他经费 + 上年结转
    assert department["D4"].value == "上年结转" and DEPARTMENT_CELLS["上年结转"] == "E4"
    assert department["B6"].value == "=B7+E7"
    assert project["B8"].value == "=B9+E9+B10"
    for sheet, cells in ((department, DEPARTMENT_CELLS), (project, PROJECT_CELLS)):
        for name in ("财政拨款", "上年结转", *TOTALS & cells.keys()):
            assert sheet[cells[name]].number_format == AMOUNT_FORMAT
    assert project[PROJECT_CELLS["联系电话"]].number_format == "@"
    merged = {str(r) for r in department.merged_cells.ranges}
    assert {
        "A1:F1",
        "B2:C2",
        "E2:F2",
        "A3:F3",
        "B4:C4",
        "E4:F4",
        "E5:F5",
        "B8:F8",
        "A9:F9",
    } <= merged


def test_amount_format_shows_figures_as_typed() -> None:
    # #,##0.00## keeps two to four decimals: 1728.3777 → 1,728.3777, 90.10 → 90.10.
    integer, decimals = AMOUNT_FORMAT.split(".")
    assert integer == "#,##0" and decimals == "00##"


def test_defined_names(workbook: openpyxl.Workbook) -> None:
    lists = workbook[LISTS_SHEET]

    def values(name: str) -> list[Any]:
        (sheet_name, ref), *_ = workbook.defined_names[name].destinations
        assert sheet_name == LISTS_SHEET
        return [c.value for row in lists[ref.replace("$", "")] for c in row]

    assert values("一级指标") == list(FRAMEWORK)
    for level1, level2s in FRAMEWORK.items():
        assert values(level1) == list(level2s)
    assert values("计算符号") == ["≥", ">", "=", "<", "≤", "定性"]


@pytest.mark.parametrize(("title", "cells", "header", "first", "rows"), SHEETS)
def test_dropdowns(
    workbook: openpyxl.Workbook, title: str, cells: dict, header: int, first: int, rows: int
) -> None:
    last = first + rows - 1
    found = {
        str(dv.sqref): (dv.type, dv.formula1, dv.allow_blank)
        for dv in workbook[title].data_validations.dataValidation
        if dv.type == "list"
    }
    assert found == {
        f"A{first}:A{last}": ("list", "一级指标", True),
        f"B{first}:B{last}": ("list", f"INDIRECT($A{first})", True),
        f"D{first}:D{last}": ("list", "计算符号", True),
    }


@pytest.mark.parametrize(("title", "cells", "header", "first", "rows"), SHEETS)
def test_protection_view_and_print(
    workbook: openpyxl.Workbook, title: str, cells: dict, header: int, first: int, rows: int
) -> None:
    sheet = workbook[title]
    protection = sheet.protection
    assert protection.sheet and not protection.password
    assert protection.formatRows is False and protection.formatColumns is False
    # the 检查 buttons colour cells and add notes on protected sheets, from every client
    assert protection.formatCells is False and protection.objects is False
    assert not protection.selectLockedCells and not protection.selectUnlockedCells
    assert sheet.freeze_panes is None  # the form's header is taller than a laptop can spare
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.print_area == f"'{title}'!$A$1:$F${first + rows - 1}"


def test_fonts_render_chinese(template_file: Path, workbook: openpyxl.Workbook) -> None:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.font.name == FONT_NAME, (sheet.title, cell.coordinate)
    # Unstyled cells use font 0: it must be the Chinese font, not Calibri.
    styles = zipfile.ZipFile(template_file).read("xl/styles.xml").decode()
    first_font = re.search(r"<font>(.*?)</font>", styles).group(1)
    assert f'<name val="{FONT_NAME}"/>' in first_font


def test_add_project_sheet(workbook: openpyxl.Workbook, tmp_path: Path) -> None:
    book = build_template()
    sheet = add_project_sheet(book)
    assert sheet.title == "项目2"
    assert book.sheetnames[-2:] == ["项目2", LISTS_SHEET]
    copy, original = _sheet_snapshot(sheet), _sheet_snapshot(book[PROJECT_SHEET])
    assert copy.pop("print_area") == "'项目2'!$A$1:$F$75"
    original.pop("print_area")
    assert copy == original
    assert add_project_sheet(book, "专项资金").title == "专项资金"
    book.save(tmp_path / "more.xlsx")
    assert openpyxl.load_workbook(tmp_path / "more.xlsx").sheetnames[-2:] == ["专项资金", "代码表"]


def test_add_project_sheet_to_a_foreign_workbook() -> None:
    book = openpyxl.Workbook()
    sheet = add_project_sheet(book)
    assert sheet.title == "项目1"
    assert LISTS_SHEET in book.sheetnames and "一级指标" in book.defined_names


# ---------------------------------------------------------------- LibreOffice


def _filled(path: Path) -> Path:
    book = openpyxl.load_workbook(TEMPLATE_PATH)
    for name, value in DEPARTMENT_INPUTS.items():
        book[DEPARTMENT_SHEET][DEPARTMENT_CELLS[name]] = value
    for name, value in PROJECT_INPUTS.items():
        book[PROJECT_SHEET][PROJECT_CELLS[name]] = value
    book.save(path)
    return path


@pytest.mark.libreoffice
def test_libreoffice_computes_the_totals(tmp_path: Path) -> None:
    filled = _filled(tmp_path / "filled.xlsx")
    before = openpyxl.load_workbook(filled, data_only=True)
    # openpyxl writes no cached values: only a real recalculation can produce the sums.
    assert all(before[sheet][cell].value is None for sheet, cell in EXPECTED_TOTALS)

    result = recalculate(filled, tmp_path / "out")
    after = openpyxl.load_workbook(result, data_only=True)
    calamine = CalamineWorkbook.from_path(str(result))
    for (sheet, cell), expected in EXPECTED_TOTALS.items():
        assert Decimal(str(after[sheet][cell].value)) == expected, (sheet, cell)
        row, column = after[sheet][cell].row, after[sheet][cell].column
        value = calamine.get_sheet_by_name(sheet).to_python()[row - 1][column - 1]
        assert Decimal(str(value)) == expected, (sheet, cell)


@pytest.mark.libreoffice
def test_libreoffice_keeps_dropdowns_and_protection(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(recalculate(TEMPLATE_PATH, tmp_path))
    assert book[LISTS_SHEET].sheet_state == "hidden"
    assert {"一级指标", "计算符号", *FRAMEWORK} <= set(book.defined_names)
    sheet = book[PROJECT_SHEET]
    assert sheet.protection.sheet
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert formulas == {"一级指标", f"INDIRECT($A{PROJECT_FIRST_ROW})", "计算符号"}


@pytest.mark.libreoffice
def test_recalculate_replaces_stale_cached_values(tmp_path: Path) -> None:
    """The helper must force recalculation: LibreOffice otherwise trusts cached values."""
    book = openpyxl.Workbook()
    book.active.append([1, 2, "=A1+B1"])
    stale = tmp_path / "stale.xlsx"
    book.save(stale)
    _inject_cached_value(stale, "999")
    assert openpyxl.load_workbook(stale, data_only=True).active["C1"].value == 999
    fresh = recalculate(stale, tmp_path / "out")
    assert openpyxl.load_workbook(fresh, data_only=True).active["C1"].value == 3


def _inject_cached_value(path: Path, value: str) -> None:
    """Rewrite the file as if Excel had saved it with `value` cached for every formula."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, count = re.subn(r"(<f>[^<]*</f>)<v\s*/?>(</v>)?", rf"\1<v>{value}</v>", sheet)
    assert count == 1, sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["docProps/app.xml"] = re.sub(
        rb"<Application>[^<]*</Application>",
        b"<Application>Microsoft Excel</Application>",
        parts["docProps/app.xml"],
    )
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


@pytest.mark.libreoffice
def test_libreoffice_opens_and_prints_the_template(tmp_path: Path) -> None:
    assert open_ok(TEMPLATE_PATH, tmp_path)
    assert (tmp_path / f"{TEMPLATE_PATH.stem}.pdf").stat().st_size > 0
    assert not open_ok(tmp_path / "missing.xlsx")


@pytest.mark.parametrize(("title", "cells", "header", "first", "rows"), SHEETS)
def test_frozen_rows_leave_room_on_a_laptop(
    workbook: openpyxl.Workbook, title: str, cells: dict, header: int, first: int, rows: int
) -> None:
    """Rows frozen above the indicators (if any) take at most FROZEN_MAX_POINTS, and the form
    header they would freeze is measured, not assumed: 项目1 would freeze 15 rows, 435 pt."""
    sheet = workbook[title]
    heights = [sheet.row_dimensions[row].height or 15 for row in range(1, first)]
    frozen_rows = int(sheet.freeze_panes[1:]) - 1 if sheet.freeze_panes else 0
    assert sum(heights[:frozen_rows]) <= FROZEN_MAX_POINTS
    assert (sheet.freeze_panes is None) == (sum(heights) > FROZEN_MAX_POINTS)
