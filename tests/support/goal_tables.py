"""Build small department and project tables in code, read them with the real reader."""

from __future__ import annotations

from typing import Any

from xlgoals.checks import run_checks
from xlgoals.model.submission import Submission
from xlgoals.problems.findings import Finding
from xlgoals.reading.grid import Grid
from xlgoals.reading.tables import read_tables

FILE = "测试局.xlsx"
HEADER = ["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "单位"]

#: rows that are right: no check may fire on them
GOOD = [
    ["产出指标", "数量指标", "监察案件受理数", "≥", 500, "件"],
    ["", "质量指标", "补贴发放准确率", "≥", 98, "%"],
    ["成本指标", "经济成本指标", "职业培训补贴人均标准", "≤", 750, "元"],
    ["效益指标", "社会效益指标", "提高事业单位工作人员综合素质", "定性", "有所提升", ""],
    ["满意度指标", "服务对象满意度指标", "公共就业服务满意度", "≥", 85, "%"],
]


def department_rows(
    indicators: list[list[Any]] | None = None,
    budget: tuple[Any, ...] = (100, 100, 0, 100, 60, 40),
    goal: str = "年度总体目标文字",
) -> list[list[Any]]:
    income, fiscal, other, expense, basic, project = budget
    return [
        ["测试局 2024 年度部门整体支出绩效目标表"],
        ["部门名称", "测试局"],
        ["当年预算情况（万元）"],
        ["收入预算合计", income],
        ["其中：财政拨款", fiscal, "", "其他经费", other],
        ["支出预算合计", expense],
        ["其中：基本支出", basic, "", "项目支出", project],
        ["年度总体目标", goal],
        HEADER,
        *(GOOD if indicators is None else indicators),
    ]


def project_rows(
    indicators: list[list[Any]] | None = None,
    funds: tuple[Any, ...] = (40, 40, 0, 0),
    name: str = "就业创业服务工作",
) -> list[list[Any]]:
    total, fiscal, carryover, other = funds
    return [
        [f"2024年度区级{name}专项资金绩效目标表"],
        ["项目名称", name, "", "主管部门及代码", "137-测试局", "", "实施单位", "测试局"],
        ["项目资金（万元）"],
        ["年度资金总额", total],
        ["其中：财政拨款", fiscal, "", "上年结转", carryover],
        ["其他资金", other],
        ["年度绩效目标", "年度绩效目标文字"],
        HEADER,
        *(GOOD if indicators is None else indicators),
    ]


def submission(*sheets: tuple[str, list[list[Any]]]) -> Submission:
    return read_tables([from_rows(FILE, name, rows) for name, rows in sheets], FILE)


def department(indicators: list[list[Any]] | None = None, **kwargs: Any) -> Submission:
    return submission(("部门整体", department_rows(indicators, **kwargs)))


def project(indicators: list[list[Any]] | None = None, **kwargs: Any) -> Submission:
    return submission(("项目1", project_rows(indicators, **kwargs)))


def findings(sub: Submission) -> list[Finding]:
    return run_checks(sub)


def codes(sub: Submission) -> list[str]:
    return [f.code for f in run_checks(sub)]


def at(sub: Submission, code: str) -> list[str]:
    """`部门整体!E10` of every finding with this code."""
    return [f"{f.at.sheet}!{f.at.cell}" for f in run_checks(sub) if f.code == code]


def from_rows(file: str, sheet: str, rows) -> Grid:
    """A grid of the given rows (copied), as a reader would produce it."""
    return Grid(file, sheet, [list(r) for r in rows])
