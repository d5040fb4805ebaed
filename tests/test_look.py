"""How the workbooks xlgoals writes look on screen and on paper.

Measured two ways: every wrapped cell's row is tall enough for its text in openpyxl's view
(widths and heights as written), and LibreOffice's PDF of the sheet holds every long text
whole (a row too low prints only the lines that fit, so the text read back from the PDF with
pdftotext misses the rest).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from support.libreoffice import convert

from xlgoals.district.merge import merge
from xlgoals.district.workbook import write_consolidation
from xlgoals.importing.writer import build_workbook
from xlgoals.reading.tables import read_workbook
from xlgoals.write.annotate import PROBLEM_LIST_WIDTHS, annotate
from xlgoals.write.common import DEFAULT_HEIGHT, DEFAULT_WIDTH, text_height, wrapped_lines
from xlgoals.write.template import INSTRUCTIONS_SHEET, write_template

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "departments"
WORKBOOKS = sorted(EXAMPLES.glob("*.xlsx"))

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed_characters(workbook: Path, out: Path) -> Counter[str]:
    """Every character LibreOffice prints of a workbook (whitespace aside). A row too low for
    its text prints only the lines that fit, so characters go missing."""
    pdf = convert(workbook, out, "pdf")
    result = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    return Counter(squash(result.stdout.decode("utf-8")))


def written_characters(path: Path, sheets: tuple[str, ...] | None = None) -> Counter[str]:
    """Every character of the text cells of the visible sheets (formulas aside)."""
    book = openpyxl.load_workbook(path)
    return Counter(
        squash(
            "".join(
                cell.value
                for sheet in book.worksheets
                if sheet.sheet_state == "visible" and (sheets is None or sheet.title in sheets)
                for row in sheet.iter_rows()
                for cell in row
                if isinstance(cell.value, str) and not cell.value.startswith("=")
            )
        )
    )


def unprinted(path: Path, out: Path, sheets: tuple[str, ...] | None = None) -> str:
    """The characters written but not printed, most missed first ('' when all print)."""
    missing = written_characters(path, sheets) - printed_characters(path, out)
    return "".join(char * count for char, count in missing.most_common())


def cut_rows(path: Path) -> list[str]:
    """Cells whose wrapped text needs more height than their row has (openpyxl's view)."""
    book = openpyxl.load_workbook(path)
    cut = []
    for sheet in book.worksheets:
        spans = {
            (r.min_row, r.min_col): (r.max_col, r.max_row > r.min_row)
            for r in sheet.merged_cells.ranges
        }
        for row in sheet.iter_rows():
            height = sheet.row_dimensions[row[0].row].height or DEFAULT_HEIGHT
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                    continue
                last, tall = spans.get((cell.row, cell.column), (cell.column, False))
                if tall:
                    continue
                width = sum(_width(sheet, c) for c in range(cell.column, last + 1))
                needed = text_height(wrapped_lines(cell.value, width), cell.font.sz or 11)
                if height < needed:
                    cut.append(f"{sheet.title}!{cell.coordinate} {height} < {needed}")
    return cut


def _width(sheet, column: int) -> float:
    letter = openpyxl.utils.get_column_letter(column)
    dimension = sheet.column_dimensions.get(letter)
    return (dimension.width if dimension and dimension.width else None) or DEFAULT_WIDTH


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("look") / "退回.xlsx"
    annotate(EXAMPLES / "东湖区文广新旅局.xlsx", out)
    return out


# ---------------------------------------------------------------- row heights, as written


@pytest.mark.parametrize("workbook", WORKBOOKS, ids=lambda p: p.stem)
def test_example_rows_hold_their_text(workbook: Path) -> None:
    assert cut_rows(workbook) == []


def test_annotated_copy_and_its_problem_list_hold_their_text(annotated: Path) -> None:
    assert cut_rows(annotated) == []


def test_imported_workbook_rows_hold_their_text(tmp_path: Path) -> None:
    """A workbook the importer writes (the same template, filled from the model)."""
    tables = read_workbook(EXAMPLES / "东湖区文广新旅局.xlsx").tables
    workbook, _ = build_workbook(tables)
    workbook.save(tmp_path / "导入.xlsx")
    assert cut_rows(tmp_path / "导入.xlsx") == []


def test_template_instructions_hold_their_text(tmp_path: Path) -> None:
    path = write_template(tmp_path / "模板.xlsx")
    assert cut_rows(path) == []
    sheet = openpyxl.load_workbook(path)[INSTRUCTIONS_SHEET]
    assert sheet.row_dimensions[1].height == 30  # the title, taller than its one line


def test_problem_list_has_borders_and_room_for_the_department(annotated: Path) -> None:
    sheet = openpyxl.load_workbook(annotated)["问题清单"]
    department = sheet.cell(2, 5).value
    assert sheet.column_dimensions["E"].width == PROBLEM_LIST_WIDTHS[4]
    assert wrapped_lines(department, PROBLEM_LIST_WIDTHS[4]) == 1  # 东湖区文化广电新闻出版旅游局
    for row in sheet.iter_rows(max_row=sheet.max_row):
        for cell in row:
            assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"


# ---------------------------------------------------------------- as LibreOffice prints them


@pytest.mark.libreoffice
@needs_pdftotext
@pytest.mark.parametrize("workbook", WORKBOOKS, ids=lambda p: p.stem)
def test_examples_print_every_character(workbook: Path, tmp_path: Path) -> None:
    assert unprinted(workbook, tmp_path) == ""


@pytest.mark.libreoffice
@needs_pdftotext
def test_annotated_copy_prints_every_character(annotated: Path, tmp_path: Path) -> None:
    assert unprinted(annotated, tmp_path) == ""


@pytest.mark.libreoffice
@needs_pdftotext
def test_district_workbook_prints_every_character(tmp_path: Path) -> None:
    district = write_consolidation(merge(EXAMPLES), tmp_path / "汇总.xlsx")
    assert unprinted(district, tmp_path) == ""


@pytest.mark.libreoffice
@needs_pdftotext
def test_the_measure_sees_rows_too_low(tmp_path: Path) -> None:
    """The check itself: the example with its rows at the default height, as it was written
    before rows were fitted, loses lines of its long texts on paper."""
    book = openpyxl.load_workbook(EXAMPLES / "东湖区文广新旅局.xlsx")
    for sheet in book.worksheets:
        for row in range(11, sheet.max_row + 1):
            sheet.row_dimensions[row].height = None
    book.save(tmp_path / "low.xlsx")
    assert cut_rows(tmp_path / "low.xlsx") != []
    assert unprinted(tmp_path / "low.xlsx", tmp_path) != ""
