"""`xlgoals validate FILE --annotate OUT`: marked-up copies, read back by openpyxl and soffice."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from support.libreoffice import open_ok

from xlgoals.checks import CHECKS, Registered
from xlgoals.problems import problem_list
from xlgoals.problems.findings import Where, finding
from xlgoals.write.annotate import (
    AUTHOR,
    MARKER,
    annotate,
    by_cell,
    decode_marks,
    encode_marks,
    unmark,
    worst,
)
from xlgoals.write.styles import SEVERITY_FILL

EXAMPLES = sorted(Path(__file__).resolve().parent.parent.glob("examples/departments/*.xlsx"))
SHEET = "部门整体"


def fill_of(cell) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    return fill.fgColor.rgb[-6:].upper() if isinstance(fill.fgColor.rgb, str) else None


def fills(path: Path) -> dict[tuple[str, str], str | None]:
    workbook = openpyxl.load_workbook(path)
    return {
        (sheet.title, cell.coordinate): fill_of(cell)
        for sheet in workbook.worksheets
        if sheet.title != problem_list.SHEET
        for row in sheet.iter_rows()
        for cell in row
    }


def comments(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    workbook = openpyxl.load_workbook(path)
    return {
        (sheet.title, cell.coordinate): (cell.comment.text, cell.comment.author)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment is not None
    }


@pytest.fixture
def forced(tmp_path: Path) -> Path:
    """A department workbook whose amounts trigger reader findings: B5 not a number (error),
    E5 in 元 (info)."""
    workbook = openpyxl.load_workbook(EXAMPLES[0])
    workbook[SHEET]["B5"] = "abc"
    workbook[SHEET]["E5"] = "1,000元"
    path = tmp_path / "部门.xlsx"
    workbook.save(path)
    return path


@pytest.fixture
def extra_findings():
    """A registered check adding a warning on B5 (already an error) and one on the grey label A4."""

    def forced_check(submission):
        yield finding("XG202", Where(file=submission.file, sheet=SHEET, cell="B5"))
        yield finding("XG202", Where(file=submission.file, sheet=SHEET, cell="A4"))

    registered = Registered(forced_check, frozenset({"XG202"}))
    CHECKS.append(registered)
    yield
    CHECKS.remove(registered)


def test_problem_cells_filled_noted_and_listed(forced: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    report = annotate(forced, out)
    codes = {(f.at.cell, f.code) for f in report.findings}
    assert {("B5", "XG114"), ("E5", "XG116")} <= codes
    workbook = openpyxl.load_workbook(out)
    sheet = workbook[SHEET]
    for (sheet_name, cell), items in by_cell(report.findings).items():
        target = workbook[sheet_name][cell]
        assert fill_of(target) == SEVERITY_FILL[worst(items).value]
        assert target.comment.author == AUTHOR
        for item in items:
            assert item.message() in target.comment.text
            assert item.problem.hint() in target.comment.text
    assert fill_of(sheet["B5"]) == SEVERITY_FILL["error"]
    assert fill_of(sheet["E5"]) == SEVERITY_FILL["info"]
    assert (SHEET, "A4") not in by_cell(report.findings)
    assert fill_of(sheet["A4"]) == "F2F2F2"  # an unmarked cell keeps its fill
    assert sheet["A4"].comment is None


def test_problem_list_in_front_with_links(forced: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    report = annotate(forced, out)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames[0] == problem_list.SHEET
    listing = workbook[problem_list.SHEET]
    rows = [[c.value for c in row] for row in listing.iter_rows()]
    assert tuple(rows[0]) == problem_list.COLUMNS
    assert sorted(map(tuple, rows[1:])) == sorted(
        tuple(r) for r in problem_list.rows(report.findings)
    )
    links = {row[7].value: row[7].hyperlink.location for row in listing.iter_rows(min_row=2)}
    assert links["B5"] == f"'{SHEET}'!B5"
    assert links["E5"] == f"'{SHEET}'!E5"


def test_most_severe_colour_and_every_message(forced, extra_findings, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    annotate(forced, out)
    sheet = openpyxl.load_workbook(out)[SHEET]
    assert fill_of(sheet["B5"]) == SEVERITY_FILL["error"]  # error beats the warning
    assert "XG114" in sheet["B5"].comment.text and "XG202" in sheet["B5"].comment.text
    assert sheet["B5"].comment.text.index("XG114") < sheet["B5"].comment.text.index("XG202")
    assert fill_of(sheet["A4"]) == SEVERITY_FILL["warning"]


def test_running_again_gives_the_same_marks(forced, extra_findings, tmp_path: Path) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    annotate(forced, first)
    annotate(first, second)
    assert fills(second) == fills(first)
    assert comments(second) == comments(first)
    assert openpyxl.load_workbook(second).sheetnames.count(problem_list.SHEET) == 1
    for text, _ in comments(second).values():
        assert text.count(MARKER) == 1


def test_unmark_restores_the_original_fills(forced, extra_findings, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    annotate(forced, out)
    workbook = openpyxl.load_workbook(out)
    unmark(workbook)
    restored = tmp_path / "restored.xlsx"
    workbook.save(restored)
    assert fills(restored) == fills(forced)  # A4 is grey again, B5 unfilled
    assert comments(restored) == comments(forced)
    assert problem_list.SHEET not in openpyxl.load_workbook(restored).sheetnames
    assert not [n for n in openpyxl.load_workbook(restored).defined_names if "xlgoals" in n]


def test_department_note_kept_and_not_doubled(forced: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(forced)
    workbook[SHEET]["B5"].comment = Comment("请财务科核对", "张科员")
    workbook.save(forced)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    annotate(forced, first)
    annotate(first, second)
    text, author = comments(second)[(SHEET, "B5")]
    assert text.startswith("请财务科核对") and text.count(MARKER) == 1
    assert author == "张科员"


def test_input_never_touched(forced: Path) -> None:
    before = forced.read_bytes()
    with pytest.raises(ValueError):
        annotate(forced, forced)
    assert forced.read_bytes() == before


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_marked_exactly_where_validate_says(path: Path, tmp_path: Path) -> None:
    source = tmp_path / path.name
    shutil.copy(path, source)
    out = tmp_path / "out.xlsx"
    report = annotate(source, out)
    marked = by_cell(report.findings)
    before, after = fills(source), fills(out)
    for key, colour in after.items():
        if key in marked:
            assert colour == SEVERITY_FILL[worst(marked[key]).value]
        else:
            assert colour == before[key], key  # nothing else changed


def test_mark_record_round_trip() -> None:
    marks = {(f"项目{i}", f"C{i}"): "E2EFDA" if i % 2 else "-" for i in range(1, 80)}
    marks[("it's!odd=", "A1")] = "-"
    chunks = encode_marks(marks)
    assert all(len(c) <= 240 for c in chunks) and len(chunks) > 1
    assert decode_marks(chunks) == marks


def run_cli(*args: str) -> subprocess.CompletedProcess:
    code = "from xlgoals.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def test_cli_annotate(forced: Path, tmp_path: Path) -> None:
    out = tmp_path / "标注.xlsx"
    result = run_cli("validate", str(forced), "--annotate", str(out))
    assert result.returncode == 1, result.stderr
    assert "XG114" in result.stdout
    assert openpyxl.load_workbook(out).sheetnames[0] == problem_list.SHEET


def test_cli_annotate_refuses_bad_arguments(forced: Path, tmp_path: Path) -> None:
    same = run_cli("validate", str(forced), "--annotate", str(forced))
    assert same.returncode == 2 and same.stderr and not same.stdout.strip()
    two = run_cli("validate", str(forced), str(EXAMPLES[0]), "--annotate", str(tmp_path / "o.xlsx"))
    assert two.returncode == 2
    assert not (tmp_path / "o.xlsx").exists()


@pytest.mark.libreoffice
def test_libreoffice_opens_the_annotated_copy(forced, extra_findings, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    annotate(forced, out)
    assert open_ok(out)


def test_formula_totals_keep_their_cached_values(tmp_path):
    """openpyxl drops cached values; the annotated copy must still show the totals."""
    from python_calamine import CalamineWorkbook

    from xlgoals.write.subtotals import write_subtotals

    totals = tmp_path / "合计.xlsx"
    from xlgoals.validation import validate_file

    (source,) = [p for p in EXAMPLES if p.stem == "东湖区文广新旅局"]
    write_subtotals(source, totals)  # B4, B6: formulas with values
    marked = tmp_path / "退回.xlsx"
    annotate(totals, marked)
    sheet = CalamineWorkbook.from_path(str(marked)).get_sheet_by_name("部门整体").to_python()
    assert sheet[3][1] == pytest.approx(920.73) and sheet[5][1] == pytest.approx(920.74)
    assert _codes(validate_file(marked)) == _codes(validate_file(totals))


def _codes(report) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.at.cell) for f in report.findings)
