"""Budget identities (§2) in Decimal, with the rounding tolerance, and the checks on them."""

from __future__ import annotations

from decimal import Decimal

from support.goal_tables import department_rows, findings, project_rows, submission

from xlgoals.model.budget import Status, department_identities, project_identities


def budget_findings(*sheets) -> list:
    return [f for f in findings(submission(*sheets)) if f.code.startswith("XG2")]


def test_rounding_difference_is_a_warning_with_total_and_parts() -> None:
    rows = department_rows(budget=(920.73, 920.73, 0, 920.73, 746.59, 174.15))
    (found,) = budget_findings(("部门整体", rows))
    assert found.code == "XG202"
    assert found.at.cell == "B6" and [r.cell for r in found.related] == ["B7", "E7"]
    assert found.params["total"] == "920.73"
    assert "746.59 + 项目支出 174.15 = 920.74" in found.params["parts"]
    assert found.params["difference"] == "0.01"


def test_real_difference_is_an_error() -> None:
    rows = department_rows(budget=(100, 80, 10, 100, 60, 40))
    found = budget_findings(("部门整体", rows))
    assert [(f.code, f.at.cell) for f in found] == [("XG201", "B4")]
    assert found[0].params["difference"] == "10.00"  # 万元 as published: two decimals


def test_tolerance_uses_the_finest_published_places() -> None:
    # 0.01 off with four decimals published is more than one unit in the last place
    rows = department_rows(budget=(1728.3777, 1728.3777, 0, 1728.3677, 1638.2777, 90.1))
    identities = department_identities(submission(("部门整体", rows)).tables[0].budget)
    expense = identities[1]
    assert expense.places == 4 and expense.tolerance == Decimal("0.0001")
    assert expense.difference == Decimal("-0.01") and expense.status is Status.ERROR
    # one unit in the fourth decimal is rounding
    rows = department_rows(budget=(1728.3777, 1728.3777, 0, 1728.3776, 1638.2777, 90.1))
    assert department_identities(submission(("部门整体", rows)).tables[0].budget)[1].status is (
        Status.ROUNDING
    )


def test_identities_that_hold_are_silent() -> None:
    rows = department_rows(budget=(1728.3777, 1728.3777, 0, 1728.3777, 1638.2777, 90.1))
    assert budget_findings(("部门整体", rows)) == []


def test_amounts_in_yuan_are_converted_before_comparing() -> None:
    rows = department_rows(budget=("1,000,000元", "800,000元", "200,000元", 100, 60, 40))
    found = budget_findings(("部门整体", rows))
    assert found == []  # 100 万元 = 80 万元 + 20 万元 once converted
    budget = submission(("部门整体", rows)).tables[0].budget
    assert budget.income_total.value == Decimal(100) and budget.income_total.places == 4


def test_a_project_with_only_its_annual_total_is_not_compared_but_asked_for_its_sources() -> None:
    rows = project_rows(funds=(86.23, None, None, None))
    found = budget_findings(("项目1", rows))
    assert [(f.code, f.at.cell, f.params["total"]) for f in found] == [("XG206", "B4", "86.23")]
    assert "未分列财政拨款、上年结转、其他资金" in found[0].message()


def test_funds_given_by_source_are_not_asked_for_again() -> None:
    assert budget_findings(("项目1", project_rows(funds=(86.23, 86.23, None, None)))) == []
    assert budget_findings(("项目1", project_rows(funds=(86.23, None, None, 86.23)))) == []
    # the multi-year form has parts of its own: 项目资金总额 = 财政资金 + 其他资金
    rows = project_rows(funds=(100, None, None, None))
    rows.insert(6, ["项目资金总额", 300, "", "财政资金", 300])
    assert budget_findings(("项目1", rows)) == []


def test_project_identity() -> None:
    assert [f.code for f in budget_findings(("项目1", project_rows(funds=(400, 300, 0, 0))))] == [
        "XG201"
    ]
    assert budget_findings(("项目1", project_rows(funds=(400, 300, 100, None)))) == []


def test_multiyear_total_is_never_compared_with_the_annual_total() -> None:
    rows = project_rows(funds=(100, 100, 0, 0))
    rows.insert(6, ["项目资金总额", 300, "", "财政资金", 300])
    sub = submission(("项目1", rows))
    funds = sub.tables[0].funds
    assert funds.multiyear_total is not None and funds.multiyear_total.value == 300
    found = project_identities(funds)
    assert [(i.total_label, i.status) for i in found] == [
        ("年度资金总额", Status.OK),
        ("项目资金总额", Status.OK),
    ]
    assert budget_findings(("项目1", rows)) == []


def test_project_funds_above_project_spending_is_a_warning() -> None:
    dept = department_rows(budget=(1728.3777, 1728.3777, 0, 1728.3777, 1638.2777, 90.1))
    found = budget_findings(("部门整体", dept), ("项目1", project_rows(funds=(400, 400, 0, 0))))
    assert [(f.code, f.at.cell) for f in found] == [("XG203", "E7")]
    assert [f"{r.sheet}!{r.cell}" for r in found[0].related] == ["项目1!B4"]
    # the published precision (90.10, not 90.1), and the project named by its field, not a cell
    assert found[0].params["funds"] == "400.00" and found[0].params["project"] == "90.10"
    assert found[0].params["projects"] == "“就业创业服务工作”年度资金总额 400.00"
    assert "（项目1!" not in found[0].message()
    # within 项目支出: silent
    ok = budget_findings(("部门整体", dept), ("项目1", project_rows(funds=(86.1, 86.1, 0, 0))))
    assert ok == []


def test_project_without_a_total_counts_its_parts() -> None:
    """The same Σ as 预算汇总's 项目资金合计: a project giving only its parts is still counted."""
    dept = department_rows(budget=(1728.3777, 1728.3777, 0, 1728.3777, 1638.2777, 90.1))
    parts_only = project_rows(funds=(None, 300, 100, None))
    found = budget_findings(("部门整体", dept), ("项目1", parts_only))
    assert [(f.code, f.params["funds"]) for f in found] == [("XG203", "400.00")]
    assert found[0].params["projects"] == "“就业创业服务工作”财政拨款 300.00 + 上年结转 100.00"
    assert [r.cell for r in found[0].related] == ["B5", "E5"]
    small = project_rows(funds=(None, 50, 0, None))
    assert budget_findings(("部门整体", dept), ("项目1", small)) == []
