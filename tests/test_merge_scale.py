"""The merge at scale: 指标明细 streamed and spilled onto numbered sheets, text that stays text,
--also parquet / csv, a light start. Outputs are read back by openpyxl, python-calamine and
LibreOffice; timing is in benchmarks/, not here."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook
from support.libreoffice import recalculate, soffice_available
from support.merge_invariants import check_merge, sheet_rows
from support.synthetic_departments import write_department

import xlgoals
from xlgoals.contract import INDICATOR_COLUMNS, INDICATORS_SHEET
from xlgoals.district.digest import digest
from xlgoals.district.merge import merge, read_file
from xlgoals.district.workbook import detail_sheet_name, write_consolidation
from xlgoals.validation import validate_file
from xlgoals.write.annotate import annotate
from xlgoals.write.common import CELL_TEXT_LIMIT, clean_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "departments"
#: names a department might type that a careless writer would turn into formulas or mangle
HOSTILE = (
    "=1+1",
    '=HYPERLINK("http://example.com","点我")',
    "+86",
    "-5",
    "@SUM(A1)",
    "\t制表符开头",
    "a & b < c > d",
    "_x0041_ 像 Excel 转义",
    "  前后空格  ",
    "第一行\n第二行",
    "中文“引号”",
)
#: a department name no sheet could be named (xlgoals names every sheet itself)
HOSTILE_DEPARTMENT = "=部门/[甲]:*?'"


def sheet_names(path: Path) -> list[str]:
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return workbook.sheet_names
    finally:
        workbook.close()


def detail_rows(path: Path) -> list[list]:
    """Every 指标明细 data row, across the numbered sheets, as python-calamine reads them."""
    names = sheet_names(path)
    rows = []
    for k in range(len(names)):
        if detail_sheet_name(k) not in names:
            break
        sheet = sheet_rows(path, detail_sheet_name(k))
        assert sheet[0] == list(INDICATOR_COLUMNS)
        rows.extend(sheet[1:])
    return rows


def expected_rows(c) -> list[list]:
    """The digests' rows as a reader gets them back (numbers as floats, None as "")."""
    return [[float(v) if isinstance(v, Decimal) else v for v in row] for row in c.indicator_rows()]


@pytest.fixture(scope="module")
def examples():
    return merge(EXAMPLES)


# ---------------------------------------------------------------------- spill


def test_one_sheet_when_the_rows_fit(examples, tmp_path: Path) -> None:
    out = write_consolidation(examples, tmp_path / "汇总.xlsx")
    names = sheet_names(out)
    assert [n for n in names if n.startswith(INDICATORS_SHEET)] == [INDICATORS_SHEET]
    assert detail_rows(out) == expected_rows(examples)


def test_rows_past_the_limit_continue_on_numbered_sheets(examples, tmp_path: Path) -> None:
    out = write_consolidation(examples, tmp_path / "汇总.xlsx", max_rows=50)
    check_merge(examples, out, rows_in=162)
    names = sheet_names(out)
    details = [n for n in names if n.startswith(INDICATORS_SHEET)]
    assert details == ["指标明细", "指标明细 (2)", "指标明细 (3)", "指标明细 (4)"]  # 162 = 3×49+15
    assert detail_rows(out) == expected_rows(examples)
    book = openpyxl.load_workbook(out)
    for name in details:
        ws = book[name]
        assert ws.max_row <= 50 and ws.freeze_panes == "B2"
        last = openpyxl.utils.get_column_letter(len(INDICATOR_COLUMNS))
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}"
        assert ws.print_title_rows == "$1:$1"
    notes = {row[0]: row[1] for row in sheet_rows(out, "说明") if row and row[0]}
    assert notes["指标明细工作表"] == "、".join(details)
    assert notes["指标行数"] == "162"


def test_exactly_full_sheets_make_no_empty_extra(examples, tmp_path: Path) -> None:
    per_sheet = 81  # 162 rows fill two sheets of 81 exactly
    out = write_consolidation(examples, tmp_path / "汇总.xlsx", max_rows=per_sheet + 1)
    names = sheet_names(out)
    assert [n for n in names if n.startswith(INDICATORS_SHEET)] == ["指标明细", "指标明细 (2)"]


@pytest.mark.libreoffice
def test_libreoffice_reads_the_streamed_sheets(examples, tmp_path: Path) -> None:
    out = write_consolidation(examples, tmp_path / "汇总.xlsx", max_rows=50)
    again = recalculate(out, tmp_path / "lo")
    assert detail_rows(again) == expected_rows(examples)


# ---------------------------------------------------------------------- text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """A department whose indicator names are the hostile texts, merged and written."""
    folder = tmp_path_factory.mktemp("hostile")
    rows = [("产出指标", "数量指标", text, "≥3次") for text in HOSTILE]
    write_department(folder, 1, name=HOSTILE_DEPARTMENT, rows=rows)
    c = merge(folder)
    return c, write_consolidation(c, folder.parent / f"{folder.name}.xlsx")


def test_hostile_text_is_read_back_as_the_same_text(hostile) -> None:
    c, out = hostile
    names = [row[5] for row in c.indicator_rows()]
    assert set(names) >= {t for t in HOSTILE if t[0] in "=+-@"}  # the reader keeps these as typed
    by_calamine = [row[5] for row in detail_rows(out)]
    sheet = openpyxl.load_workbook(out)[INDICATORS_SHEET]
    by_openpyxl = [sheet.cell(r, 6) for r in range(2, sheet.max_row + 1)]
    assert by_calamine == names
    assert [cell.value for cell in by_openpyxl] == names
    assert all(cell.data_type == "s" for cell in by_openpyxl)  # text, never a formula


def test_sheet_names_and_links_are_xlgoals_own(hostile, tmp_path: Path) -> None:
    """Sheet names never come from a department's text; links never leave the workbook."""
    c, out = hostile
    assert [f.department for f in c.files] == [HOSTILE_DEPARTMENT]
    names = sheet_names(out)
    assert names == ["预算汇总", "项目汇总", "指标明细", "问题清单", "图表", "说明"]
    annotated = tmp_path / "退回.xlsx"
    annotate(next(iter(c.files)).file, annotated)
    for path in (out, annotated):
        with zipfile.ZipFile(path) as package:
            rels = [package.read(n) for n in package.namelist() if n.endswith(".rels")]
        assert not any(b'TargetMode="External"' in part for part in rels), path
    links = [
        cell.hyperlink
        for sheet in openpyxl.load_workbook(annotated)
        for row in sheet.iter_rows()
        for cell in row
        if cell.hyperlink
    ]
    assert links and all(link.location and not link.target for link in links)


@pytest.mark.libreoffice
def test_libreoffice_keeps_hostile_text_as_text(hostile, tmp_path: Path) -> None:
    c, out = hostile
    again = recalculate(out, tmp_path)
    sheet = openpyxl.load_workbook(again)[INDICATORS_SHEET]
    values = [sheet.cell(r, 6).value for r in range(2, sheet.max_row + 1)]
    assert values == [row[5] for row in c.indicator_rows()]
    assert not any(cell.hyperlink for row in sheet.iter_rows() for cell in row)


def test_control_characters_are_removed_and_reported(tmp_path: Path) -> None:
    """Excel writes a control character as `_x0001_`; python-calamine gives it back as one."""
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [("产出指标", "数量指标", "培训_x0001_人次", "≥3次")]
    write_department(folder, 1, name="部门乙", rows=rows)
    c = merge(folder)
    row = next(c.indicator_rows())
    assert row[5] == "培训人次"
    found = [f for f in c.findings if f.code == "XG139"]
    assert len(found) == 1 and found[0].at.cell == row[13] and "培训□人次" in found[0].message()
    out = write_consolidation(c, tmp_path / "汇总.xlsx")
    assert openpyxl.load_workbook(out)[INDICATORS_SHEET]["F2"].value == "培训人次"


def test_clean_text_leaves_ordinary_text_alone() -> None:
    for text in (*HOSTILE, "", "x" * CELL_TEXT_LIMIT, "全角\u3000空格"):
        assert clean_text(text) == (text, ())
    assert clean_text("a\x00b\x1fc\ud800") == ("abc", ("XG139",))
    assert clean_text("y" * (CELL_TEXT_LIMIT + 1)) == ("y" * CELL_TEXT_LIMIT, ("XG140",))


def test_text_over_a_cells_limit_is_cut_and_reported(tmp_path: Path) -> None:
    report = validate_file(EXAMPLES / "东湖区人社局.xlsx")
    table = report.submission.tables[0]
    first = table.indicators[0]
    long = first.model_copy(update={"raw": "长" * (CELL_TEXT_LIMIT + 5)})
    tables = [table.model_copy(update={"indicators": [long, *table.indicators[1:]]})]
    submission = report.submission.model_copy(update={"tables": tables})
    result = digest(report.__class__(report.file, submission, report.findings))
    assert len(result.indicators[0][10]) == CELL_TEXT_LIMIT
    cut = [f for f in result.findings if f.code == "XG140"]
    assert [f.at for f in cut] == [first.at]
    assert not [f for f in read_file(report.file).findings if f.code in ("XG139", "XG140")]


# ---------------------------------------------------------------------- --also, jobs, start


def run_cli(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "xlgoals.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_also_writes_parquet_and_csv_beside_the_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [("产出指标", "数量指标", "=SUM(A1)", "≥3.25次")]
    write_department(folder, 1, name="部门丙", rows=rows)
    out = tmp_path / "汇总.xlsx"
    also = ("--also", "parquet", "--also", "csv")
    result = run_cli("merge", str(folder), "-o", str(out), "-q", *also)
    assert result.returncode == 0, result.stderr
    frame = pd.read_parquet(tmp_path / "汇总.指标明细.parquet")
    assert frame["三级指标"].tolist() == ["=SUM(A1)"]
    assert frame["指标值"].tolist() == [Decimal("3.25")]  # exact, not a float
    csv = pd.read_csv(tmp_path / "汇总.指标明细.csv", encoding="utf-8-sig", dtype=str)
    assert list(csv.columns) == list(INDICATOR_COLUMNS)
    assert csv["三级指标"].tolist() == ["'=SUM(A1)"]  # a spreadsheet opening the CSV runs nothing
    assert csv["一级指标"].tolist() == ["产出指标"]  # other text as it is


def test_also_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = run_cli("merge", str(EXAMPLES), "-o", str(tmp_path / "汇总.xlsx"), "--also", "xls")
    assert result.returncode == 2 and "parquet" in result.stderr
    assert not (tmp_path / "汇总.xlsx").exists()


def test_jobs_default_uses_every_core_and_gives_the_same_workbook(tmp_path: Path) -> None:
    one, every = tmp_path / "one.xlsx", tmp_path / "every.xlsx"
    assert run_cli("merge", str(EXAMPLES), "-o", str(one), "-q", "-j", "1").returncode == 0
    assert run_cli("merge", str(EXAMPLES), "-o", str(every), "-q").returncode == 0
    for sheet in ("预算汇总", "项目汇总", "指标明细", "问题清单"):
        assert sheet_rows(one, sheet) == sheet_rows(every, sheet)


def test_help_and_import_load_nothing_heavy() -> None:
    heavy = ("pandas", "openpyxl", "xlwings", "xlsxwriter", "python_calamine", "pyarrow")
    code = (
        "import sys, contextlib, io, xlgoals\n"
        "from xlgoals.cli import main\n"
        "sys.argv = ['xlgoals', '--help']\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main()\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert xlgoals.__version__


def test_streamed_cells_read_back_as_written(tmp_path: Path) -> None:
    """xlsx_stream on its own: numbers exact, odd numbers as text, text escaped both ways."""

    def values(path: Path) -> list[list]:
        return [[v if v != "" else None for v in row] for row in sheet_rows(path, "数据")[1:]]

    import xlsxwriter

    from xlgoals.district.stream import StreamedRows, fill_rows

    layout = tmp_path / "layout.xlsx"
    book = xlsxwriter.Workbook(str(layout))
    sheet = book.add_worksheet("数据")
    sheet.write_row(0, 0, ["文字", "数"])
    book.close()
    rows = [
        ("a & b < c > d", Decimal("1728.3777")),
        ("_x0041_ 不是 A", 42),
        ("  前后空格  ", 0.1),
        ("=SUM(A1)", Decimal("NaN")),
        ("", float("inf")),
        (None, Decimal("-0.0001")),
    ]
    out = tmp_path / "out.xlsx"
    table = StreamedRows("xl/worksheets/sheet1.xml", iter(rows), len(rows), [(0, 0), (0, 0)])
    fill_rows(layout, out, [table])
    expected = [
        ["a & b < c > d", 1728.3777],
        ["_x0041_ 不是 A", 42],
        ["  前后空格  ", 0.1],
        ["=SUM(A1)", "NaN"],
        [None, "inf"],
        [None, -0.0001],
    ]
    assert values(out) == expected  # python-calamine decodes `_x005F_` as Excel does
    sheet = openpyxl.load_workbook(out)["数据"]
    by_openpyxl = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert by_openpyxl[1][0] == "_x005F_x0041_ 不是 A"  # openpyxl leaves Excel's escapes be
    assert by_openpyxl[:1] + by_openpyxl[2:] == expected[:1] + expected[2:]
    assert sheet["A5"].data_type == "s" and sheet.dimensions == "A1:B7"
    if soffice_available():  # and LibreOffice reads the same, saving it as its own xlsx
        again = recalculate(out, tmp_path / "lo")
        by_libreoffice = [
            [v if v != "" else None for v in row] for row in sheet_rows(again, "数据")[1:]
        ]
        assert by_libreoffice == expected
    with pytest.raises(ValueError, match="rows written"):
        short = StreamedRows("xl/worksheets/sheet1.xml", iter(rows), 9, [(0, 0), (0, 0)])
        fill_rows(layout, tmp_path / "short.xlsx", [short])


def test_progress_bar_while_writing_changes_nothing(examples, tmp_path: Path) -> None:
    quiet = write_consolidation(examples, tmp_path / "a.xlsx", max_rows=50)
    shown = write_consolidation(examples, tmp_path / "b.xlsx", max_rows=50, progress=True)
    assert quiet.read_bytes() == shown.read_bytes()


def test_an_indicator_without_a_target_is_merged_with_a_blank_value(tmp_path: Path) -> None:
    """Found by the merge fuzz test: an empty 指标值 once stopped the whole merge."""
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [("产出指标", "数量指标", "培训人次", ""), ("产出指标", "数量指标", "培训班数", "≥2期")]
    write_department(folder, 1, name="部门丁", rows=rows)
    c = merge(folder)
    out = write_consolidation(c, tmp_path / "汇总.xlsx")
    check_merge(c, out, rows_in=2)
    detail = detail_rows(out)
    assert [(row[5], row[7]) for row in detail] == [("培训人次", ""), ("培训班数", 2.0)]
