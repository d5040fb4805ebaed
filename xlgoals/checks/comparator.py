"""Comparator checks (domain.md §4, §5): how a target is written, and whether its comparator,
value and unit fit the kind of indicator it is.

A row is classified by its 三级 name and unit (`kind_of`), then judged by a few small rules.
Each rule fires at most once per row, and a row that is not what its category says (a count
filed as a cost) is told that, not every consequence of it.
"""

from __future__ import annotations

import functools
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
#: units that count things (本, 种, 场次 …; 万人 too): a count, whatever its name says
COUNT_UNITS = frozenset({
    "个", "次", "场", "场次", "人", "人次", "户", "件", "本", "册", "种", "份", "项", "家",
    "所", "处", "台", "套", "名", "篇", "部", "期", "批", "批次", "条", "卷", "座", "辆",
    "张", "间", "班", "班次", "起", "例", "幅", "首", "集", "株", "棵", "盏", "块", "门",
    "堂", "节", "课", "课时", "支", "队", "届",
})  # fmt: skip
#: words that give a text target its direction or grade (有所提升, 效果明显, 保持稳定 …)
DIRECTION_WORDS = (
    "提升", "提高", "增强", "增加", "增长", "上升", "扩大", "改善", "改进", "优化", "加强", "强化",
    "促进", "推动", "推进", "保持", "稳定", "持续", "维持", "巩固", "降低", "减少", "下降",
    "减轻", "控制", "可控", "杜绝", "避免", "防止", "消除", "确保", "保障", "不断", "进一步",
    "逐步", "有所", "明显", "显著", "大幅", "有效", "良好", "优良", "优秀", "较好", "较高",
    "好转", "达标", "达到", "达成", "合格", "完成", "完善", "健全", "及时", "按时", "按期",
    "合理", "规范", "满足", "满意", "认可", "好评", "繁荣", "丰富", "实现", "建成", "建立",
    "形成", "覆盖", "全面", "普及", "落实", "到位", "正常", "安全", "畅通", "便捷", "高效",
    "符合", "发挥", "无", "零", "未发生", "不发生", "不低于", "不高于", "高于", "低于",
)  # fmt: skip
#: a text target that names a quality and stops (公众对非物质文化遗产的认同感): no level is set.
#: A norm (合规, 专款专用, 严格执行…规定) or a state (市级保护单位, 是) is assessable as it is.
_QUALITY_ONLY = re.compile(r"(感|度|性|意识|水平|程度|效果|效益|质量|能力|形象|氛围|认识|理念)$")
#: a name that states a change (提高…率): its text target says how much, in words
_CHANGE_NAME = re.compile(
    r"^(提高|提升|降低|减少|保持|持续|确保|增强|加强|促进|推动|进一步|不断|有效|逐步|维持)"
)


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
    return _kind(row.name or "", row.unit, level1_of(row))


@functools.lru_cache(maxsize=16_384)  # asked by several rules for each row
def _kind(name: str, unit: str, level1: str | None) -> Kind:
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
        satisfaction=level1 == "满意度指标" or "满意度" in name or "满意率" in name,
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
    if Note.OUT_OF_RANGE in notes:
        return  # refused at reading (XG026): nothing more is said about what was not read
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


@check(
    codes=("XG309", "XG310", "XG311", "XG312", "XG313", "XG314", "XG315", "XG318", "XG319", "XG320")
)
def fits_indicator(submission: Submission) -> Iterator[Finding]:
    """§5: satisfaction, cost, negative, output quantity, rates and counts."""
    for _, row in each_indicator(submission):
        kind = kind_of(row)
        count_in_percent = kind.count and kind.percent and row.target.number is not None
        if count_in_percent:
            yield _count_in_percent(row)
        cost_unit = _cost_unit(row, kind, count_in_percent)
        yield from cost_unit
        yield from _quantity_as_quality(row, kind)
        if not _is_number(row):
            continue
        yield from _comparator_rules(row, kind, bool(cost_unit) or count_in_percent)
        if not count_in_percent:
            yield from _rate_rules(row, kind)


def _count_in_percent(row: Indicator) -> Finding:
    """XG315, which also says when the count is filed as a cost: one finding for the cell,
    whose hint (the count and its unit, under 数量指标) repairs both."""
    filed = row.level2 if level1_of(row) == "成本指标" else None
    return finding(
        "XG315",
        target_cell(row),
        unit=row.unit,
        filed=f"，且放在“{filed}”下（数量不是成本）" if filed else "",
        filed_en=f", and it is filed under {filed} (a count is no cost)" if filed else "",
        **row_params(row),
    )


def _cost_unit(row: Indicator, kind: Kind, count_in_percent: bool) -> list[Finding]:
    """A 经济成本 number not in money is not a cost (a count in % is told by XG315)."""
    if level1_of(row) != "成本指标" or row.target.number is None or kind.money:
        return []
    if row.level2 not in MONEY_LEVEL2 or count_in_percent:
        return []
    if kind.percent and any(w in (row.name or "") for w in COST_RATIO_WORDS):
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
        # ≥ x%; `=100%` is the right form, but no survey can be held to it
        if kind.percent and comparator is Comparator.EQ and number == HUNDRED:
            yield finding("XG319", target_cell(row), **params)
        elif not kind.percent or comparator not in LOWER_BOUNDS:
            yield finding("XG309", at, comparator=symbol, **params)
    elif level1 == "产出指标" and row.level2 == "数量指标" and comparator in UPPER_BOUNDS:
        yield finding("XG313", at, comparator=symbol, **params)


def _quantity_as_quality(row: Indicator, kind: Kind) -> Iterator[Finding]:
    """§3: a 质量指标 whose target counts things (图书馆新增藏书 2500本) is a 数量指标. A bound
    from above (差错 ≤3次) or none at all (=0) is a quality, and stays silent."""
    number, unit = row.target.number, row.unit.lstrip("万千百")
    if row.level2 != "质量指标" or number is None or number == 0 or kind.negative:
        return
    if row.comparator in UPPER_BOUNDS or unit not in COUNT_UNITS:
        return
    yield finding("XG320", target_cell(row), unit=row.unit, **row_params(row))


@check(codes=("XG321", "XG322"))
def text_targets(submission: Submission) -> Iterator[Finding]:
    """A rate given in words (…知晓率 有效提升), and a 定性 target that says neither a
    direction nor a grade (非遗传承保护: 公众对非物质文化遗产的认同感)."""
    for _, row in each_indicator(submission):
        target, text = row.target, row.target.text
        if (
            text is None
            or target.number is not None
            or row.comparator is not Comparator.QUALITATIVE
        ):
            continue
        if {Note.RELATIVE, Note.DATE, Note.PLACEHOLDER} & set(target.notes) or _looks_numeric(text):
            continue
        changing = bool(_CHANGE_NAME.match(row.name or ""))
        params = {**row_params(row), "raw": text}
        if kind_of(row).rate and (row.name or "").endswith("率") and not changing:
            # a 率 in words; a 满意度 given as 好 / 满意 is a grade, as many forms ask
            yield finding("XG321", target_cell(row), **params)
        elif (
            not row.direction
            and _QUALITY_ONLY.search(text.strip())
            and not any(word in text for word in DIRECTION_WORDS)
        ):
            yield finding("XG322", target_cell(row), **params)


def _beyond_100(comparator: Comparator, number: Decimal, kind: Kind) -> dict[str, str]:
    """Why a rate target at or past 100% is wrong, and what to write instead."""
    if comparator is Comparator.GE and number == HUNDRED:
        why = "比率最高为100%，“≥100%”只在恰好100%时成立"
        why_en = "a rate is at most 100%, so ≥100% only holds at exactly 100%"
    else:
        why = "比率最高为100%，该目标无法达到"
        why_en = "a rate is at most 100%, so it can never be met"
    # a satisfaction survey is not held to 100% (XG319): ask for a bound below it
    suggest, suggest_en = (
        ("≥x%（x＜100）", "≥x% (x < 100)") if kind.satisfaction else ("=100%",) * 2
    )
    return {"why": why, "why_en": why_en, "suggest": suggest, "suggest_en": suggest_en}


def _rate_rules(row: Indicator, kind: Kind) -> Iterator[Finding]:
    comparator, number, params = row.comparator, row.target.number, row_params(row)
    assert comparator is not None and number is not None
    if kind.negative or kind.growth or not kind.rate:
        return
    impossible = (comparator in LOWER_BOUNDS and number >= HUNDRED) or (
        comparator is Comparator.EQ and number > HUNDRED
    )
    if impossible and (kind.percent or number > 1):
        yield finding(
            "XG314", comparator_cell(row), **_beyond_100(comparator, number, kind), **params
        )
    name = row.name or ""
    if not row.unit and name.endswith("率") and not kind.satisfaction:
        yield finding("XG318", target_cell(row), unit="（无）", **params)


@check(codes=("XG323",))
def negative_target(submission: Submission) -> Iterator[Finding]:
    """A target below zero: a slip of the minus sign, or a decrease written as a negative
    number; a growth rate may fall below zero and is left alone."""
    for _, row in each_indicator(submission):
        number = row.target.number
        if number is not None and number < 0 and not kind_of(row).growth:
            yield finding("XG323", target_cell(row), **row_params(row))
