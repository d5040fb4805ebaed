"""`xlgoals merge`: the district workbook from the example departments, district-level findings,
mixed folders and the command line. Outputs are read back with python-calamine, openpyxl and
LibreOffice."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from support.libreoffice import recalculate
from support.merge_invariants import check_merge, sheet_rows, sheet_table
from support.synthetic_departments import write_department

import xlgoals
from xlgoals.district.merge import merge
from xlgoals.district.workbook import CREATED_CELL, TITLES, write_consolidation
from xlgoals.validation import validate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "departments"
CREATED = datetime(2024, 3, 1, 9, 30)
SHEETS = ["预算汇总", "项目汇总", "指标明细", "问题清单", "图表", "说明"]


rows, table = sheet_rows, sheet_table


def run_cli(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from xlgoals.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("merge") / "东湖区汇总.xlsx"
    return write_consolidation(merge(EXAMPLES, created=CREATED), out)


# ---------------------------------------------------------------- the example departments


def test_api_counts_of_the_examples() -> None:
    c = xlgoals.merge(EXAMPLES, created=CREATED)
    assert list(c.sheets()) == SHEETS[:4]
    assert len(c.budget()) == 2
    assert len(c.projects()) == 2
    assert len(c.indicators()) == 162
    assert c.created == CREATED
    assert [Path(f.file).name for f in c.files] == ["东湖区人社局.xlsx", "东湖区文广新旅局.xlsx"]


def test_sheets_in_contract_order_with_contract_columns(district: Path) -> None:
    workbook = CalamineWorkbook.from_path(str(district))
    assert workbook.sheet_names == SHEETS
    workbook.close()
    required = {
        "预算汇总": "部门 收入预算合计 财政拨款 其他经费 支出预算合计 基本支出 项目支出 "
        "项目资金合计 错误数 警告数 来源文件",
        "项目汇总": "部门 项目名称 年度资金总额 财政拨款 上年结转 其他资金 来源文件",
        "指标明细": "部门 表 项目名称 一级指标 二级指标 三级指标 计算符号 指标值 单位 原文 "
        "来源文件 工作表 单元格",
        "问题清单": "代码 级别 说明 部门 来源文件 工作表 单元格",
    }
    for sheet, columns in required.items():
        assert set(columns.split()) <= set(rows(district, sheet)[0]), sheet


def test_counts_in_the_workbook(district: Path) -> None:
    assert len(table(district, "预算汇总")) == 2
    assert len(table(district, "项目汇总")) == 2
    assert len(rows(district, "指标明细")) == 1 + 162


def test_total_row_is_the_decimal_sum(district: Path) -> None:
    c = merge(EXAMPLES)
    frame = c.budget()
    sheet = rows(district, "预算汇总")
    total = next(r for r in sheet if r[0] == "合计")
    head = sheet[0]
    columns = ("收入预算合计", "财政拨款", "支出预算合计", "基本支出", "项目支出", "项目资金合计")
    for column in columns:
        expected = sum(frame[column], Decimal(0))
        assert Decimal(repr(total[head.index(column)])).quantize(Decimal("0.0001")) == expected
    assert sum(frame["收入预算合计"], Decimal(0)) == Decimal("2649.1077")
    assert total[head.index("收入预算合计")] == pytest.approx(2649.1077, abs=1e-9)


def test_totals_are_formulas_and_precision_is_kept(district: Path) -> None:
    sheet = openpyxl.load_workbook(district)["预算汇总"]
    assert sheet["A1"].value == "部门预算汇总（金额单位：万元）"  # a title that gives the unit
    head = [c.value for c in sheet[2]]
    col = head.index("收入预算合计") + 1
    assert sheet.cell(3, col).value == 1728.3777  # exact value, not a rounded display
    assert sheet.cell(3, col).number_format == "#,##0.00##"
    total = sheet.cell(5, col)
    assert sheet.cell(5, 1).value == "合计"
    assert (
        total.data_type == "f"
        and total.value == f"=SUM({total.column_letter}3:{total.column_letter}4)"
    )
    difference = sheet.cell(3, head.index("项目资金差额") + 1)
    assert difference.data_type == "f" and difference.value == "=H3-I3"  # 90.10 − 400
    # no department gives 上年结转: blank in every row, and blank (not 0.00) in the 合计
    carryover = head.index("上年结转") + 1
    assert [sheet.cell(r, carryover).value for r in (3, 4, 5)] == [None, None, None]


def test_project_funds_beside_project_expenditure(district: Path) -> None:
    budget = {r["部门"]: r for r in table(district, "预算汇总")}
    people = budget["东湖区人力资源和社会保障局"]
    assert people["项目支出"] == pytest.approx(90.1)
    assert people["项目资金合计"] == 400
    assert people["项目资金差额"] == pytest.approx(-309.9)
    culture = budget["东湖区文化广电新闻出版旅游局"]
    assert culture["项目资金合计"] == pytest.approx(86.23)


def test_indicator_provenance_and_parsed_target(district: Path) -> None:
    indicators = table(district, "指标明细")
    row = next(r for r in indicators if r["三级指标"] == "全区参保人数")
    parsed = (row["计算符号"], row["指标值"], row["单位"], row["原文"])
    assert parsed == ("≤", 44, "万人", "≤44万人")
    assert (row["来源文件"], row["工作表"]) == ("东湖区人社局.xlsx", "部门整体")
    grids = openpyxl.load_workbook(EXAMPLES / row["来源文件"])[row["工作表"]]
    assert grids[row["单元格"]].value == "全区参保人数"  # the cell points at the 三级 name


def test_every_validate_finding_is_in_the_problem_list(district: Path) -> None:
    listed = [tuple(r[k] for k in ("代码", "说明", "来源文件", "工作表", "单元格"))
              for r in table(district, "问题清单")]  # fmt: skip
    for item in validate(EXAMPLES).findings:
        key = (item.code, item.message(), Path(item.at.file).name, item.at.sheet or "",
               item.at.cell or "")  # fmt: skip
        assert key in listed


def test_printing_set_up(district: Path) -> None:
    workbook = openpyxl.load_workbook(district)
    for name in SHEETS[:4]:
        sheet = workbook[name]
        header = 2 if name in TITLES else 1  # below the title that gives the unit
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.print_title_rows == f"$1:${header}"
        assert sheet.freeze_panes == f"B{header + 1}"
        assert sheet.auto_filter.ref.startswith(f"A{header}:")
        assert sheet["A1"].font.name == "宋体" and sheet["A1"].font.bold
    charts = workbook["图表"]
    assert charts.page_setup.orientation == "portrait"  # the three charts on one page
    assert [b.id for b in charts.row_breaks.brk] == [49]  # then the data they read
    assert workbook[CREATED_CELL[0]][CREATED_CELL[1]].value == "2024-03-01 09:30:00"


def test_native_charts(district: Path) -> None:
    with zipfile.ZipFile(district) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(archive.read(n).decode() for n in charts)
    assert len(charts) == 3
    assert xml.count("<c:barChart>") == 3 and 'val="stacked"' in xml
    assert "预算汇总" in xml  # the budget chart reads the budget sheet, below its title row
    assert "$A$3:$A$4" in xml and "$G$2" in xml
    # a legend lists only series with something in them: no 其他 (no such 一级), no 提示
    assert xml.count("<c:ser>") == 2 + 4 + 2
    assert "$F$51" not in xml and "$D$56" not in xml


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_cached_values(district: Path, tmp_path: Path) -> None:
    recalculated = recalculate(district, tmp_path)
    for sheet in ("预算汇总", "项目汇总"):
        ours, theirs = rows(district, sheet), rows(recalculated, sheet)
        assert len(ours) == len(theirs)
        for mine, lo in zip(ours, theirs, strict=True):
            for a, b in zip(mine, lo, strict=True):
                if isinstance(a, float):
                    assert b == pytest.approx(a, abs=1e-9), sheet
                else:
                    assert a == b, sheet


# ---------------------------------------------------------------- district-level findings


def codes(c) -> list[tuple[str, str]]:
    return [(f.code, Path(f.at.file).name) for f in c.findings]


def test_examples_have_no_district_findings() -> None:
    found = {code for code, _ in codes(merge(EXAMPLES))}
    assert not found & {"XG008", "XG009", "XG402"}


def test_same_department_twice_keeps_and_flags_both(tmp_path: Path) -> None:
    for name in ("东湖区人社局.xlsx", "东湖区文广新旅局.xlsx"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    shutil.copy(EXAMPLES / "东湖区人社局.xlsx", tmp_path / "人社局（修改稿）.xlsx")
    c = merge(tmp_path)
    assert len(c.budget()) == 3
    flagged = sorted(name for code, name in codes(c) if code == "XG008")
    assert flagged == ["东湖区人社局.xlsx", "人社局（修改稿）.xlsx"]
    problem = next(f for f in c.findings if f.code == "XG008")
    assert "东湖区人社局.xlsx" in problem.message() and "人社局（修改稿）.xlsx" in problem.message()


def test_missing_department_table_is_named(tmp_path: Path) -> None:
    made = write_department(tmp_path, 1, seed=3)
    workbook = openpyxl.load_workbook(made.path)
    if "项目1" not in workbook.sheetnames:
        pytest.skip("this seed made no project sheet")
    del workbook["部门整体"]
    workbook.save(made.path)
    write_department(tmp_path, 2, seed=3)
    c = merge(tmp_path)
    missing = [f for f in c.findings if f.code == "XG009"]
    assert [Path(f.at.file).name for f in missing] == [made.path.name]
    assert "部门整体" in missing[0].message()
    row = next(r for _, r in c.budget().iterrows() if r["来源文件"] == made.path.name)
    assert row["收入预算合计"] is None and row["项目资金合计"] is not None


def _unit_rows(target: str) -> list[tuple[str, ...]]:
    return [
        ("产出指标", "数量指标", "培训人次", target),
        ("效益指标", "社会效益指标", "群众知晓率", "≥90%"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
    ]


def test_units_differing_across_departments(tmp_path: Path) -> None:
    write_department(tmp_path, 1, name="甲局", rows=_unit_rows("≥500人次"))
    write_department(tmp_path, 2, name="乙局", rows=_unit_rows("≥80%"))
    c = merge(tmp_path)
    conflicts = [f for f in c.findings if f.code == "XG402"]
    assert sorted(f.department for f in conflicts) == ["乙局", "甲局"]
    assert all(f.params["name"] == "培训人次" for f in conflicts)
    assert "人次" in conflicts[0].message() and "%" in conflicts[0].message()


def test_convertible_units_are_not_a_conflict(tmp_path: Path) -> None:
    write_department(tmp_path, 1, name="甲局", rows=_unit_rows("≤5万元"))
    write_department(tmp_path, 2, name="乙局", rows=_unit_rows("≤50000元"))
    write_department(tmp_path, 3, name="丙局", rows=_unit_rows("≤5 万元"))
    assert not [f for f in merge(tmp_path).findings if f.code == "XG402"]


# ---------------------------------------------------------------- folders and the command line


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_mixed_folder(tmp_path: Path, district: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("东湖区人社局.xlsx", "东湖区文广新旅局.xlsx"):
        shutil.copy(EXAMPLES / name, inbox / name)
    (inbox / "损坏.xlsx").write_bytes(b"this is not a workbook")
    (inbox / "~$东湖区人社局.xlsx").write_bytes(b"\x00" * 165)
    shutil.copy(district, inbox / "上次汇总.xlsx")
    before = {p.name: _hash(p) for p in inbox.iterdir()}
    out = tmp_path / "汇总.xlsx"
    result = run_cli("merge", str(inbox), "-o", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert {p.name: _hash(p) for p in inbox.iterdir()} == before  # inputs untouched
    check_merge(merge(inbox), out, rows_in=162)
    assert len(table(out, "预算汇总")) == 2
    assert len(rows(out, "指标明细")) == 1 + 162
    problems = {(r["代码"], r["来源文件"]) for r in table(out, "问题清单")}
    assert ("XG001", "损坏.xlsx") in problems
    assert ("XG005", "~$东湖区人社局.xlsx") in problems
    assert ("XG006", "上次汇总.xlsx") in problems
    reason = next(r["说明"] for r in table(out, "问题清单") if r["来源文件"] == "损坏.xlsx")
    assert reason  # the reason is written out, not only the code
    notes = [r[3] for r in rows(out, "说明") if len(r) > 3 and r[0] == "损坏.xlsx"]
    assert notes and notes[0].startswith("未能读取")


def test_output_over_an_input_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "东湖区人社局.xlsx"
    shutil.copy(EXAMPLES / "东湖区人社局.xlsx", target)
    before = _hash(target)
    result = run_cli("merge", str(tmp_path), "-o", str(target))
    assert result.returncode == 2
    assert "不能覆盖" in result.stderr
    assert _hash(target) == before


def test_nothing_usable_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "坏.xlsx").write_bytes(b"PK\x03\x04 broken")
    out = tmp_path / "out" / "汇总.xlsx"
    result = run_cli("merge", str(tmp_path / "坏.xlsx"), "-o", str(out))
    assert result.returncode == 2
    assert "XG001" in result.stderr
    assert not out.exists()


def test_output_must_be_xlsx(tmp_path: Path) -> None:
    result = run_cli("merge", str(EXAMPLES), "-o", str(tmp_path / "汇总.csv"))
    assert result.returncode == 2


def test_cli_merges_examples_atomically_and_quietly(tmp_path: Path) -> None:
    out = tmp_path / "东湖区汇总.xlsx"
    out.write_bytes(b"an older file")
    result = run_cli("merge", str(EXAMPLES), "-o", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "━" not in result.stderr  # stderr is not a terminal: no progress bar
    assert "162" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left behind
    assert len(rows(out, "指标明细")) == 1 + 162


def test_a_unit_conflict_points_at_each_departments_uses(tmp_path: Path) -> None:
    """XG402 names a department's first use and, as related, every other department's uses;
    the name is compared without its spaces."""
    from xlgoals.district.digest import CELL, NAME, SHEET
    from xlgoals.problems.findings import Where

    write_department(tmp_path, 1, name="甲局", rows=_unit_rows("≥500人次"))
    twice = [*_unit_rows("≥80%"), ("产出指标", "质量指标", "培训 人次", "≥90%")]
    write_department(tmp_path, 2, name="乙局", rows=twice)
    c = merge(tmp_path)
    cells = {
        f.department: [
            Where(file=f.file, sheet=row[SHEET], cell=row[CELL])
            for row in f.indicators
            if row[NAME].replace(" ", "") == "培训人次"
        ]
        for f in c.files
    }
    assert [len(cells["甲局"]), len(cells["乙局"])] == [1, 2]
    conflicts = {f.department: f for f in c.findings if f.code == "XG402"}
    assert conflicts["甲局"].at == cells["甲局"][0]
    assert conflicts["甲局"].related == tuple(cells["乙局"])
    assert conflicts["乙局"].at == cells["乙局"][0]
    assert conflicts["乙局"].related == tuple(cells["甲局"])
