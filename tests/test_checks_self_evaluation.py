"""The self-evaluation checks (XG501–XG509), each firing and silent, on transcribed corpus
tables; and all of them silent on target tables."""

from __future__ import annotations

from decimal import Decimal

import pytest
from support.goal_tables import department, project
from support.self_evaluations import CASES, Case, build

from xlgoals.checks import run_checks
from xlgoals.model.submission import Amount, FundsExecution, ProjectTable, Sourced, Submission
from xlgoals.problems.findings import Finding, Where


def _case(number: str) -> Case:
    return next(c for c in CASES if c.number == number)


def _submission(table: ProjectTable) -> Submission:
    return Submission(file=table.at.file, tables=[table])


def _found(table: ProjectTable, code: str) -> list[Finding]:
    return [f for f in run_checks(_submission(table)) if f.code == code]


def _names(table: ProjectTable, code: str) -> list[str]:
    return [f.params.get("name", "") for f in _found(table, code)]


def test_weights_not_adding_to_100_fire() -> None:
    """中江 (07): rows 70 + 20 + 10 and the funds block 10."""
    [found] = _found(build(_case("07")), "XG501")
    assert found.params == {"total": "110", "rows": "100", "funds": "10"}
    assert "110" in found.message()


def test_weights_adding_to_100_are_silent() -> None:
    assert _found(build(_case("12")), "XG501") == []


def test_weights_the_table_does_not_print_are_silent() -> None:
    """湖北 (18, 20): no 分值 column, so nothing to add up."""
    assert _found(build(_case("18")), "XG501") == []
    assert _found(build(_case("20")), "XG501") == []


def test_score_above_its_weight_fires() -> None:
    table = build(_case("07"))
    row = table.indicators[0]
    high = Sourced[Decimal](value=Decimal(12), at=row.score.at)
    table.indicators[0] = row.model_copy(update={"score": high})
    [found] = _found(table, "XG502")
    assert found.params["name"] == "安装坡面水标尺" and found.at.cell == "I20"
    assert found.severity.value == "error"


def test_scores_within_their_weights_are_silent() -> None:
    for case in CASES:
        assert _found(build(case), "XG502") == [], case.number


def test_score_differing_from_the_rule_shows_both() -> None:
    """濉溪 (13): full marks for 5830 against ≤5300; the published 10 is kept and shown."""
    [found] = _found(build(_case("13")), "XG503")
    assert found.params["published"] == "10" and found.params["computed"] == "9.09"
    assert "指标值 ÷ 完成值" in found.message()
    assert "target ÷ actual" in found.message("en")


def test_funds_score_differing_from_the_rule() -> None:
    """裕安 (14): 8 of 9 for 27.8 of 29; the rule gives 8.63."""
    found = [f for f in _found(build(_case("14")), "XG503") if f.params["name"] == "预算执行率"]
    assert [f.params["computed"] for f in found] == ["8.63"]


def test_scores_within_rounding_or_band_are_silent() -> None:
    """隆阳 (27) publishes 2.16 for 2.1548; 濉溪's 5 for 4.84; 银川's 4 of 5 in the met band."""
    assert _found(build(_case("27")), "XG503") == []
    assert "★★★特困人员救助供养人数(按月平均)(≥**人)" not in _names(build(_case("13")), "XG503")
    assert "公用经费完成时间" not in _names(build(_case("29")), "XG503")


def test_split_weights_never_accuse() -> None:
    """襄阳 (20) prints no 分值: the rule's split differs from every score, and says nothing."""
    assert _found(build(_case("20")), "XG503") == []


def test_every_difference_the_cases_list_is_reported() -> None:
    """On printed weights, XG503 fires on exactly the rows the cases say differ."""
    for case in CASES:
        expected = [
            r.name
            for r in case.rows
            if r.weight and r.score and r.rule and r.why and not r.why.startswith("agrees")
        ]
        found = [n for n in _names(build(case), "XG503") if n != "预算执行率"]
        assert found == expected, case.number


def test_shortfall_without_a_reason_fires() -> None:
    """濉溪 (13): 5830 against ≤5300 and no reason; 4604 against ≥4754 has one."""
    names = _names(build(_case("13")), "XG504")
    assert names == ["扶贫临时救助标准(<**元/户·年)——一户年最高5300元"]


def test_a_reason_for_the_whole_table_is_enough() -> None:
    table = build(_case("13"))
    at = Where(file=table.at.file, sheet="自评表", cell="B95")
    table.fields["偏差大或目标未完成原因分析"] = Sourced[str](value="按政策调整标准", at=at)
    assert _found(table, "XG504") == []


def test_met_targets_are_silent() -> None:
    assert _found(build(_case("07")), "XG504") == []


def test_low_execution_without_a_reason_fires() -> None:
    """原州 (30): 259.45 of 300, 86.48%."""
    [found] = _found(build(_case("30")), "XG505")
    assert found.params == {"rate": "86.48", "limit": "90"}


def test_low_execution_with_a_reason_is_silent() -> None:
    table = build(_case("30"))
    row = table.execution[0]
    reason = Sourced[str](value="部分种薯款项次年初结算", at=row.at)
    table.execution[0] = row.model_copy(update={"reason": reason})
    assert _found(table, "XG505") == []
    assert _found(build(_case("07")), "XG505") == []


def test_actual_missing_fires() -> None:
    """蚕茶卫生院 (35): two 时效 rows with a target and no 完成值."""
    names = _names(build(_case("35")), "XG506")
    assert names == ["任务1:医疗文书及时率", "任务2:健康档案更新率"]


def test_actual_missing_is_silent_on_a_layout_without_the_column_filled() -> None:
    """青神 (01) publishes the blank form: no 完成值 anywhere, nothing to accuse row by row;
    天长 (12)'s empty rows have no target either (placeholders)."""
    assert _found(build(_case("01")), "XG506") == []
    assert _found(build(_case("12")), "XG506") == []


def test_actual_in_another_unit_fires() -> None:
    """蔡甸 (19): 滅火設備配備率 100% against 1000件."""
    table = build(_case("07"))
    row = table.indicators[2]
    actual = Sourced[str](value="1000件", at=row.actual.at)
    table.indicators[2] = row.model_copy(update={"actual": actual})
    [found] = _found(table, "XG507")
    assert found.params["unit"] == "%" and found.params["actual"] == "1000件"


def test_actual_in_the_targets_unit_or_bare_is_silent() -> None:
    for case in CASES:
        assert _found(build(case), "XG507") == [], case.number


def test_target_met_many_times_over_fires() -> None:
    """稷山 (31): 96 次 against 12 次."""
    [found] = _found(build(_case("31")), "XG508")
    assert found.params["times"] == "8"


def test_target_met_less_than_three_times_is_silent() -> None:
    """隆阳 (27): 105 个 against ≥60 个 is 1.75 times."""
    assert _found(build(_case("27")), "XG508") == []


def test_execution_above_100_percent_fires() -> None:
    table = build(_case("07"))
    row = table.execution[0]
    spent = Amount(value=Decimal(21), at=row.executed.at, raw="21")
    table.execution[0] = row.model_copy(update={"executed": spent})
    [found] = _found(table, "XG509")
    assert found.params == {"executed": "21", "budget": "20", "rate": "105"}


def test_execution_within_budget_is_silent() -> None:
    for case in CASES:
        assert _found(build(case), "XG509") == [], case.number


def _self_codes(submission: Submission) -> list[str]:
    return [f.code for f in run_checks(submission) if f.code.startswith("XG5")]


@pytest.mark.parametrize("kind", ["department", "project"])
def test_target_tables_are_silent(kind: str) -> None:
    table = department() if kind == "department" else project()
    assert _self_codes(table) == []


def test_a_funds_block_alone_makes_a_self_evaluation() -> None:
    table = build(_case("30"))
    assert table.self_evaluation
    bare = table.model_copy(
        update={"indicators": [], "execution": [FundsExecution(label="x", at=table.at)]}
    )
    assert bare.self_evaluation
