"""Scoring by the rule, on every scored corpus table: published and computed side by side.

The cases (tests/support/self_evaluations.py) list, row by row, the published score, the
rule's score computed by hand and, where they differ, why. Here the module must give the same
rule's scores, agree where the case says they agree, and differ exactly where it says they
differ (a reviewer's judgement, a ceiling printed as a floor, a weight the table does not
print).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from support.self_evaluations import CASES, Case, build

from xlgoals.model.scoring import (
    Band,
    ScoringSettings,
    band_of,
    label_points,
    score_table,
    tolerance,
)


def _side_by_side(case: Case) -> list[tuple[str, str | None, str | None, str | None]]:
    scored = score_table(build(case))
    return [
        (
            s.indicator.name or "",
            str(s.published) if s.published is not None else None,
            str(s.computed) if s.computed is not None else None,
            {True: "agrees", False: "differs", None: "—"}[s.agrees],
        )
        for s in scored.indicators
    ]


def _expected(case: Case) -> list[tuple[str, str | None, str | None, str | None]]:
    rows = []
    for row in case.rows:
        if row.rule is None or row.score is None:
            verdict = "—"
        elif not row.why or row.why.startswith("agrees"):
            verdict = "agrees"
        else:
            verdict = "differs"
        rule = None if row.rule is None else str(Decimal(row.rule).quantize(Decimal("0.01")))
        rows.append((row.name, row.score, rule, verdict))
    return rows


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.number)
def test_published_and_computed_side_by_side(case: Case) -> None:
    assert _side_by_side(case) == _expected(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.number)
def test_differences_come_only_from_printed_weights_or_say_why(case: Case) -> None:
    """A difference on a row whose 分值 the table prints has a reason in the case; a row whose
    weight the rule had to split is marked so (the checks accuse only printed weights)."""
    scored = score_table(build(case))
    for row, s in zip(case.rows, scored.indicators, strict=True):
        if row.weight is None and s.computed is not None:
            assert s.weight_from in ("level1", "settings")
        if s.agrees is False:
            assert row.why, row.name


@pytest.mark.parametrize("case", [c for c in CASES if c.funds], ids=lambda c: c.number)
def test_funds_block_by_the_rule(case: Case) -> None:
    execution = score_table(build(case)).execution
    assert execution is not None
    assert execution.computed == Decimal(case.execution_rule).quantize(Decimal("0.01"))
    if case.funds[0].score is None:
        assert execution.agrees is None
    else:
        assert execution.agrees is not case.execution_differs


def test_low_execution_rounds_as_published() -> None:
    """隆阳 (27): 20 × 30 / 278.4449 = 2.1548, published 2.16: rounding, not a departure."""
    case = next(c for c in CASES if c.number == "27")
    execution = score_table(build(case)).execution
    assert execution is not None
    assert execution.rate_percent == Decimal("10.77")
    assert execution.computed == Decimal("2.15")
    assert execution.agrees is True


def test_total_and_grade_of_a_complete_table() -> None:
    """中江 (07): every row and the funds block scored; its printed weights add to 110."""
    case = next(c for c in CASES if c.number == "07")
    scored = score_table(build(case))
    assert scored.complete
    assert scored.total == Decimal("110")
    assert scored.printed_weights == Decimal("110")
    assert scored.grade == "优"
    assert scored.by_level1()["产出指标"] == Decimal("70")


def test_weights_of_a_table_that_adds_to_100() -> None:
    case = next(c for c in CASES if c.number == "12")
    assert score_table(build(case)).printed_weights == Decimal("100")


def test_grades_are_configurable() -> None:
    default = ScoringSettings()
    assert [default.grade(Decimal(x)) for x in ("90", "89.99", "80", "60", "59.9")] == [
        "优",
        "良",
        "良",
        "中",
        "差",
    ]
    strict = ScoringSettings(grades=((Decimal(95), "优"), (Decimal(0), "不合格")))
    assert strict.grade(Decimal("94")) == "不合格"


def test_settings_weights_replace_the_default_split() -> None:
    case = next(c for c in CASES if c.number == "20")
    bureau = ScoringSettings(level1_weights={"产出指标": Decimal(40), "效益指标": Decimal(40)})
    scored = score_table(build(case), bureau)
    assert [s.computed for s in scored.indicators] == [Decimal("10.00")] * 4 + [Decimal("40.00")]


def test_negative_target_scores_target_over_actual() -> None:
    case = next(c for c in CASES if c.number == "13")
    row = score_table(build(case)).indicators[7]
    assert row.met is False and row.computed == Decimal("9.09")


@pytest.mark.parametrize(
    ("words", "band"),
    [
        ("达成预期指标", Band.MET),
        ("已完成", Band.MET),
        ("部分达成并具有一定效果", Band.PARTLY),
        ("未达成且效果较差", Band.NOT_MET),
        ("未完成", Band.NOT_MET),
        ("基本达到", None),
        ("程度较高", None),
    ],
)
def test_band_words(words: str, band: Band | None) -> None:
    assert band_of(words) is band


def test_rounding_tolerance_follows_the_published_precision() -> None:
    assert tolerance(Decimal("5")) == Decimal("0.5")
    assert tolerance(Decimal("1.9")) == Decimal("0.05")
    assert tolerance(Decimal("2.16")) == Decimal("0.01")
    assert tolerance(Decimal("2.160")) == Decimal("0.01")


def test_points_in_a_label() -> None:
    assert label_points("产出指标(50分)") == Decimal(50)
    assert label_points("效益指标（30 分）") == Decimal(30)
    assert label_points("产出指标") is None
