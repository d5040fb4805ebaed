"""The same indicator written differently in a department's 部门整体 and project tables."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from support.goal_tables import GOOD, department_rows, findings, project_rows, submission

from xlgoals.checks.consistency import (
    MEANING_WEIGHT,
    _Names,
    _scores,
    core_name,
    loose_name,
    similarity,
)

OUT = ["产出指标", "数量指标"]


def conflicts(dept: list[list[Any]], proj: list[list[Any]]) -> list:
    sub = submission(
        ("部门整体", department_rows([*dept, *GOOD])), ("项目1", project_rows([*proj, *GOOD]))
    )
    return [f for f in findings(sub) if f.code == "XG401"]


def test_seed_conflicts_are_one_finding_each_with_both_cells() -> None:
    dept = [
        ["效益指标", "社会效益指标", "年末城镇登记失业率", "≤", 5.5, "%"],
        [*OUT, "开展群众文化活动次数", "", 20, "次"],
        ["成本指标", "经济成本指标", "成本控制率", "≤", 100, "%"],
        [*OUT, "完成非遗项目申报个数", "", 3, "个"],
    ]
    proj = [
        ["效益指标", "社会效益指标", "年末城镇登记失业率", "", "5.5%左右", ""],
        [*OUT, "开展群众文化活动", "≥", 10, "次"],
        ["成本指标", "经济成本指标", "成本控制率", "=", 100, "%"],
        [*OUT, "完成非遗项目申报", ">", 3, "个"],
    ]
    found = conflicts(dept, proj)
    assert [(f.at.cell, [r.cell for r in f.related]) for f in found] == [
        ("E10", ["E9"]),  # the project sheet has one header row less
        ("E11", ["E10"]),
        ("E12", ["E11"]),
        ("E13", ["E12"]),
    ]
    assert found[0].at.sheet == "部门整体" and found[0].related[0].sheet == "项目1"
    message = found[1].message()
    assert "20次" in message and "≥10次" in message and "开展群众文化活动" in message


def test_pairs_that_agree_are_silent() -> None:
    dept = [
        [*OUT, "对外开放孺子书房数", "", 7, "个"],  # a bare number reads as =
        ["效益指标", "社会效益指标", "社会保险补贴人均标准", "", "原则上不超过缴费额的 2/3", ""],
        ["产出指标", "时效指标", "就业资金在规定时间内下达率", "≥", 98, "%"],
    ]
    proj = [
        [*OUT, "对外开放孺子书房数", "=", 7, "个"],
        ["效益指标", "社会效益指标", "社会保险补贴人均标准", "", "原则上不超过缴费额的2/3", ""],
        ["产出指标", "时效指标", "资金在规定时间内下达率", "≥", 98.0, "%"],
    ]
    assert conflicts(dept, proj) == []


def test_each_row_pairs_once_with_its_closest_name() -> None:
    dept = [
        ["效益指标", "社会效益指标", "场馆免费开放", "定性", "有效提高服务水平", ""],
        ["满意度指标", "服务对象满意度指标", "场馆免费开放参观人员满意度", "≥", 95, "%"],
    ]
    proj = [
        ["满意度指标", "服务对象满意度指标", "场馆免费开放参观人员满意度", "≥", 95, "%"],
        ["效益指标", "社会效益指标", "场馆免费开放", "定性", "有效提高服务水平", ""],
    ]
    assert conflicts(dept, proj) == []


def test_loose_names() -> None:
    assert loose_name("开展免费公益性培训、讲座、展览等") == "开展免费公益性培训讲座展览等"
    assert similarity("开展群众文化活动", "开展群众文化活动次数") > 0
    assert similarity("资金在规定时间内下达率", "就业资金在规定时间内下达率") > 0
    assert similarity("满意度", "公共就业服务满意度") == 0  # too short a part
    assert similarity("开展对外交流活动", "对外交流次数") == 0  # by wording: no; by meaning below
    assert core_name("开展对外交流活动") == core_name("对外交流次数") == "对外交流"


def test_same_indicator_worded_differently_matches_by_meaning() -> None:
    """Shared words and the same unit: 开展对外交流活动 “2次” ~ 对外交流次数 “≥2次”."""
    found = conflicts(
        [[*OUT, "开展对外交流活动", "", 2, "次"]], [[*OUT, "对外交流次数", "≥", 2, "次"]]
    )
    assert [(f.at.cell, [r.cell for r in f.related]) for f in found] == [("E10", ["E9"])]
    assert "写作“对外交流次数”" in found[0].message()


def test_meaning_needs_the_same_unit_and_yields_to_wording() -> None:
    # the same words about another quantity (人 against 次) are another indicator
    assert (
        conflicts(
            [[*OUT, "开展对外交流活动", "", 2, "次"]], [[*OUT, "对外交流人数", "≥", 20, "人"]]
        )
        == []
    )
    # a name matched by its wording is taken first, and each row pairs once
    dept = [[*OUT, "开展对外交流活动", "=", 2, "次"]]
    proj = [[*OUT, "开展对外交流活动", "=", 2, "次"], [*OUT, "对外交流次数", "≥", 3, "次"]]
    assert conflicts(dept, proj) == []


def test_no_conflict_without_a_project_table() -> None:
    found = findings(submission(("部门整体", department_rows())))
    assert [f for f in found if f.code == "XG401"] == []


def _score(a: Any, b: Any) -> float:
    """The definition the lookup follows: by wording, else by meaning in the same unit."""
    by_words = similarity(loose_name(a.name), loose_name(b.name))
    if by_words or not a.unit or a.unit != b.unit:
        return by_words
    return MEANING_WEIGHT * similarity(core_name(a.name), core_name(b.name))


_WORDS = st.lists(st.sampled_from(["开展", "培训", "活动", "次数", "场馆", "开放", "率", "人数"]),
                  min_size=1, max_size=4).map("".join)  # fmt: skip


@example(dept=[("开展培训活动", "次")], proj=[("培训活动", "次"), ("开展培训活动次数", "次")])
@example(dept=[("培训", "人")], proj=[("开展培训活动", "人"), ("培训", "次")])
@given(
    st.lists(st.tuples(_WORDS, st.sampled_from(["次", "人", "%", ""])), max_size=12),
    st.lists(st.tuples(_WORDS, st.sampled_from(["次", "人", "%", ""])), max_size=12),
)
def test_pairs_found_by_lookup_are_those_of_comparing_every_row(dept: list, proj: list) -> None:
    def table(kind: str, rows: list) -> Any:
        body = [[*OUT, name, "≥", 3, unit] for name, unit in rows]
        made = department_rows(body) if kind == "部门整体" else project_rows(body)
        sub = submission((kind, made))
        return (sub.department_tables or sub.project_tables)[0]

    first, second = table("部门整体", dept), table("项目1", proj)
    every_pair = {
        (i, j): score
        for i, a in enumerate(first.indicators)
        for j, b in enumerate(second.indicators)
        if (score := _score(a, b))
    }
    assert _scores(_Names(first), _Names(second)) == every_pair
