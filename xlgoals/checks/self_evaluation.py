"""Self-evaluation checks (XG501–XG509): a 绩效自评表 against its own targets and the rule.

Only tables that publish results (`Table.self_evaluation`) are looked at, so target tables
stay silent. The rule's score comes from `xlgoals.model.scoring`; it is shown beside the
published score and never replaces it. Only a 分值 the table prints can make a score wrong:
where the rule had to split a 一级's weight, nothing is said.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from xlgoals.checks.registry import check, row_params, target_cell
from xlgoals.model.budget import show
from xlgoals.model.scoring import ExecutionScore, IndicatorScore, Rule, TableScore, score_table
from xlgoals.model.submission import AnyTable, Submission
from xlgoals.problems.findings import Finding, Where, finding

_HUNDRED = Decimal(100)


def scored_tables(submission: Submission) -> list[TableScore]:
    """The submission's 绩效自评表 scored, once for all the checks of one run (they run one
    after the other on the same submission). The last result is kept with what it was
    computed from, every table and row by identity, so anything else is scored afresh."""
    key = [id(o) for t in submission.tables for o in (t, *t.indicators, *t.execution)]
    if _last and _last[0] is submission and _last[1] == key:
        return _last[2]
    scored = [score_table(t) for t in submission.tables if t.self_evaluation]
    _last[:] = [submission, key, scored]
    return scored


_last: list = []


def _score_cell(score: IndicatorScore) -> Where:
    indicator = score.indicator
    sourced = indicator.score or indicator.actual or indicator.weight
    return sourced.at if sourced else indicator.at


def _has_table_reason(table: AnyTable) -> bool:
    """A reason written once for the whole table (`偏差大或目标未完成原因分析`) covers its rows."""
    return any("原因" in name and value.value.strip() for name, value in table.fields.items())


def _actual_text(score: IndicatorScore) -> str:
    actual = score.indicator.actual
    return actual.value.strip() if actual else ""


@check(codes=("XG501",))
def weights_add_up(submission: Submission) -> Iterator[Finding]:
    for scored in scored_tables(submission):
        total = scored.printed_weights
        if total is None or total == _HUNDRED or scored.execution is None:
            continue
        if not scored.table.complete:
            continue  # rows the reader could not read (XG117) carry weights too
        cells = tuple(s.indicator.weight.at for s in scored.indicators if s.indicator.weight)
        funds = scored.execution.weight
        at = scored.execution.row.weight.at if scored.execution.row.weight else scored.table.at
        rows = total - funds
        yield finding("XG501", at, cells, total=show(total), rows=show(rows), funds=show(funds))


def _above(s: IndicatorScore) -> bool:
    published = s.published
    printed = s.weight_from == "table" and s.weight is not None
    return printed and published is not None and s.weight is not None and published > s.weight


@check(codes=("XG502",))
def score_above_weight(submission: Submission) -> Iterator[Finding]:
    for scored in scored_tables(submission):
        for s in filter(_above, scored.indicators):
            yield finding(
                "XG502",
                _score_cell(s),
                (s.indicator.weight.at,) if s.indicator.weight else (),
                name=s.indicator.name or "",
                score=show(s.published or Decimal(0)),
                weight=show(s.weight or Decimal(0)),
            )
        execution = scored.execution
        if execution is None or execution.weight_from != "table" or not execution.row.score:
            continue
        if execution.row.score.value > execution.weight:
            yield finding(
                "XG502",
                execution.row.score.at,
                name="预算执行率",
                score=show(execution.row.score.value),
                weight=show(execution.weight),
            )


def basis(s: IndicatorScore) -> tuple[str, str]:
    """How the rule reached its score, in Chinese and English."""
    weight = show(s.weight or Decimal(0))
    if s.rule is Rule.QUALITATIVE and s.band is not None:
        low, high = show(s.low or Decimal(0)), show(s.high or Decimal(0))
        return (
            f"定性“{s.band.value}”：分值 {weight} 的区间 {low}–{high}",
            f"定性 {s.band.value}: the band {low}–{high} of the weight {weight}",
        )
    target = s.indicator.raw or show(s.indicator.target.number or Decimal(0))
    actual = _actual_text(s)
    if s.met:
        return (
            f"完成值 {actual} 达到指标值 {target}，得满分 {weight}",
            f"actual {actual} meets the target {target}: the full {weight}",
        )
    formula = "指标值 ÷ 完成值" if s.rule is Rule.NEGATIVE else "完成值 ÷ 指标值"
    formula_en = "target ÷ actual" if s.rule is Rule.NEGATIVE else "actual ÷ target"
    return (
        f"分值 {weight} × {formula}（{actual} / {target}）",
        f"weight {weight} × {formula_en} ({actual} / {target})",
    )


def _execution_basis(execution: ExecutionScore) -> tuple[str, str]:
    rate = show(execution.rate_percent)
    weight = show(execution.weight)
    return f"分值 {weight} × 执行率 {rate}%", f"weight {weight} × execution {rate}%"


@check(codes=("XG503",))
def score_differs_from_rule(submission: Submission) -> Iterator[Finding]:
    for scored in scored_tables(submission):
        for s in scored.indicators:
            if s.weight_from != "table" or s.agrees is not False or s.computed is None:
                continue
            zh, en = basis(s)
            yield finding(
                "XG503",
                _score_cell(s),
                tuple(x.at for x in (s.indicator.weight, s.indicator.actual) if x),
                name=s.indicator.name or "",
                published=show(s.published or Decimal(0)),
                computed=show(s.computed),
                basis=zh,
                basis_en=en,
            )
        execution = scored.execution
        if execution and execution.weight_from == "table" and execution.agrees is False:
            zh, en = _execution_basis(execution)
            at = execution.row.score.at if execution.row.score else execution.row.at
            yield finding(
                "XG503",
                at,
                name="预算执行率",
                published=show(execution.published or Decimal(0)),
                computed=show(execution.computed),
                basis=zh,
                basis_en=en,
            )


@check(codes=("XG504", "XG505"))
def shortfall_without_reason(submission: Submission) -> Iterator[Finding]:
    for scored in scored_tables(submission):
        if _has_table_reason(scored.table):
            continue
        for s in scored.indicators:
            deviation = s.indicator.deviation
            if s.met is False and not (deviation and deviation.value.strip()):
                yield finding(
                    "XG504",
                    s.indicator.actual.at if s.indicator.actual else s.indicator.at,
                    **row_params(s.indicator),
                    target=s.indicator.raw,
                    actual=_actual_text(s),
                )
        execution = scored.execution
        if execution is None or execution.rate_percent >= scored.settings.reason_rate:
            continue
        reason = execution.row.reason
        if not (reason and reason.value.strip()):
            rate_cell = execution.row.rate or execution.row.executed
            yield finding(
                "XG505",
                rate_cell.at if rate_cell else execution.row.at,
                rate=show(execution.rate_percent),
                limit=show(scored.settings.reason_rate),
            )


@check(codes=("XG506",))
def actual_missing(submission: Submission) -> Iterator[Finding]:
    """Only in a table that has 完成值 elsewhere: a layout without the column is not accused."""
    for table in submission.tables:
        if not any(i.actual and i.actual.value.strip() for i in table.indicators):
            continue
        for indicator in table.indicators:
            if indicator.actual and indicator.actual.value.strip():
                continue
            if not indicator.raw.strip():
                continue  # no target either: a placeholder row (指标2:)
            yield finding(
                "XG506", target_cell(indicator), **row_params(indicator), target=indicator.raw
            )


@check(codes=("XG507",))
def actual_in_another_unit(submission: Submission) -> Iterator[Finding]:
    for scored in scored_tables(submission):
        for s in scored.indicators:
            if s.unscored == "unit" and s.indicator.actual:
                yield finding(
                    "XG507",
                    s.indicator.actual.at,
                    (target_cell(s.indicator),),
                    name=s.indicator.name or "",
                    unit=s.indicator.unit,
                    actual=_actual_text(s),
                )


@check(codes=("XG508",))
def target_met_many_times(submission: Submission) -> Iterator[Finding]:
    for scored in scored_tables(submission):
        limit = scored.settings.overshoot
        for s in scored.indicators:
            if s.rule is Rule.POSITIVE and s.ratio is not None and s.ratio >= limit:
                yield finding(
                    "XG508",
                    s.indicator.actual.at if s.indicator.actual else s.indicator.at,
                    (target_cell(s.indicator),),
                    name=s.indicator.name or "",
                    actual=_actual_text(s),
                    target=s.indicator.raw,
                    times=show(s.ratio.quantize(Decimal("0.1"))),
                )


@check(codes=("XG509",))
def execution_above_budget(submission: Submission) -> Iterator[Finding]:
    for scored in scored_tables(submission):
        execution = scored.execution
        if execution is None or execution.from_rate or execution.rate <= 1:
            continue
        row = execution.row
        at = row.executed.at if row.executed else row.at
        related = tuple(a.at for a in (row.budget or row.planned,) if a)
        yield finding(
            "XG509",
            at,
            related,
            executed=show(execution.executed or Decimal(0)),
            budget=show(execution.budget or Decimal(0)),
            rate=show(execution.rate_percent),
        )
