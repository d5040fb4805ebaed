"""Layouts met in real workbooks, built in code as xlsx files, read by labels; every repair
is reported. Each rule has a case where it fires and one where it stays silent."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from xlgoals.importing import import_paths
from xlgoals.importing.writer import LOG_SHEET
from xlgoals.model.targets import Comparator
from xlgoals.reading.tables import read_workbook

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
DEPARTMENT = [
    ["东湖区测试局 2024 年度部门整体支出绩效目标表"],
    ["部门名称", "东湖区测试局"],
    ["收入预算合计", 100],
    ["其中：财政拨款", 100, "其他经费", 0],
    ["支出预算合计", 100],
    ["其中：基本支出", 60, "项目支出", 40],
    ["年度总体目标", "做好工作"],
]
INDICATORS = [
    ["产出指标", "数量指标", "培训次数", "≥5次"],
    ["效益指标", "社会效益指标", "群众获得感", "有所提升"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
]


def _book(path: Path, rows: list[list], merged: tuple[str, ...] = ()) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # `=100%` is a target as typed, not a formula
    for cells in merged:
        sheet.merge_cells(cells)
    workbook.save(path)
    return path


def _codes(submission) -> list[str]:
    return [f.code for f in submission.findings]


def test_labels_broken_by_line_breaks(tmp_path: Path) -> None:
    rows = [*DEPARTMENT[:2], ["收入预算\n合计", 100], *DEPARTMENT[3:], HEADER,
            ["产出\n指标", "数量 指标", "培训次数", "≥5次"],
            ["效益指标", "可持续影\n响指标", "长效机制", "健全"],
            ["满意度指\n标", "服务对象满意度指标", "群众满意度", "≥90%"]]  # fmt: skip
    submission = read_workbook(_book(tmp_path / "a.xlsx", rows))
    (table,) = submission.tables
    assert table.budget.income_total.value == 100
    levels = [(i.level1, i.level2) for i in table.indicators]
    assert levels == [("产出指标", "数量指标"), ("效益指标", "可持续影响指标"),
                      ("满意度指标", "服务对象满意度指标")]  # fmt: skip
    result = import_paths([tmp_path / "a.xlsx"], tmp_path / "out")
    joined = {e.source: e.finding.params["joined"] for e in result.departments[0].entries
              if e.finding.code == "XG134"}  # fmt: skip
    assert joined == {"Sheet1!A3": "收入预算合计", "Sheet1!A9": "产出指标",
                      "Sheet1!B9": "数量指标", "Sheet1!B10": "可持续影响指标",
                      "Sheet1!A11": "满意度指标"}  # fmt: skip


def test_labels_without_breaks_are_not_reported(tmp_path: Path) -> None:
    _book(tmp_path / "a.xlsx", [*DEPARTMENT, HEADER, *INDICATORS])
    result = import_paths([tmp_path / "a.xlsx"], tmp_path / "out")
    codes = [e.finding.code for e in result.departments[0].entries]
    assert set(codes) <= {"XG137"}  # 有所提升 entered as 定性, nothing else
    assert result.exit_code == 0


def test_value_right_across_merged_cells_or_below(tmp_path: Path) -> None:
    rows = [DEPARTMENT[0], ["部门名称", None, None, "东湖区测试局"],
            ["收入预算合计", None, "其他经费"], [100, None, 0], *DEPARTMENT[4:], HEADER,
            *INDICATORS]  # fmt: skip
    path = _book(tmp_path / "a.xlsx", rows, merged=("A2:C2",))
    (table,) = read_workbook(path).tables
    assert table.department.value == "东湖区测试局"
    assert table.department.at.cell == "D2"
    assert table.budget.income_total.value == 100 and table.budget.income_total.at.cell == "A4"
    assert table.budget.other.value == 0


def test_synonyms_and_amounts_in_yuan(tmp_path: Path) -> None:
    rows = [["2024 年度区级测试专项资金绩效目标表"],
            ["项目名称:", "测试项目", "申请金额（元）:", "862,300.50"],
            ["主管部门及代码", "137-东湖区测试局", "其中：财政拨款", "862,300.50"],
            ["年度绩效目标", "完成工作"],
            ["一级指标", "二级指标", "三级指标", "2024 年目标值"],
            ["产出指标", "数量", "培训次数", "≥5次"]]  # fmt: skip
    submission = read_workbook(_book(tmp_path / "a.xlsx", rows))
    (table,) = submission.tables
    assert table.funds.total.value == Decimal("86.23005")
    assert table.funds.total.places == 6  # two decimals in 元 are six in 万元
    assert table.funds.fiscal.value == Decimal("86.23005")
    assert _codes(submission).count("XG116") == 2
    assert table.indicators[0].target.key == (Comparator.GE, 5, "次", None, False)


def test_amounts_in_wanyuan_are_not_converted(tmp_path: Path) -> None:
    submission = read_workbook(_book(tmp_path / "a.xlsx", [*DEPARTMENT, HEADER, *INDICATORS]))
    assert "XG116" not in _codes(submission)
    assert submission.tables[0].budget.basic.value == 60


def test_two_row_header(tmp_path: Path) -> None:
    rows = [*DEPARTMENT, ["一级指标", "二级指标", "三级指标", "2024 年目标值"],
            [None, None, None, "计算符号", "目标值", "单位"],
            ["产出指标", "数量", "培训次数", "≥", 5, "次"],
            ["效益指标", "社会效益", "群众获得感", "定性", "有所提升"],
            ["满意度指标", "满意度", "群众满意度", "≥", 90, "%"]]  # fmt: skip
    (table,) = read_workbook(_book(tmp_path / "a.xlsx", rows)).tables
    keys = [i.target.key for i in table.indicators]
    assert keys == [(Comparator.GE, 5, "次", None, False),
                    (Comparator.QUALITATIVE, None, "", "有所提升", False),
                    (Comparator.GE, 90, "%", None, False)]  # fmt: skip


SHIFTED = [
    ["产出指标", "数量指标", "培训次数", "≥5次"],
    [None, "培训覆盖人群情况比较广泛", "有所提升"],  # name in the 二级 column
    ["时效指标", "完成及时率", "100%"],  # 二级 in the 一级 column
    [None, None, None, "宣传场次", "≥3场"],  # one column right
    ["效益指标", "社会效益指标", "群众获得感", "有所提升"],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
]


def test_shifted_rows_are_moved_back_and_reported(tmp_path: Path) -> None:
    submission = read_workbook(_book(tmp_path / "a.xlsx", [*DEPARTMENT, HEADER, *SHIFTED]))
    (table,) = submission.tables
    rows = [(i.level1, i.level2, i.name, i.raw) for i in table.indicators]
    assert rows[1:4] == [("产出指标", "数量指标", "培训覆盖人群情况比较广泛", "有所提升"),
                         ("产出指标", "时效指标", "完成及时率", "100%"),
                         ("产出指标", "时效指标", "宣传场次", "≥3场")]  # fmt: skip
    moved = [(f.at.cell, f.params["direction"]) for f in submission.findings if f.code == "XG130"]
    assert moved == [("B10", "right"), ("B11", "right"), ("D12", "left")]


def test_unknown_level2_with_a_target_is_not_moved(tmp_path: Path) -> None:
    rows = [*DEPARTMENT, HEADER, ["产出指标", "工作指标", "培训次数", "≥5次"],
            [None, "履职效能", "办结率", None], *INDICATORS[1:]]  # fmt: skip
    submission = read_workbook(_book(tmp_path / "a.xlsx", rows))
    assert "XG130" not in _codes(submission)
    names = [i.name for i in submission.tables[0].indicators]
    assert names[:2] == ["培训次数", "办结率"]


def test_page_break_continuation(tmp_path: Path) -> None:
    rows = [*DEPARTMENT, HEADER, *INDICATORS, [None, None, "流动人员满意度"],
            ["--", "--", "---------", "--"], [None, None, None, "=100%"],
            ["--", "--", "--", "-------"]]  # fmt: skip
    submission = read_workbook(_book(tmp_path / "a.xlsx", rows))
    last = submission.tables[0].indicators[-1]
    assert last.name == "流动人员满意度"
    assert last.target.key == (Comparator.EQ, 100, "%", None, False)
    assert last.target_at.cell == "D14"
    assert len(submission.tables[0].indicators) == 4
    assert _codes(submission).count("XG131") == 1 and _codes(submission).count("XG132") == 2


def test_missing_target_stays_missing(tmp_path: Path) -> None:
    rows = [*DEPARTMENT, HEADER, [*INDICATORS[0][:3], None], *INDICATORS[1:]]
    submission = read_workbook(_book(tmp_path / "a.xlsx", rows))
    assert "XG131" not in _codes(submission)
    assert submission.tables[0].indicators[0].raw == ""


def test_several_tables_on_one_sheet(tmp_path: Path) -> None:
    project = [["2024年度区级测试专项资金绩效目标表"], ["项目名称", "测试项目"],
               ["主管部门及代码", "137-东湖区测试局"], ["年度资金总额", 40],
               ["年度绩效目标", "完成"], HEADER, ["成本指标", "经济成本指标", "人均成本", "≤750元"],
               *INDICATORS]  # fmt: skip
    rows = [*DEPARTMENT, HEADER, *INDICATORS, [], *project]
    submission = read_workbook(_book(tmp_path / "a.xlsx", rows))
    assert [(t.kind, len(t.indicators)) for t in submission.tables] == [("department", 3),
                                                                       ("project", 4)]  # fmt: skip
    result = import_paths([tmp_path / "a.xlsx"], tmp_path / "out")
    (department,) = result.departments
    assert department.name == "东湖区测试局"
    written = openpyxl.load_workbook(department.path)
    assert written["项目1"]["B2"].value == "测试项目"
    assert written["部门整体"]["B2"].value == "东湖区测试局"


def test_pdf_extracted_workbook_imports_validates_and_merges(tmp_path: Path) -> None:
    """Merged label cells, labels split over lines, amounts in 元 with separators."""
    rows = [["东湖区样例局2024年度部门整体支出绩效目标表"],
            ["部门\n名称", None, "东湖区样例局"],
            ["当年预算情况（元）"],
            ["收入预算\n合计", None, "17,283,777.00"],
            ["其中：财政\n拨款", None, "17,283,777.00", "其他经费", "0"],
            ["支出预算\n合计", None, "17,283,777.00"],
            ["其中：基本\n支出", None, "16,382,777.00", "项目支出", "901,000.00"],
            ["年度总体\n目标", None, "做好就业服务"],
            ["一级\n指标", "二级\n指标", "三级\n指标", "指标值"],
            ["产出指标", "数量指标", "培训\n人次", "≥ 3221 人次"],
            [None, "质量指标", "补贴发放准确率", "≥98%"],
            ["效益指标", "社会效益\n指标", "年末城镇登记失业率", "5.5%左右"],
            ["满意度指\n标", "服务对象满意度指标", "公共就业服务满意度", "≥85%"]]  # fmt: skip
    merged = ("A2:B2", "A4:B4", "A5:B5", "A6:B6", "A7:B7", "A8:B8", "A10:A11")
    source = _book(tmp_path / "pdf.xlsx", rows, merged)
    result = import_paths([source], tmp_path / "out")
    (department,) = result.departments
    codes = [e.finding.code for e in department.entries]
    assert codes.count("XG116") == 6 and "XG134" in codes and "XG136" in codes
    converted = next(e for e in department.entries if e.finding.code == "XG116")
    assert converted.source == "Sheet1!C4" and converted.written == "部门整体!B4"
    read = read_workbook(department.path)
    (table,) = read.tables
    assert table.budget.income_total.value == Decimal("1728.3777")
    assert table.budget.project.value == Decimal("90.1")
    assert table.indicators[0].name == "培训人次"
    assert not read.findings

    from xlgoals.validation import validate

    report = validate([department.path])
    assert len(report.files) == 1 and report.files[0].submission is not None
    import subprocess
    import sys

    merged_out = tmp_path / "区.xlsx"
    done = subprocess.run([sys.executable, "-c", "from xlgoals.cli import main; main()", "merge",
                           str(department.path), "-o", str(merged_out), "-q"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    log = openpyxl.load_workbook(department.path)[LOG_SHEET]
    assert log.max_row == len(department.entries) + 1


def test_log_sheet_is_not_read_as_a_table(tmp_path: Path) -> None:
    _book(tmp_path / "a.xlsx", [*DEPARTMENT, HEADER, *INDICATORS])
    result = import_paths([tmp_path / "a.xlsx"], tmp_path / "out")
    assert len(read_workbook(result.departments[0].path).tables) == 1


@pytest.mark.parametrize("content", [b"", "没有表格的说明文字\n".encode()])
def test_nothing_to_import(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "x.txt").write_bytes(content)
    result = import_paths([tmp_path / "x.txt"], tmp_path / "out")
    assert result.exit_code == 2 and [f.code for f in result.failures] == ["XG003"]


def test_the_file_written_is_the_file_checked_against_the_inputs(tmp_path: Path) -> None:
    """Two inputs of one department: the second is written as 东湖区人社局-2.xlsx. When that
    very name is an input in the output folder, the import refuses instead of replacing it."""
    example = Path(__file__).resolve().parents[1] / "examples" / "departments" / "东湖区人社局.xlsx"
    out = tmp_path / "out"
    out.mkdir()
    first, second = tmp_path / "a.xlsx", out / "东湖区人社局-2.xlsx"
    first.write_bytes(example.read_bytes())
    second.write_bytes(example.read_bytes())
    before = second.read_bytes()
    with pytest.raises(ValueError):
        import_paths([first, second], out)
    assert second.read_bytes() == before
