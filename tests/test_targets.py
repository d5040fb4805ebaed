"""The target-value parser: every form of domain.md §4, every target in the seed, round trips."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlgoals.model.targets import Comparator, Note, format_target, parse_comparator, parse_target

GE, GT, EQ, LT, LE, QUAL = (
    Comparator.GE,
    Comparator.GT,
    Comparator.EQ,
    Comparator.LT,
    Comparator.LE,
    Comparator.QUALITATIVE,
)
SEED = Path(__file__).resolve().parents[1] / "examples" / "seed.txt"

CASES = [
    # (as written, comparator, number, unit, text, notes that must be present)
    (r"$\geq 100\%$", GE, "100", "%", None, {Note.OCR}),
    (r"$\leq 5.5\%$", LE, "5.5", "%", None, {Note.OCR}),
    ("=100.00(%)", EQ, "100.00", "%", None, set()),
    ("≤ 44 万人", LE, "44", "万人", None, set()),
    ("≥5次", GE, "5", "次", None, set()),
    (">=98%", GE, "98", "%", None, set()),
    ("≧90%", GE, "90", "%", None, set()),
    ("＞＝５次", GE, "5", "次", None, set()),
    ("＜＝3个", LE, "3", "个", None, set()),
    ("＝100％", EQ, "100", "%", None, set()),
    ("不低于90%", GE, "90", "%", None, {Note.WORD}),
    ("不少于30个", GE, "30", "个", None, {Note.WORD}),
    ("不高于5%", LE, "5", "%", None, {Note.WORD}),
    ("不超过4100元", LE, "4100", "元", None, {Note.WORD}),
    ("不多于3次", LE, "3", "次", None, {Note.WORD}),
    ("等于100%", EQ, "100", "%", None, {Note.WORD}),
    ("大于3个", GT, "3", "个", None, {Note.WORD}),
    ("超过10场", GT, "10", "场", None, {Note.WORD}),
    ("小于1%", LT, "1", "%", None, {Note.WORD}),
    ("低于2起", LT, "2", "起", None, {Note.WORD}),
    ("10次以上", GE, "10", "次", None, {Note.WORD}),
    ("5天以内", LE, "5", "天", None, {Note.WORD}),
    ("3%以下", LE, "3", "%", None, {Note.WORD}),
    ("5.5%左右", None, "5.5", "%", None, {Note.APPROXIMATE}),
    ("约5.5%", None, "5.5", "%", None, {Note.APPROXIMATE}),
    ("750元", None, "750", "元", None, {Note.NO_COMPARATOR}),
    ("20 次", None, "20", "次", None, {Note.NO_COMPARATOR}),
    ("365 天", None, "365", "天", None, {Note.NO_COMPARATOR}),
    ("1,000 册", None, "1000", "册", None, {Note.NO_COMPARATOR}),
    ("原则上不超过社会保险费实际缴费额的 2/3", LE, None, "", "原则上不超过社会保险费实际缴费额的 2/3",  # noqa: E501
     {Note.RELATIVE}),
    ("原则上不超过当地最低工资标准的 70%", LE, None, "", "原则上不超过当地最低工资标准的 70%",
     {Note.RELATIVE}),
    ("每月底", None, None, "", "每月底", {Note.DATE}),
    ("有所提升", QUAL, None, "", "有所提升", {Note.INFERRED_QUALITATIVE}),
    ("定性：效果明显", QUAL, None, "", "效果明显", set()),
    ("有效提高公共文化服务水平，为公民提供良好服务", QUAL, None, "",
     "有效提高公共文化服务水平，为公民提供良好服务", set()),
    ("*", None, None, "", "*", {Note.PLACEHOLDER}),
    ("—", None, None, "", "—", {Note.PLACEHOLDER}),
    ("", None, None, "", None, {Note.EMPTY}),
    ("<p>≥85%</p>", GE, "85", "%", None, {Note.OCR}),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "comparator", "number", "unit", "text", "notes"), CASES)
def test_parse_known_forms(raw, comparator, number, unit, text, notes):
    target = parse_target(raw)
    assert target.comparator == comparator
    assert target.number == (Decimal(number) if number is not None else None)
    assert target.unit == unit
    assert target.text == text
    assert notes <= set(target.notes)


def test_number_keeps_published_precision():
    assert str(parse_target("=100.00(%)").number) == "100.00"
    assert format_target(parse_target("=100.00(%)")) == "=100.00%"


def test_numbers_from_cells():
    assert parse_target(95).number == Decimal(95)
    assert parse_target(95.5).number == Decimal("95.5")
    assert Note.NO_COMPARATOR in parse_target(95).notes


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("≥", GE), (">=", GE), ("＞＝", GE), ("不低于", GE), ("≤", LE), ("=", EQ), ("定性", QUAL),
     ("约", None), ("", None)],
)  # fmt: skip
def test_comparator_cell(cell, expected):
    assert parse_comparator(cell) == expected


def _seed_targets() -> list[str]:
    """The target column of every indicator row of the seed (single-cell and three-cell)."""
    found = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) >= 6 and cells[3] in ("≥", ">", "=", "<", "≤", "定性"):
            found.append("".join(cells[3:6]))
        elif len(cells) == 4 and cells[2] and cells[3] and cells[0] != "一级指标":
            found.append(cells[3])
    return found


def test_seed_has_targets():
    assert len(_seed_targets()) > 140


@pytest.mark.parametrize("raw", _seed_targets())
def test_every_seed_target_parses_to_a_known_form(raw):
    target = parse_target(raw)
    assert target.comparator is not None or target.number is not None or target.text
    # a number target never keeps digits in its unit, a text target never loses its words
    assert not any(ch.isdigit() for ch in target.unit)
    again = parse_target(format_target(target))
    assert again.key == target.key


# --- property tests: format then parse gives the same target --------------------------------

_comparators = st.sampled_from(
    ["", "≥", ">=", "＞＝", "≧", ">", "＞", "=", "＝", "<", "≤", "<=", "＜＝", "不低于", "不超过"]
)
_units = st.sampled_from(
    ["", "%", "次", "万元", "元/人", "人次", "个", "天", "(%)", "（%）", "场次", " 万人"]
)
_suffix = st.sampled_from(["", "", "左右", "以上", "以内"])
_texts = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), min_size=1, max_size=12
)


@st.composite
def written_targets(draw) -> str:
    if draw(st.booleans()):
        return draw(_texts)
    number = draw(st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False,
                              places=draw(st.integers(0, 4))))  # fmt: skip
    return f"{draw(_comparators)}{number}{draw(_units)}{draw(_suffix)}"


@given(written_targets())
def test_format_then_parse_is_stable(raw):
    target = parse_target(raw)
    assert parse_target(format_target(target)).key == target.key


@given(st.text(max_size=40))
def test_parser_never_raises(raw):
    target = parse_target(raw)
    assert parse_target(format_target(target)).key == target.key
