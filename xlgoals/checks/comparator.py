"""Comparator checks (domain.md §4, §5): how a target is written, and whether its comparator,
value and unit fit the kind of indicator it is.

A row is classified by its 三级 name and unit (`kind_of`), then judged by a few small rules.
Each rule fires at most once per row, and a row that is not what its category says (a count
filed as a cost) is told that, not every consequence of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from xlgoals.checks.registry import (
    check,
    comparator_cell,
    each_indicator,
    level1_of,
    row_params,
    target_cell,
)
from xlgoals.model.submission import Indicator, Submission
from xlgoals.model.targets import Comparator, Note, parse_comparator, parse_target
from xlgoals.problems.findings import Finding, finding

NUMBER_COMPARATORS = frozenset(
    {Comparator.GE, Comparator.GT, Comparator.EQ, Comparator.LT, Comparator.LE}
)
LOWER_BOUNDS = frozenset({Comparator.GE, Comparator.GT})
UPPER_BOUNDS = frozenset({Comparator.LE, Comparator.LT})
HUNDRED = Decimal(100)

#: less is better (domain §5), matched anywhere in the name
NEGATIVE_WORDS = (
    "失业率", "投诉", "事故", "差错", "欠薪", "违规", "违纪", "违法", "发生数", "发生率",
    "群体性事件", "上访", "伤亡", "死亡", "逾期", "不合格",
)  # fmt: skip
#: …unless the name measures how well such cases are handled: 投诉处理率, 欠薪案件结案率
HANDLING_WORDS = (
    "处理", "办结", "结案", "查处", "解决", "化解", "受理", "调处", "回复", "响应", "整改",
    "处置", "查办", "办理", "防范", "预防", "排查", "知晓",
)  # fmt: skip
#: a count (人数, 户数 …); a name that is also a ratio (次数占比…) is a rate, not a count
COUNT_WORDS = (
    "人数", "户数", "次数", "场数", "个数", "件数", "场次", "人次", "家数", "册数", "份数",
    "项数", "起数", "数量", "天数", "台数", "套数", "班次", "批次",
)  # fmt: skip
RATE_WORDS = ("比例", "占比", "比重", "满意度", "满意率")
#: rates that may exceed 100% (growth), so the 100% ceiling does not apply
GROWTH_WORDS = ("增长", "增幅", "增速", "同比", "环比")
#: 率 at the end of a name that is not a percentage
NOT_RATE_SUFFIX = ("频率", "功率", "汇率", "利率")
#: A cost indicator in % is a cost-control ratio (成本控制率 ≤100%, 控制在预算内 =100%):
#: actual spending over the budget, a ceiling that the 2021 guidance accepts under 成本指标.
#: It passes the money-unit rule when its name speaks of money or its control.
COST_RATIO_WORDS = ("成本", "费用", "预算", "资金", "经费", "支出", "控制")
#: 二级 whose numbers are money; 社会 / 生态环境成本 are often measured otherwise
MONEY_LEVEL2 = frozenset({"经济成本指标", "成本指标", None})
_PERCENT = frozenset({"%", "％", "‰", "百分比"})


@dataclass(frozen=True)
class Kind:
    """What a row's name and unit say it measures."""

    negative: bool
    count: bool
    rate: bool
    growth: bool
    satisfaction: bool
    percent: bool
    money: bool


def kind_of(row: Indicator) -> Kind:
    name = row.name or ""
    unit = row.unit
    percent = unit in _PERCENT
    rate_name = any(w in name for w in RATE_WORDS) or (
        name.endswith("率") and not name.endswith(NOT_RATE_SUFFIX)
    )
    negative = any(w in name for w in NEGATIVE_WORDS) and not any(w in name for w in HANDLING_WORDS)
    return Kind(
        negative=negative,
        count=any(w in name for w in COUNT_WORDS) and not rate_name and "率" not in name,
        rate=percent or (rate_name and not unit),
        growth=any(w in name for w in GROWTH_WORDS),
        satisfaction=level1_of(row) == "满意度指标" or "满意度" in name or "满意率" in name,
        percent=percent,
        money="元" in unit,
    )


def _is_number(row: Indicator) -> bool:
    """A number target with a number comparator: the kind rules judge only these."""
    return row.target.is_number and row.comparator in NUMBER_COMPARATORS


# --- how the target is written ---------------------------------------------------------------


@check(codes=("XG301", "XG302", "XG303", "XG304", "XG305", "XG306", "XG316", "XG317"))
def written_form(submission: Submission) -> Iterator[Finding]:
    """Placeholders, missing targets or comparators, 约 / 左右, relative bounds, dates, words."""
    for _, row in each_indicator(submission):
        yield from _written_form(row)


def _written_form(row: Indicator) -> Iterator[Finding]:
    target, params = row.target, row_params(row)
    notes = target.notes
    if Note.PLACEHOLDER in notes:
        yield finding("XG301", target_cell(row), value=row.raw, **params)
        return
    if Note.EMPTY in notes or (target.number is None and target.text is None):
        yield finding("XG302", target_cell(row), **params)
        return
    unknown = row.comparator_text is not None and parse_comparator(row.comparator_text) is None
    if unknown:
        yield finding("XG316", comparator_cell(row), value=row.comparator_text, **params)
    missing = Note.NO_COMPARATOR in notes or (
        Note.INFERRED_QUALITATIVE in notes and row.comparator_at is not None
    )
    if missing and not unknown:
        yield finding("XG303", comparator_cell(row), **params)
    for note, code in ((Note.APPROXIMATE, "XG304"), (Note.RELATIVE, "XG305"), (Note.DATE, "XG306")):
        if note in notes:
            yield finding(code, target_cell(row), **params)
    if Note.WORD in notes and row.comparator:
        yield finding("XG317", target_cell(row), comparator=row.comparator.value, **params)


@check(codes=("XG307", "XG308"))
def value_kind(submission: Submission) -> Iterator[Finding]:
    """A text target with ≥ > = < ≤, and a number marked 定性."""
    for _, row in each_indicator(submission):
        target, params = row.target, row_params(row)
        if target.notes and {Note.RELATIVE, Note.DATE, Note.PLACEHOLDER} & set(target.notes):
            continue
        if row.comparator in NUMBER_COMPARATORS and target.text is not None:
            yield finding("XG307", comparator_cell(row), comparator=row.comparator.value, **params)
        elif row.comparator is Comparator.QUALITATIVE and _looks_numeric(target.text):
            yield finding("XG308", comparator_cell(row), **params)


_NUMERIC = re.compile(r"^\s*[-+]?\d")


def _looks_numeric(text: str | None) -> bool:
    return bool(text and _NUMERIC.match(text) and parse_target(text).number is not None)


# --- whether the comparator fits the indicator -----------------------------------------------


@check(codes=("XG309", "XG310", "XG311", "XG312", "XG313", "XG314", "XG315", "XG318"))
def fits_indicator(submission: Submission) -> Iterator[Finding]:
    """§5: satisfaction, cost, negative, output quantity, rates and counts."""
    for _, row in each_indicator(submission):
        kind = kind_of(row)
        count_in_percent = kind.count and kind.percent and row.target.number is not None
        if count_in_percent:
            yield finding("XG315", target_cell(row), unit=row.unit, **row_params(row))
        cost_unit = _cost_unit(row, kind, count_in_percent)
        yield from cost_unit
        if not _is_number(row):
            continue
        yield from _comparator_rules(row, kind, bool(cost_unit))
        if not count_in_percent:
            yield from _rate_rules(row, kind)


def _cost_unit(row: Indicator, kind: Kind, count_in_percent: bool) -> list[Finding]:
    """A 经济成本 number not in money is not a cost (a count in % is one already)."""
    if level1_of(row) != "成本指标" or row.target.number is None or kind.money:
        return []
    if row.level2 not in MONEY_LEVEL2:
        return []
    cost_ratio = kind.percent and any(w in (row.name or "") for w in COST_RATIO_WORDS)
    if cost_ratio and not count_in_percent:
        return []
    unit = row.unit or "（无）"
    return [finding("XG311", target_cell(row), unit=unit, **row_params(row))]


def _comparator_rules(row: Indicator, kind: Kind, not_a_cost: bool) -> Iterator[Finding]:
    comparator, number, params = row.comparator, row.target.number, row_params(row)
    assert comparator is not None and number is not None
    at = comparator_cell(row)
    symbol = comparator.value
    if kind.negative:
        # less is better: ≤ and < fit, and `=0` (no incident at all) is a bound too
        if comparator in LOWER_BOUNDS or (comparator is Comparator.EQ and number != 0):
            yield finding("XG312", at, comparator=symbol, **params)
        return
    level1 = level1_of(row)
    if level1 == "成本指标":
        # a cost is a ceiling: ≤ or = (and < is a ceiling too); not told when it is no cost
        if comparator in LOWER_BOUNDS and not not_a_cost:
            yield finding("XG310", at, comparator=symbol, **params)
    elif kind.satisfaction and not kind.count:
        # ≥ x%; `=100%` is the form the rate rule asks for when all must be satisfied
        full = comparator is Comparator.EQ and number == HUNDRED
        if not kind.percent or not (comparator in LOWER_BOUNDS or full):
            yield finding("XG309", at, comparator=symbol, **params)
    elif level1 == "产出指标" and row.level2 == "数量指标" and comparator in UPPER_BOUNDS:
        yield finding("XG313", at, comparator=symbol, **params)


def _rate_rules(row: Indicator, kind: Kind) -> Iterator[Finding]:
    comparator, number, params = row.comparator, row.target.number, row_params(row)
    assert comparator is not None and number is not None
    if kind.negative or kind.growth or not kind.rate:
        return
    impossible = (comparator in LOWER_BOUNDS and number >= HUNDRED) or (
        comparator is Comparator.EQ and number > HUNDRED
    )
    if impossible and (kind.percent or number > 1):
        yield finding("XG314", comparator_cell(row), **params)
    name = row.name or ""
    if not row.unit and name.endswith("率") and not kind.satisfaction:
        yield finding("XG318", target_cell(row), unit="（无）", **params)
