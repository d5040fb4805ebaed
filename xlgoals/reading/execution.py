"""The funds block of a year-end table (预算执行情况 / 资金情况 / 项目资金): 年初预算数, 全年预算数,
全年执行数, 分值, 执行率 and 得分 per source row, as published.

The block is found by its column words; each row below is a label (年度资金总额, 其中：财政拨款 …)
and its numbers, read into the columns in order. A text copy drops empty cells, so a row with
fewer numbers than columns leaves out the 执行率 when none of its numbers is a rate.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from xlgoals.model.framework import squash

#: column role → header words (squashed, without `(A)`, `(万元)`, `(20分*执行率)`)
_WORDS: dict[str, tuple[str, ...]] = {
    "planned": ("年初预算数", "年初预算"),
    "budget": ("全年预算数", "调整后预算数", "预算数", "全年(调整)预算数", "全年预算"),
    "executed": ("全年执行数", "预算执行数", "执行数", "实际执行数"),
    "weight": ("分值", "权重", "执行率权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分", "执行率得分"),
    # a 监控表's 1-6月执行数 is half a year's, not the year's 全年执行数
    "other": ("原因", "全年预计执行数", "资金来源", "1-6月执行数"),
}
_LOOKUP = {w: role for role, words in _WORDS.items() for w in words}
_NOISE = re.compile(r"[(（][^()（）]*[)）]")
_OPEN_BRACKET = re.compile(r"[(（][^()（）]*$")
_NUMBER = re.compile(r"^[-+]?\d+(?:,\d{3})*(?:\.\d+)?\s*(%|万元|元)?$")
_PLACEHOLDER = frozenset({"/", "-", "—", "--", "／", "\\", "*"})


@functools.lru_cache(maxsize=4096)
def column_word(text: object) -> str | None:
    """`全年预算数(A)` → budget; `执行率(B/A1` (a bracket lost by OCR) → rate."""
    if not isinstance(text, str) or len(text) > 30:
        return None
    cleaned = _NOISE.sub("", squash(text)).strip(":：")
    return _LOOKUP.get(cleaned) or _LOOKUP.get(_OPEN_BRACKET.sub("", cleaned))


@dataclass(frozen=True)
class Header:
    row: int
    columns: tuple[str, ...]  # the value columns' roles, left to right


def find_header(cells: list[tuple[int, object]], row: int) -> Header | None:
    """A funds header names at least two of its columns, an amount among them."""
    roles = [r for _, v in cells if (r := column_word(v))]
    amounts = {"planned", "budget", "executed"} & set(roles)
    return Header(row, tuple(roles)) if len(roles) >= 3 and amounts else None


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


def is_rate(text: str) -> bool:
    """`100.00%`, `0.958`: what an 执行率 cell holds."""
    text = text.replace(" ", "")
    if text.endswith("%"):
        return is_number(text)
    try:
        return Decimal(text) <= Decimal("1.5") and "." in text
    except InvalidOperation:
        return False


def split_row(texts: list[tuple[int, str]]) -> tuple[tuple[int, str], list[tuple[int, str]]] | None:
    """(label cell, value cells) of a funds row; None when the row is not one (a goal text)."""
    values_start = next((i for i, (_, t) in enumerate(texts) if is_number(t) or not t
                         or t in _PLACEHOLDER), None)  # fmt: skip
    if values_start is None or values_start == 0:
        return None
    label = texts[values_start - 1]
    values = texts[values_start:]
    if any(t and not (is_number(t) or t in _PLACEHOLDER) for _, t in values):
        values = [v for v in values if not v[1] or is_number(v[1]) or v[1] in _PLACEHOLDER]
    return label, values


def place_values(header: Header, values: list[tuple[int, str]]) -> dict[str, tuple[int, str]]:
    """Role → (column, text) of a row's numbers, in the header's order; the rate column is
    left out when a row has fewer numbers than columns and none of them is a rate."""
    columns = [c for c in header.columns if c != "other"]
    filled = [v for v in values if v[1]]
    if len(values) < len(columns) and not any(is_rate(t) for _, t in filled):
        columns = [c for c in columns if c != "rate"]
    return {role: value for role, value in zip(columns, values, strict=False) if value[1]}


def number(text: str) -> Decimal | None:
    """A published number: `100.00%` → 100.00, `2.38 万元` → 2.38, `/` → None."""
    text = text.replace(" ", "").replace(",", "")
    text = text.removesuffix("%").removesuffix("万元").removesuffix("元")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
