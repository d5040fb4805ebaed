"""Scoring a 绩效自评表 by the national rule (财预〔2020〕10号 and its annex), on plain models.

The rule's score is computed beside the published one, never instead of it: reviewers depart
from the formula on purpose, so a difference is something to show, not to correct.

Rounding: every computation is exact in `Decimal`; a computed score is rounded half-up to two
decimals (`SCORE_PLACES`), the precision tables publish. A published score agrees with the
rule when it lies within half a unit of its own last decimal of the rule's score (5 for 4.84,
2.16 for 2.1548), and never closer than 0.01 is asked for (rates are often rounded before
they are multiplied). A 定性 score agrees when it lies in its band.

Weights (分值): the row's own 分值 when the table prints it; else the 一级's points written in
its label (`产出指标(50分)`) split evenly over its rows; else the settings' 一级 weights
(default 产出 50, 效益 30, 满意度 10, with 成本 counted under 产出 as the rule predates it) split
evenly. Only a weight the table prints can make a score wrong: a split weight is a guess.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xlgoals.model.amounts import places
from xlgoals.model.framework import LEGACY_LEVEL2, normalise_level1, squash
from xlgoals.model.submission import AnyTable, FundsExecution, Indicator
from xlgoals.model.targets import Comparator, Target, parse_target

SCORE_PLACES = Decimal("0.01")
_HUNDRED = Decimal(100)


class Band(str, Enum):
    """The three grades of a 定性 indicator, in the words of the national annex."""

    MET = "达成预期指标"
    PARTLY = "部分达成并具有一定效果"
    NOT_MET = "未达成且效果较差"


class Rule(str, Enum):
    POSITIVE = "positive"  # ≥ > = or a bare number: 完成值 ≥ 指标值 earns the full 分值
    NEGATIVE = "negative"  # ≤ <: 完成值 ≤ 指标值 earns the full 分值
    QUALITATIVE = "qualitative"  # a band of the 分值


#: why the rule gives no score for a row
Unscored = Literal["no_actual", "no_target", "unit", "unknown_grade", "no_weight"]
#: where a 分值 came from: printed on the row; the 一级's points in its label; the settings
WeightSource = Literal["table", "level1", "settings"]


def _d(text: str) -> Decimal:
    return Decimal(text)


class ScoringSettings(BaseModel):
    """A bureau's scoring settings; the defaults are the national rule's."""

    model_config = ConfigDict(frozen=True)

    level1_weights: dict[str, Decimal] = Field(
        default_factory=lambda: {"产出指标": _d("50"), "效益指标": _d("30"), "满意度指标": _d("10")}
    )
    execution_weight: Decimal = _d("10")
    #: (lowest total, grade), highest first: 优 90+, 良 80+, 中 60+, 差 below
    grades: tuple[tuple[Decimal, str], ...] = (
        (_d("90"), "优"),
        (_d("80"), "良"),
        (_d("60"), "中"),
        (_d("0"), "差"),
    )
    #: share of the 分值 each 定性 band spans: 100–80% (80% in), 80–60% (60% in), 60–0%
    bands: dict[Band, tuple[Decimal, Decimal]] = Field(
        default_factory=lambda: {
            Band.MET: (_d("0.8"), _d("1")),
            Band.PARTLY: (_d("0.6"), _d("0.8")),
            Band.NOT_MET: (_d("0"), _d("0.6")),
        }
    )
    #: the share a band earns when a point is needed (a template's formula, a total): met
    #: earns the full 分值 as a met 定量 target does; the rule names no point inside the
    #: other two bands, so their middles
    band_points: dict[Band, Decimal] = Field(
        default_factory=lambda: {Band.MET: _d("1"), Band.PARTLY: _d("0.7"), Band.NOT_MET: _d("0.3")}
    )
    #: 执行率 (%) below which the table must say why (Sichuan's 90%)
    reason_rate: Decimal = _d("90")
    #: a target met this many times over was set too low (指标值设置偏低)
    overshoot: Decimal = _d("3")

    def grade(self, total: Decimal) -> str:
        return next(grade for lowest, grade in self.grades if total >= lowest)


DEFAULT_SETTINGS = ScoringSettings()


def round_score(value: Decimal) -> Decimal:
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def tolerance(published: Decimal) -> Decimal:
    """How far a published score may lie from the rule's and still be its rounding."""
    half_unit = Decimal(5) / Decimal(10) ** (places(published) + 1)
    return max(half_unit, SCORE_PLACES)


# --- 定性 grades -------------------------------------------------------------------------

_NOT_MET = ("未达成", "未完成", "未达到", "未实现", "效果较差", "较差")
_PARTLY = ("部分达成", "部分完成", "部分达到", "部分实现", "一定效果")
_MET = frozenset(
    {"达成预期指标", "达成预期目标", "达成目标", "达到预期", "达到预期目标", "已达成", "达成"}
    | {"已完成", "完成", "全部完成", "全部达成", "已实现", "实现", "达到"}
)


def band_of(text: str) -> Band | None:
    """The band a 完成值 written in words names (the dropdown's words or their variants)."""
    words = squash(text)
    if any(word in words for word in _NOT_MET):
        return Band.NOT_MET
    if any(word in words for word in _PARTLY):
        return Band.PARTLY
    return Band.MET if words in _MET else None


# --- one indicator ----------------------------------------------------------------------


class IndicatorScore(BaseModel):
    """The rule's score of one row beside the published one."""

    indicator: Indicator
    weight: Decimal | None = None
    #: table: the row's 分值; level1: the 一级's points in its label, split; settings: split
    weight_from: WeightSource | None = None
    rule: Rule | None = None
    band: Band | None = None
    #: the rule's score (a band's point for 定性), rounded to SCORE_PLACES
    computed: Decimal | None = None
    #: the scores the rule allows: a band for 定性, the computed score itself otherwise
    low: Decimal | None = None
    high: Decimal | None = None
    #: 完成值 ÷ 指标值 for a number target (how many times over it was met)
    ratio: Decimal | None = None
    #: whether the target was reached (None when the rule could not tell)
    met: bool | None = None
    unscored: Unscored | None = None
    actual_unit: str | None = None

    @property
    def published(self) -> Decimal | None:
        return self.indicator.score.value if self.indicator.score else None

    @property
    def agrees(self) -> bool | None:
        """Whether the published score is the rule's within rounding (None: nothing to compare)."""
        if self.published is None or self.low is None or self.high is None:
            return None
        slack = tolerance(self.published)
        return self.low - slack <= self.published <= self.high + slack

    @property
    def difference(self) -> Decimal | None:
        if self.published is None or self.computed is None:
            return None
        return self.published - self.computed


def _unit(text: str) -> str:
    return squash(text).replace("％", "%")


def rule_of(target: Target) -> Rule | None:
    """The scoring rule a target asks for; None for an approximate one (`5.5%左右` names no
    direction to reach)."""
    if target.approximate:
        return None
    if target.is_number:
        if target.comparator in (Comparator.LE, Comparator.LT):
            return Rule.NEGATIVE
        return Rule.POSITIVE
    if target.text is not None or target.comparator is Comparator.QUALITATIVE:
        return Rule.QUALITATIVE
    return None


def score_indicator(
    indicator: Indicator,
    weight: Decimal | None,
    weight_from: WeightSource | None,
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> IndicatorScore:
    """The rule's score of one row, given the 分值 it is scored out of."""
    base = IndicatorScore(indicator=indicator, weight=weight, weight_from=weight_from)
    actual_text = indicator.actual.value.strip() if indicator.actual else ""
    if not actual_text:
        return base.model_copy(update={"unscored": "no_actual"})
    actual = parse_target(actual_text)
    band = band_of(actual_text) if actual.text is not None else None
    if band is None and actual.text is not None and _same_text(indicator, actual_text):
        band = Band.MET  # the 完成值 repeats a text target: reached as written
    if band is not None:
        return _qualitative(base, band, settings)
    rule = rule_of(indicator.target)
    if rule is None:
        return base.model_copy(update={"unscored": "no_target"})
    if rule is Rule.QUALITATIVE or not actual.is_number:
        return base.model_copy(update={"rule": rule, "unscored": "unknown_grade"})
    return _quantitative(base, rule, indicator.target, actual)


def _same_text(indicator: Indicator, actual: str) -> bool:
    """The 完成值 repeats the text target (as written, or without its comparator word)."""
    written = {squash(indicator.raw), squash(indicator.target.text or "")} - {""}
    return squash(actual) in written


def _qualitative(base: IndicatorScore, band: Band, settings: ScoringSettings) -> IndicatorScore:
    update: dict[str, object] = {"rule": Rule.QUALITATIVE, "band": band, "met": band is Band.MET}
    if base.weight is None:
        return base.model_copy(update={**update, "unscored": "no_weight"})
    low, high = settings.bands[band]
    update |= {
        "computed": round_score(base.weight * settings.band_points[band]),
        "low": round_score(base.weight * low),
        "high": round_score(base.weight * high),
    }
    return base.model_copy(update=update)


def _quantitative(
    base: IndicatorScore, rule: Rule, target: Target, actual: Target
) -> IndicatorScore:
    goal, done = target.number, actual.number
    assert goal is not None and done is not None
    target_unit, actual_unit = _unit(target.unit), _unit(actual.unit)
    update: dict[str, object] = {"rule": rule, "actual_unit": actual.unit or None}
    if target_unit and actual_unit and target_unit != actual_unit:
        return base.model_copy(update={**update, "unscored": "unit"})
    if rule is Rule.POSITIVE:
        met, share = done >= goal, (done / goal if goal > 0 else Decimal(1))
    else:
        met, share = done <= goal, (goal / done if done > 0 else Decimal(1))
    update |= {"met": met, "ratio": done / goal if goal > 0 else None}
    if base.weight is None:
        return base.model_copy(update={**update, "unscored": "no_weight"})
    computed = round_score(base.weight * min(share, Decimal(1)))
    return base.model_copy(
        update={**update, "computed": computed, "low": computed, "high": computed}
    )


# --- weights ------------------------------------------------------------------------------

_POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def label_points(label: str | None) -> Decimal | None:
    """The points a label carries: `产出指标(50分)` → 50."""
    match = _POINTS.search(squash(label or ""))
    return Decimal(match.group(1)) if match else None


def weight_group(indicator: Indicator) -> str:
    """The 一级 a default weight is split over: 成本 counts under 产出 (the rule predates it)."""
    label = _POINTS.sub("", squash(indicator.level1_raw or indicator.level1 or ""))
    level1 = normalise_level1(label) if label else ""
    if level1 == "成本指标" or indicator.level2 in LEGACY_LEVEL2:
        return "产出指标"
    return level1


def resolve_weights(
    indicators: Sequence[Indicator], settings: ScoringSettings = DEFAULT_SETTINGS
) -> list[tuple[Decimal | None, WeightSource | None]]:
    """Each row's 分值 and where it came from (see the module's docstring): the rows of a
    一级 without a printed 分值 share what its weight leaves after the printed ones."""
    missing: dict[str, list[int]] = defaultdict(list)
    printed: dict[str, Decimal] = defaultdict(Decimal)
    points: dict[str, Decimal] = {}
    resolved: list[tuple[Decimal | None, WeightSource | None]] = []
    for index, indicator in enumerate(indicators):
        group = weight_group(indicator)
        if indicator.weight is None:
            missing[group].append(index)
            resolved.append((None, None))
        else:
            printed[group] += indicator.weight.value
            resolved.append((indicator.weight.value, "table"))
        found = label_points(indicator.level1_raw)
        if found is not None:
            points.setdefault(group, found)
    for group, rows in missing.items():
        source: WeightSource = "level1" if group in points else "settings"
        total = points.get(group, settings.level1_weights.get(group))
        if total is None or total - printed[group] <= 0:
            continue
        share = (total - printed[group]) / len(rows)
        for index in rows:
            resolved[index] = (share, source)
    return resolved


# --- the funds block ----------------------------------------------------------------------


class ExecutionScore(BaseModel):
    """预算执行率 and its score: 分值 × 全年执行数 ÷ 全年预算数, capped at the 分值."""

    row: FundsExecution
    budget: Decimal | None
    executed: Decimal | None
    #: 执行率 as a fraction, exact
    rate: Decimal
    weight: Decimal
    weight_from: Literal["table", "settings"]
    computed: Decimal
    #: the source rows were summed because the total row is empty or zero
    summed: bool = False
    #: the amounts are missing: the published 执行率 was used
    from_rate: bool = False

    @property
    def rate_percent(self) -> Decimal:
        return round_score(self.rate * _HUNDRED)

    @property
    def published(self) -> Decimal | None:
        return self.row.score.value if self.row.score else None

    @property
    def agrees(self) -> bool | None:
        if self.published is None:
            return None
        return abs(self.published - self.computed) <= tolerance(self.published)

    @property
    def difference(self) -> Decimal | None:
        return None if self.published is None else self.published - self.computed


def _budget(row: FundsExecution) -> Decimal | None:
    """全年预算数 (the adjusted budget), else 年初预算数."""
    for amount in (row.budget, row.planned):
        if amount is not None and amount.value:
            return amount.value
    return None


def score_execution(
    rows: Sequence[FundsExecution], settings: ScoringSettings = DEFAULT_SETTINGS
) -> ExecutionScore | None:
    """The score of the funds block: its total row, or the sum of its source rows when the
    total row holds nothing (a total of 0 beside parts that are not 0 is no total)."""
    if not rows:
        return None
    total = rows[0]
    found = _spent(rows)
    if found is None:
        return None
    budget, spent, rate, how = found
    weight_from: Literal["table", "settings"] = "table" if total.weight else "settings"
    weight = total.weight.value if total.weight else settings.execution_weight
    return ExecutionScore(
        row=total,
        budget=budget,
        executed=spent,
        rate=rate,
        from_rate=how == "rate",
        weight=weight,
        weight_from=weight_from,
        computed=round_score(weight * min(rate, Decimal(1))),
        summed=how == "parts",
    )


def _spent(
    rows: Sequence[FundsExecution],
) -> tuple[Decimal | None, Decimal | None, Decimal, str] | None:
    """(budget, executed, rate, how): from the total row; else the sum of its parts; else the
    published 执行率 when the amounts are lost (an OCR'd table keeps only the rate)."""
    total = rows[0]
    budget = _budget(total)
    if budget and total.executed is not None:
        return budget, total.executed.value, total.executed.value / budget, "total"
    parts = [r for r in rows[1:] if _budget(r) and r.executed is not None]
    if parts:
        budget = sum((_budget(r) or Decimal(0) for r in parts), Decimal(0))
        spent = sum((r.executed.value for r in parts if r.executed), Decimal(0))
        return budget, spent, spent / budget, "parts"
    if total.rate is not None:
        return None, None, total.rate.value / _HUNDRED, "rate"
    return None


# --- the table ----------------------------------------------------------------------------


class TableScore(BaseModel):
    """A table's rows and funds block scored, its total and grade."""

    table: AnyTable
    indicators: list[IndicatorScore]
    execution: ExecutionScore | None
    settings: ScoringSettings = DEFAULT_SETTINGS

    @property
    def total(self) -> Decimal:
        """The rule's total: every row's score and the funds block's, out of 100."""
        rows = sum((s.computed for s in self.indicators if s.computed is not None), Decimal(0))
        return rows + (self.execution.computed if self.execution else Decimal(0))

    @property
    def complete(self) -> bool:
        """Every row scored and the funds block too: only then is `total` the table's."""
        return self.execution is not None and all(s.computed is not None for s in self.indicators)

    @property
    def grade(self) -> str:
        return self.settings.grade(self.total)

    @property
    def published_total(self) -> Decimal | None:
        return self.table.total_score.value if self.table.total_score else None

    @property
    def printed_weights(self) -> Decimal | None:
        """Σ of the 分值 the table prints (rows and funds block), None unless it prints all."""
        if not self.indicators or any(s.weight_from != "table" for s in self.indicators):
            return None
        if self.execution is None or self.execution.weight_from != "table":
            return None
        return sum((s.weight for s in self.indicators if s.weight), self.execution.weight)

    def by_level1(self) -> dict[str, Decimal]:
        """The rule's score per 一级 (成本 under 产出, as the weights count it)."""
        found: dict[str, Decimal] = defaultdict(Decimal)
        for s in self.indicators:
            if s.computed is not None:
                found[weight_group(s.indicator) or "其他"] += s.computed
        return dict(found)


def score_table(table: AnyTable, settings: ScoringSettings | None = None) -> TableScore:
    """Score every row and the funds block of a 绩效自评表 by the rule."""
    settings = settings or DEFAULT_SETTINGS
    weights = resolve_weights(table.indicators, settings)
    rows = [
        score_indicator(indicator, weight, source, settings)
        for indicator, (weight, source) in zip(table.indicators, weights, strict=True)
    ]
    execution = score_execution(table.execution, settings)
    return TableScore(table=table, indicators=rows, execution=execution, settings=settings)
