"""Structure checks: each fires on a small table built in code, and stays silent on GOOD."""

from __future__ import annotations

from support.goal_tables import (
    GOOD,
    at,
    codes,
    department,
    department_rows,
    findings,
    project,
    project_rows,
    submission,
)

# rows start at sheet row 10 (the header is row 9)
OUTPUT, QUALITY, COST, BENEFIT, SATISFACTION = (list(r) for r in GOOD)


def test_good_tables_raise_nothing() -> None:
    assert codes(department()) == []
    assert codes(project()) == []
    assert codes(submission(("部门整体", department_rows()))) == []


def test_unknown_level1_is_told_once_at_its_cell() -> None:
    rows = [["投入指标", "数量指标", "甲", "≥", 1, "个"], ["", "", "乙", "≥", 2, "个"], *GOOD]
    assert at(department(rows), "XG102") == ["部门整体!A10"]


def test_missing_level1() -> None:
    rows = [["", "工作指标", "甲", "≥", 1, "个"], *GOOD]
    assert at(department(rows), "XG103") == ["部门整体!C10"]
    assert "XG103" not in codes(department())


def test_blank_level1_implied_by_its_level2() -> None:
    """数量指标 belongs to 产出指标 only: a blank 一级 beside it is that one (issue 14)."""
    sub = department([["", "数量指标", "甲", "≥", 1, "个"], *GOOD])
    assert "XG103" not in codes(sub)
    assert sub.tables[0].indicators[0].level1 == "产出指标"


def test_unknown_and_missing_level2() -> None:
    rows = [
        ["产出指标", "投入产出比", "甲", "≥", 1, "个"],
        ["效益指标", "", "乙", "定性", "有效", ""],
    ]
    sub = department([*rows, *GOOD])
    assert at(sub, "XG104") == ["部门整体!B10"]
    assert at(sub, "XG105") == ["部门整体!C11"]


def test_level2_under_the_wrong_level1() -> None:
    rows = [["效益指标", "数量指标", "甲", "≥", 1, "个"], *GOOD]
    sub = department(rows)
    assert at(sub, "XG106") == ["部门整体!B10"]
    (found,) = [f for f in findings(sub) if f.code == "XG106"]
    assert found.params["expected"] == "产出指标"


def test_pre_2021_cost_under_output_is_a_warning_naming_the_new_place() -> None:
    rows = [
        ["产出指标", "成本指标", "图书购置费", "≤", 16, "万元"],
        ["", "", "文体活动经费", "≤", 3, "万元"],
    ]
    sub = project([*rows, OUTPUT, BENEFIT, SATISFACTION])
    assert at(sub, "XG107") == ["项目1!B9"]
    found = [f for f in findings(sub) if f.code == "XG107"]
    assert "成本指标" in found[0].message() and "一级指标" in found[0].message()
    # the legacy rows count as 成本: the project table is not told it lacks one
    assert "XG111" not in codes(sub)


def test_missing_name() -> None:
    rows = [["产出指标", "数量指标", "", "≥", 1, "个"], *GOOD]
    assert at(department(rows), "XG108") == ["部门整体!C10"]


def test_duplicate_name_is_one_finding_with_the_other_cell_related() -> None:
    rows = [*GOOD, ["产出指标", "数量指标", "监察案件受理数", "≥", 400, "件"]]
    sub = department(rows)
    found = [f for f in findings(sub) if f.code == "XG109"]
    assert len(found) == 1
    assert found[0].at.cell == "C15" and [r.cell for r in found[0].related] == ["C10"]
    assert found[0].params["count"] == 2


def test_required_level1_and_project_cost() -> None:
    no_satisfaction = department([OUTPUT, COST, BENEFIT])
    assert at(no_satisfaction, "XG110") == ["部门整体!A1"]
    no_cost = project([OUTPUT, BENEFIT, SATISFACTION])
    assert at(no_cost, "XG111") == ["项目1!A1"]
    # a department table needs no 成本
    assert "XG111" not in codes(department([OUTPUT, BENEFIT, SATISFACTION]))


def test_ocr_and_html_debris_in_targets_names_and_goal() -> None:
    rows = [["产出指标", "数量指标", "甲<p>", "", "$\\geq 5$次", ""], *GOOD[1:]]
    sub = department(rows, goal="<p>通过开展活动</p>")
    cells = at(sub, "XG112")
    assert cells == ["部门整体!B8", "部门整体!C10", "部门整体!E10"]
    # percent signs, comparators and brackets are content, not debris
    assert "XG112" not in codes(department(goal="完成率≥95%（含）以上"))


def test_project_header_without_department_or_implementer() -> None:
    """A header with only 申请金额 (文广新旅局's fund): 主管部门 and 实施单位 left empty."""
    rows = project_rows()
    rows[1] = ["项目名称", "公共文化服务体系", "", "主管部门及代码", "", "", "实施单位"]
    found = [(f.code, f.at.cell, f.params["label"]) for f in findings(submission(("项目1", rows)))]
    assert found == [("XG120", "E2", "主管部门及代码"), ("XG120", "H2", "实施单位")]
    # no such labels at all: the form does not ask for them (other provinces' forms)
    rows[1] = ["项目名称", "公共文化服务体系"]
    assert [f.code for f in findings(submission(("项目1", rows)))] == []
    # a label whose neighbour is the next label: the cell was lost, nothing is said
    rows[1] = ["项目名称", "公共文化服务体系", "", "主管部门及代码", "实施单位", "某局"]
    assert "XG120" not in [f.code for f in findings(submission(("项目1", rows)))]


def test_project_header_filled_is_silent() -> None:
    assert codes(project()) == []
