"""The reader on other provinces' layouts (issue 14): each rule shown firing and silent, on
small tables built from the corpus fixtures' layouts, and on real workbooks written with
openpyxl and read back through calamine (and through LibreOffice where a client's file
format matters)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from support.goal_tables import GOOD, codes, department
from support.libreoffice import convert

from xlgoals.importing.text import read_text, text_to_grid
from xlgoals.model.targets import Comparator
from xlgoals.reading.columns import column_role
from xlgoals.reading.tables import read_tables, read_workbook
from xlgoals.validation import validate_submission

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def _text(lines: list[str]):
    grid, _ = text_to_grid("\n".join(lines), "t.txt")
    submission = read_tables([grid], "t.txt")
    return submission, [f.code for f in validate_submission(submission).findings]


def _rows(submission):
    return [
        (i.level1, i.level2, i.name, i.comparator.value if i.comparator else "", i.value, i.unit)
        for t in submission.tables
        for i in t.indicators
    ]


PROJECT_HEAD = ["项目支出绩效目标表", "项目名称\t测试项目", "年度资金总额\t10"]
FULL = [
    "产出指标\t数量指标\t培训人数\t≥\t100\t人",
    "产出指标\t质量指标\t合格率\t≥\t95\t%",
    "成本指标\t经济成本指标\t人均成本\t≤\t300\t元",
    "效益指标\t社会效益指标\t就业率\t≥\t80\t%",
    "满意度指标\t服务对象满意度指标\t学员满意度\t≥\t90\t%",
]


def test_header_words_of_other_provinces() -> None:
    assert column_role("度量单位") == "unit" == column_role("计量单位")
    assert column_role("指标性质") == "nature"
    assert column_role("指标内容") == "name" == column_role("三级指标(年度)")
    assert column_role("指标目标值") == "target" == column_role("年初目标值(A)")
    assert column_role("二级指标(长期)") == "longterm"
    assert column_role("项目名称") == "project"
    assert column_role("年度总体目标") is None


def test_sichuan_nature_column_is_the_comparator_and_rows_lost_their_leading_cells() -> None:
    header = "绩效指标\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重"
    rows = [
        "产出指标\t数量指标\t培训人数\t≥\t100\t人\t20",  # the merged 绩效指标 cell is lost
        "质量指标\t合格率\t=\t100\t%\t20",  # and the 一级 too
        "成本指标\t经济成本指标\t人均成本\t≤\t300\t元\t20",
        "效益指标\t社会效益指标\t就业率\t≥\t80\t%\t20",
        "满意度指标\t服务对象满意度指标\t学员满意度\t定性\t好\t\t20",
    ]
    submission, found = _text([*PROJECT_HEAD, header, *rows])
    assert _rows(submission)[:2] == [
        ("产出指标", "数量指标", "培训人数", "≥", 100, "人"),
        ("产出指标", "质量指标", "合格率", "=", 100, "%"),
    ]
    assert _rows(submission)[4][3:5] == ("定性", "好")
    assert submission.tables[0].indicators[0].weight.value == 20
    assert submission.tables[0].coverage == 1 and found == []


def test_chongqing_nature_column_is_the_value_type() -> None:
    header = "一级指标\t二级指标\t三级指标\t计量单位\t指标性质\t指标值"
    rows = [
        "产出指标\t数量指标\t培训人数\t人\t定量指标\t≥100",
        "满意度指标\t服务对象满意度指标\t学员满意度\t%\t定量指标\t≥90",
        "效益指标\t社会效益指标\t制度健全性\t\t定性指标\t健全",
    ]
    submission, _ = _text([*PROJECT_HEAD, header, *rows])
    first, _, last = submission.tables[0].indicators
    assert first.value_type == "定量指标" and first.comparator is Comparator.GE
    assert (first.target.number, first.unit) == (100, "人")
    assert last.value_type == "定性指标" and last.target.text == "健全"


def test_two_row_header_split_words() -> None:
    """`年度 / 指标值` and `实际 / 完成值` over two lines, the second row's cells at the left."""
    header = ["绩效指标\t一级指标\t二级指标\t三级指标\t年度\t实际\t分值\t得分", "指标值\t完成值"]
    rows = [f"{r.split(chr(9))[0]}\t{r.split(chr(9))[1]}\t{r.split(chr(9))[2]}\t"
            f"{''.join(r.split(chr(9))[3:])}\t95\t10\t9" for r in FULL]  # fmt: skip
    submission, _ = _text([*PROJECT_HEAD, *header, *rows])
    first = submission.tables[0].indicators[0]
    assert (first.name, first.target.number, first.actual.value) == ("培训人数", 100, "95")
    assert (first.weight.value, first.score.value) == (10, 9)


def test_medium_term_and_annual_side_by_side_reads_the_year() -> None:
    header = "一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值"
    rows = [
        "产出指标\t数量指标\t长期人数\t≥500人\t数量指标\t年度人数\t≥100人",
        "长期合格率\t≥90%\t年度合格率\t≥95%",  # lost: 一级, 二级 and the year's 二级
    ]
    submission, _ = _text([*PROJECT_HEAD, header, *rows])
    assert [r[2:] for r in _rows(submission)] == [
        ("年度人数", "≥", 100, "人"),
        ("年度合格率", "≥", 95, "%"),
    ]


def test_targets_in_words_beside_their_medium_term_twins_stay_targets() -> None:
    """`有所提升` is no indicator name: the row of four is 中期 name, target, 年度 name, target."""
    header = "一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值"
    rows = [
        "效益指标\t社会效益指标\t服务水平\t有所提升\t社会效益指标\t服务水平\t有所提升",
        "群众获得感\t明显增强\t群众获得感\t明显增强",
        "对环境的影响\t影响较小\t对环境的影响\t无负面影响",
        "提升群众满意度\t100%\t提升群众满意度\t100%",  # a name may say 提升: still a name
    ]
    submission, _ = _text([*PROJECT_HEAD, header, *rows])
    assert [(r[2], r[4]) for r in _rows(submission)] == [
        ("服务水平", "有所提升"),
        ("群众获得感", "明显增强"),
        ("对环境的影响", "无负面影响"),
        ("提升群众满意度", 100),
    ]


def test_blank_level1_implied_by_level2() -> None:
    header = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分"
    rows = ["(50分)\t数量指标\t培训人数\t≥100人\t120人\t10\t10"]
    submission, found = _text([*PROJECT_HEAD, header, *rows])
    assert _rows(submission)[0][:2] == ("产出指标", "数量指标")
    assert "XG103" not in found


def test_cut_off_table_is_not_accused_of_what_it_lacks() -> None:
    header = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分"
    rows = ["产出指标\t数量指标\t培训人数\t≥100人\t120人\t10\t10", "效益指标\t社会效益指标\t就业"]
    submission, found = _text([*PROJECT_HEAD, header, *rows])
    assert "XG117" in found and "XG110" not in found and "XG111" not in found
    assert submission.tables[0].coverage < 1
    complete, found = _text([*PROJECT_HEAD, header, rows[0], "总分\t10\t10"])
    assert "XG117" not in found and "XG110" in found  # read whole: now it may be told
    assert complete.tables[0].coverage == 1


def test_rows_above_the_first_table_are_said_not_read() -> None:
    lost = [
        "公益性讲座知晓率\t=\t100\t%\t100\t5\t5",
        "满意度指标\t服务对象满意度指标\t满意度\t≥\t95\t%",
    ]
    header = "一级指标\t二级指标\t三级指标\t计算符号\t指标值\t单位"
    submission, found = _text([*lost, *PROJECT_HEAD, header, *FULL])
    assert found.count("XG117") == 1 and len(submission.tables[0].indicators) == 5
    _, silent = _text([*PROJECT_HEAD, header, *FULL])
    assert "XG117" not in silent


def test_older_labels_get_one_migration_warning_each() -> None:
    header = "一级指标\t二级指标\t三级指标\t指标值"
    rows = [
        "项目完成指标\t数量指标\t培训人数\t≥100人",
        "\t质量指标\t合格率\t≥95%",
        "项目效益指标\t社会效益指标\t就业率\t≥80%",
        "\t服务对象满意度指标\t满意度\t≥90%",  # 满意度 under 效益: the 2013-era place
        "成本指标\t经济成本指标\t人均成本\t≤300元",
    ]
    submission, found = _text([*PROJECT_HEAD, header, *rows])
    assert found.count("XG118") == 3
    assert not {"XG102", "XG106", "XG110"} & set(found)
    assert [i.level1 for i in submission.tables[0].indicators][:3] == ["产出指标"] * 2 + [
        "效益指标"
    ]
    assert "XG118" not in codes(department())


def test_traditional_characters_and_pinyin_glosses() -> None:
    lines = [
        "項(xiàng)目支出績效目標(biāo)表",
        "項(xiàng)目名稱\t監(jiān)測項目",
        "年度資金總額\t10",
        "一級指標(biāo)\t二級指標(biāo)\t三級指標(biāo)\t指標(biāo)值",
        "產(chǎn)出指標\t數量指標\t監(jiān)測點數\t≥10個",
    ]
    submission, found = _text(lines)
    assert submission.tables[0].project_name.value == "监测项目"
    assert _rows(submission)[0] == ("产出指标", "数量指标", "监测点数", "≥", 10, "个")
    assert found.count("XG119") == 1
    header = "一级指标\t二级指标\t三级指标\t计算符号\t指标值\t单位"
    assert "XG119" not in _text([*PROJECT_HEAD, header, *FULL])[1]


def test_several_projects_in_one_table_amounts_in_yuan() -> None:
    lines = [
        "部门预算项目绩效目标申报表(2023年度)",
        "金额单位:元",
        "单位名称\t项目名称\t预算数\t年度目标\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位",
        "820001-测试镇人民政府\t甲项目\t3,309,840.00\t按时发放\t产出指标\t数量指标\t人数\t≥\t230\t人",
        "满意度指标\t服务对象满意度指标\t群众满意度\t≥\t95\t%",
        "乙项目\t660,000.00\t保障运转\t产出指标\t质量指标\t正常运转率\t≥\t95\t%",
    ]
    submission, found = _text(lines)
    names = [t.project_name.value for t in submission.tables]
    assert names == ["甲项目", "乙项目"]
    assert [t.funds.total.value for t in submission.tables] == [
        Decimal("330.98400000"),
        Decimal("66.00000000"),
    ]
    assert [len(t.indicators) for t in submission.tables] == [2, 1]
    assert submission.tables[1].department.value == "820001-测试镇人民政府"
    assert "XG204" not in found and "XG101" not in found


def test_funds_block_of_a_year_end_table() -> None:
    lines = [
        "项目支出绩效自评表",
        "项目名称\t测试项目",
        "项目资金 (万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "年度资金总额:\t202.64\t132.912\t132.912\t10\t100%\t10",
        "其中:本年财政拨款\t202.64\t132.912\t132.912",
        "其他资金\t/\t/",
        "自评等级\t优",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        *[f"{r.split(chr(9))[0]}\t{r.split(chr(9))[1]}\t{r.split(chr(9))[2]}\t"
          f"{''.join(r.split(chr(9))[3:])}\t达成\t18\t18" for r in FULL],
        "总分\t100\t100",
    ]  # fmt: skip
    submission, found = _text(lines)
    table = submission.tables[0]
    total = table.execution[0]
    assert (total.planned.value, total.budget.value, total.executed.value) == (
        Decimal("202.64"),
        Decimal("132.912"),
        Decimal("132.912"),
    )
    assert (total.weight.value, total.rate.value, total.score.value) == (10, 100, 10)
    assert table.funds.total.value == table.funds.fiscal.value == Decimal("202.64")  # 年初
    assert (table.total_score.value, table.grade.value) == (100, "优")
    assert found == []


def test_label_and_value_in_one_cell_and_the_unit_from_the_label() -> None:
    lines = ["项目支出绩效目标表", "项目名称:测试项目", "年度资金总额(元):160000",
             "一级指标\t二级指标\t三级指标\t计算符号\t指标值\t单位", *FULL]  # fmt: skip
    submission, _ = _text(lines)
    table = submission.tables[0]
    assert table.project_name.value == "测试项目"
    assert table.funds.total.value == 16


def _book(path: Path, rows: list[list], formulas: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目1"
    for row in rows:
        sheet.append(row)
    for cell, formula in (formulas or {}).items():
        sheet[cell] = formula
    book.save(path)
    return path


def _project_rows() -> list[list]:
    rows = [["测试项目支出绩效目标表"], ["项目名称", "测试项目"], ["年度资金总额", 10]]
    return [*rows, ["一级指标", "二级指标", "三级指标", "指标值"], *[list(r[:3]) for r in GOOD]]


@pytest.mark.parametrize("through_libreoffice", [False, True])
def test_constant_formula_is_read_as_typed(tmp_path: Path, through_libreoffice: bool) -> None:
    """A clerk typing `=100%` makes Excel store a formula giving 1: read as `=100%`."""
    path = _book(tmp_path / "f.xlsx", _project_rows(), {"D5": "=100%", "D6": "=30"})
    if through_libreoffice:
        if shutil.which("soffice") is None:
            pytest.skip("LibreOffice is not installed")
        path = convert(path, tmp_path / "lo", "xlsx")
    rows = read_workbook(path).tables[0].indicators
    assert rows[0].target.key == (Comparator.EQ, 100, "%", None, False)
    assert rows[1].raw == "=30" and rows[1].comparator is Comparator.EQ
    assert (
        read_workbook(_book(tmp_path / "g.xlsx", _project_rows())).tables[0].indicators[0].raw
        != "=100%"
    )


def test_a_corpus_layout_in_a_workbook_reads_as_its_text(tmp_path: Path) -> None:
    """The same table as text and as an .xlsx (cells where the copy put them) gives the same
    tables, indicators and coverage: import, validate and merge share this reader."""
    for name in ("04_", "07_", "13_"):
        path = next(CORPUS.glob(f"{name}*.txt"))
        grid, _ = read_text(path, path.name)
        from_text = read_tables([grid], path.name)
        book = _book(tmp_path / f"{name}.xlsx", [list(r) for r in grid.rows])
        from_book = read_workbook(book)
        assert [len(t.indicators) for t in from_book.tables] == [
            len(t.indicators) for t in from_text.tables
        ]
        assert [t.coverage for t in from_book.tables] == [t.coverage for t in from_text.tables]
        assert [i.target.key for t in from_book.tables for i in t.indicators] == [
            i.target.key for t in from_text.tables for i in t.indicators
        ]


def test_standard_template_rows_are_untouched() -> None:
    """A template table keeps its cells where they stand, an unknown 二级 included."""
    rows = [["产出指标", "履职效能", "办结率", "≥", 95, "%"], *GOOD]
    sub = department(rows)
    assert sub.tables[0].indicators[0].level2 == "履职效能指标"
    assert sub.tables[0].coverage == 1


def test_run_together_text_imports_what_it_can_place(tmp_path: Path) -> None:
    """OCR text with no cell boundaries (Gansu's 绩效目标表): the rows a comparator closes are
    imported, exactly; every other piece is in 导入记录 word for word, and nothing about the
    header fields the text ran together is alleged."""
    from xlgoals.importing.run import import_paths

    source = Path(__file__).resolve().parent / "data" / "runtogether"
    result = import_paths([next(source.glob("36_*.txt"))], tmp_path / "out")
    (department,) = result.departments
    (table,) = department.tables
    assert table.kind == "project"
    assert [(i.level1, i.level2, i.name, i.target.key[:3]) for i in table.indicators] == [
        ("产出指标", "数量指标", "免费开放天数", (Comparator.EQ, 300, "天")),
        ("产出指标", "质量指标", "博物馆绩效考核指标完成率", (Comparator.EQ, 100, "%")),
        ("产出指标", "时效指标", "各项工作完成及时率", (Comparator.EQ, 99, "%")),
        ("效益指标", "社会效益指标", "免费开放接待观众人数", (Comparator.EQ, 30000, "人次")),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", (Comparator.EQ, 99, "%")),
    ]
    logged = [entry.finding.code for entry in department.entries]
    assert "XG101" not in logged and "XG204" not in logged
    texts = " ".join(entry.original for entry in department.entries)
    assert "资金使用效率二100百分比" in texts and "对当地文物保护、文化传承影响长远" in texts


def test_department_self_evaluation_states_its_funds_as_budget_and_execution() -> None:
    """A 部门整体绩效自评表 (Chongqing's layout) has no 收入 / 支出 labels: its funds block is
    read and nothing is said missing."""
    lines = [
        "测试局2021年度部门整体绩效自评表", "部门名称\t测试局", "年度总体目标\t完成各项工作",
        "部门预算执行情况(万元)\t年初预算数\t全年预算数\t全年执行数\t执行率\t执行率权重\t执行率得分",
        "年度总金额\t100\t120\t110\t91.7%\t10\t9.2",
        "其中:财政拨款\t100\t120\t110",
        "一级指标\t二级指标\t三级指标\t年度指标值\t全年完成值\t指标权重\t指标得分",
        "产出指标\t数量指标\t宣传次数\t≥10次\t12次\t30\t30",
        "效益指标\t社会效益指标\t群众知晓率\t≥90%\t92%\t30\t30",
        "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t30\t30",
    ]  # fmt: skip
    submission, found = _text(lines)
    (table,) = submission.tables
    assert table.kind == "department" and found == []
    total = table.execution[0]
    assert (total.budget.value, total.executed.value, total.score.value) == (
        120,
        110,
        Decimal("9.2"),
    )
    assert table.indicators[0].actual.value == "12次" and table.indicators[0].score.value == 30
    assert "XG101" in _text(lines[:3] + lines[6:])[1]  # without a funds block: 收入预算合计 …


def test_chongqing_department_form_without_level_columns() -> None:
    """Chongqing's 部门整体绩效自评表 lists indicators by name alone (no 一级 / 二级 columns): they
    are read with their year-end columns, and nothing is said about the levels it has none of."""
    header = (
        "指标名称\t计量单位\t指标性质\t年初指标值\t调整指标值\t全年完成值\t得分系数(%)"
        "\t指标权重(分)\t指标得分(分)\t是否核心指标"
    )
    rows = [
        "财政供养人员控制率\t%\t定量指标\t100%\t\t92%\t100%\t2\t2\t否",
        "管理制度健全性\t\t定性指标\t高\t\t高\t100%\t3\t3\t否",
        "播发稿件数量\t篇\t定量指标\t2200篇\t\t2859篇\t100%\t10\t10\t是",
    ]
    lines = [
        "测试中心部门整体绩效自评表",
        "部门名称\t测试中心",
        "年度总体目标\t完成各项工作",
        header,
        *rows,
    ]
    submission, found = _text(lines)
    (table,) = submission.tables
    assert [i.name for i in table.indicators] == [
        "财政供养人员控制率",
        "管理制度健全性",
        "播发稿件数量",
    ]
    first = table.indicators[0]
    assert (first.value_type, first.actual.value, first.weight.value) == ("定量指标", "92%", 2)
    assert not {"XG103", "XG105", "XG110", "XG113"} & set(found)
