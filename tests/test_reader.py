"""Reading the example departments back gives exactly the seed's tables."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from support.goal_tables import from_rows

from xlgoals.model.framework import squash
from xlgoals.model.targets import Comparator, parse_comparator, parse_target
from xlgoals.reading.tables import read_grid, read_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "departments"
SEED_TABLES = json.loads((ROOT / "examples" / "seed_tables.json").read_text(encoding="utf-8"))
SEED_TEXT = squash((ROOT / "examples" / "seed.txt").read_text(encoding="utf-8"))

EXPECTED_ROWS = {
    ("东湖区人社局", "department"): 76,
    ("东湖区人社局", "project"): 21,
    ("东湖区文广新旅局", "department"): 30,
    ("东湖区文广新旅局", "project"): 35,
}


@pytest.fixture(scope="module", params=sorted(SEED_TABLES))
def department(request):
    name = request.param
    return name, SEED_TABLES[name], read_workbook(EXAMPLES / f"{name}.xlsx")


def test_four_tables_and_162_rows():
    total = 0
    for name in SEED_TABLES:
        submission = read_workbook(EXAMPLES / f"{name}.xlsx")
        assert [t.kind for t in submission.tables] == ["department", "project"]
        for table in submission.tables:
            assert len(table.indicators) == EXPECTED_ROWS[(name, table.kind)]
            total += len(table.indicators)
        assert not submission.findings
    assert total == 162


def test_budget_figures_equal_as_decimal(department):
    _, seed, submission = department
    _assert_amounts(submission.department_tables[0].budget, seed["department"])
    assert submission.department_tables[0].budget.income_total.at.sheet == "部门整体"
    for project, expected in zip(submission.project_tables, seed["projects"], strict=True):
        _assert_amounts(project.funds, expected)


def _assert_amounts(money, expected: dict) -> None:
    """Every amount the seed gives equals it as a Decimal; the others were not read."""
    for field, label in money.labels().items():
        amount = getattr(money, field)
        if label in expected:
            assert amount.value == Decimal(expected[label]), label
        else:
            assert amount is None, label


def _expected_target(row: list[str]):
    symbol, value, unit = row[3:6]
    if symbol == "定性":
        return (Comparator.QUALITATIVE, None, "", value + unit, False)
    comparator = parse_comparator(symbol) if symbol else None
    return parse_target((comparator.value if comparator else "") + value + unit).key


def test_indicators_equal_seed(department):
    _, seed, submission = department
    tables = [seed["department"], *seed["projects"]]
    for table, expected in zip(submission.tables, tables, strict=True):
        level1 = level2 = None
        for indicator, row in zip(table.indicators, expected["indicators"], strict=True):
            level1 = row[0] or level1
            level2 = row[1] or level2
            assert indicator.name == row[2]
            assert indicator.level1_raw == level1
            assert indicator.level2_raw == level2
            assert indicator.target.key == _expected_target(row)
            assert indicator.at.cell.startswith("C")


def test_transcription_matches_seed_text():
    """Every name and target in the JSON transcription occurs in the seed text itself."""
    for seed in SEED_TABLES.values():
        for table in [seed["department"], *seed["projects"]]:
            for row in table["indicators"]:
                assert squash(row[2]) in SEED_TEXT, row
                if row[3] != "定性" or row[4] in SEED_TEXT:
                    assert squash(row[4] + row[5]) in SEED_TEXT or squash(row[4]) in SEED_TEXT


def test_every_value_keeps_file_sheet_cell(department):
    name, _, submission = department
    for table in submission.tables:
        for indicator in table.indicators:
            assert indicator.at.file.endswith(f"{name}.xlsx")
            assert re.fullmatch(r"[A-Z]+\d+", indicator.at.cell)
            assert indicator.target_at.cell.startswith("E")


def test_value_below_label_and_blank_continuation():
    grid = from_rows(
        "t.xlsx",
        "S",
        [
            ["项目支出绩效目标表"],
            ["项目名称：", None, "测试项目"],
            ["年度资金总额（元）"],
            ["1,234,500.00"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出", "数量", "培训人次", "≥100人次"],
            [None, None, "培训班数", "≥2 期"],
            [None, "时效", "完成及时率", "=100%"],
        ],
    )
    (table,), findings = read_grid(grid)
    assert table.kind == "project"
    assert table.project_name.value == "测试项目"
    assert table.funds.total.value == Decimal("123.45")
    assert table.funds.total.places == 6
    assert [f.code for f in findings] == ["XG116"]
    names = [(i.level1, i.level2, i.name) for i in table.indicators]
    assert names == [
        ("产出指标", "数量指标", "培训人次"),
        ("产出指标", "数量指标", "培训班数"),
        ("产出指标", "时效指标", "完成及时率"),
    ]


def test_missing_labels_and_bad_amounts_are_reported():
    grid = from_rows(
        "t.xlsx",
        "S",
        [
            ["部门整体支出绩效目标表"],
            ["收入预算合计", "一千万"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
        ],
    )
    (table,), findings = read_grid(grid)
    codes = sorted(f.code for f in findings)
    assert "XG114" in codes  # 一千万 is not an amount
    assert "XG101" in codes  # 部门名称 and the other labels are missing
    assert "XG113" in codes  # no indicator rows
    assert table.budget.income_total is None


def test_untouched_project_sheet_is_not_a_table(tmp_path):
    """A department without projects leaves the template's 项目1 sheet blank: no findings."""
    from xlgoals.write import template
    from xlgoals.write.common import save_workbook

    book = template.build_template()
    sheet = book[template.DEPARTMENT_SHEET]
    for label, value in {"部门名称": "测试局", "财政拨款": 10, "其他经费": 0, "基本支出": 6,
                         "项目支出": 4, "年度总体目标": "目标"}.items():  # fmt: skip
        sheet[template.DEPARTMENT_CELLS[label]] = value
    path = save_workbook(book, tmp_path / "只有部门整体.xlsx")
    submission = read_workbook(path)
    assert [t.kind for t in submission.tables] == ["department"]
    assert submission.tables[0].department.value == "测试局"
    assert not [f for f in submission.findings if f.at.sheet == template.PROJECT_SHEET]
    blank = save_workbook(template.build_template(), tmp_path / "空.xlsx")
    assert [f.code for f in read_workbook(blank).findings] == ["XG003"]


def test_section_line_below_an_empty_label_is_not_its_value():
    grid = from_rows(
        "t.xlsx",
        "S",
        [
            ["部门整体支出绩效目标表"],
            ["部门名称", None],
            ["当年预算情况（万元）"],
            ["年度总体目标", None],
            ["年度绩效指标"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "培训人次", "≥100人次"],
        ],
    )
    (table,), _ = read_grid(grid)
    assert table.department is None
    assert table.goal is None


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (["指标值", "单位"], ["≥90", "%"], (Comparator.GE, Decimal(90), "%", "≥90%")),
        (["指标值", "单位"], [12, "次"], (None, Decimal(12), "次", "12次")),
        (["指标值", "单位"], ["≥5次", None], (Comparator.GE, Decimal(5), "次", "≥5次")),
        (["指标值"], ["≥90%"], (Comparator.GE, Decimal(90), "%", "≥90%")),
    ],
)
def test_a_unit_column_without_a_comparator_column(header, row, expected):
    """指标值 and 单位 columns with no 计算符号 column: the unit completes the target."""
    grid = from_rows(
        "t.xlsx",
        "S",
        [
            ["项目支出绩效目标表"],
            ["项目名称：", None, "测试项目"],
            ["一级指标", "二级指标", "三级指标", *header],
            ["产出", "数量", "培训覆盖率", *row],
        ],
    )
    (table,), _ = read_grid(grid)
    (item,) = table.indicators
    target = item.target
    assert (target.comparator, target.number, target.unit, item.raw) == expected
