"""Target values (指标值): parse what departments write into comparator, number and unit.

A pure function, `parse_target`, and its inverse, `format_target`. The parser never raises:
what it could not place it keeps as text, and every assumption it made is listed in `notes`.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from enum import Enum

from pydantic import BaseModel, ConfigDict

from xlgoals.model import debris
from xlgoals.model.values import HALF_WIDTH


class Comparator(str, Enum):
    GE = "≥"
    GT = ">"
    EQ = "="
    LT = "<"
    LE = "≤"
    QUALITATIVE = "定性"


#: Why a target is not in canonical form; each note maps to a catalogue entry in the checks.
class Note(str, Enum):
    OCR = "ocr"  # LaTeX or HTML debris was removed
    WORD = "word"  # comparator written in words (不低于) or as a suffix (以上)
    APPROXIMATE = "approximate"  # 左右 / 约
    NO_COMPARATOR = "no_comparator"  # a bare number
    RELATIVE = "relative"  # 原则上不超过…的2/3: a bound relative to something else
    DATE = "date"  # 每月底: a date, not a value
    PLACEHOLDER = "placeholder"  # *, —, /
    OUT_OF_RANGE = "out_of_range"  # a number Excel cannot hold: refused at reading (XG026)
    EMPTY = "empty"
    INFERRED_QUALITATIVE = "inferred_qualitative"  # text without 定性 written


class Target(BaseModel):
    model_config = ConfigDict(frozen=True)

    comparator: Comparator | None = None
    number: Decimal | None = None
    unit: str = ""
    #: the text of a qualitative, relative or date-like target
    text: str | None = None
    approximate: bool = False
    notes: tuple[Note, ...] = ()

    @property
    def is_number(self) -> bool:
        return self.number is not None and self.text is None

    @property
    def key(self) -> tuple:
        """What two targets must share to be the same target."""
        return (self.comparator, self.number, self.unit, self.text, self.approximate)


_SYMBOLS = [
    (">=", "≥"),
    ("≧", "≥"),
    ("⩾", "≥"),
    ("<=", "≤"),
    ("≦", "≤"),
    ("⩽", "≤"),
    ("==", "="),
]
_WORDS_PREFIX = [
    ("不低于", Comparator.GE),
    ("不少于", Comparator.GE),
    ("大于等于", Comparator.GE),
    ("大于或等于", Comparator.GE),
    ("不高于", Comparator.LE),
    ("不超过", Comparator.LE),
    ("不多于", Comparator.LE),
    ("不大于", Comparator.LE),
    ("小于等于", Comparator.LE),
    ("小于或等于", Comparator.LE),
    ("等于", Comparator.EQ),
    ("大于", Comparator.GT),
    ("超过", Comparator.GT),
    ("高于", Comparator.GT),
    ("多于", Comparator.GT),
    ("小于", Comparator.LT),
    ("低于", Comparator.LT),
    ("少于", Comparator.LT),
]
_WORDS_SUFFIX = [("以上", Comparator.GE), ("以内", Comparator.LE), ("以下", Comparator.LE)]
_PLACEHOLDERS = {"*", "**", "***", "-", "--", "—", "——", "/", "\\", "无", "暂无", "…", "...", "x"}
_SYMBOL_START = {c.value: c for c in Comparator if c is not Comparator.QUALITATIVE}
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_DATE = re.compile(r"^(每|当|年底|年末|月底|季末|\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日)|(前|底|末)$")
_UNIT = re.compile(r"^[^\d\s][^\d]{0,11}$")
#: a period as the target (2023.07-2024.01, 2023年7月至12月): a date, not a value
_MONTH = r"\d{4}\s*[年./-]\s*\d{1,2}(?:\s*[月./-]\s*(?:\d{1,2}\s*日?)?)?"
_DATE_RANGE = re.compile(
    rf"^{_MONTH}\s*(?:[-—–~～]+|至|到)\s*(?:{_MONTH}|\d{{1,2}}\s*月(?:\d{{1,2}}\s*日)?)$"
)
_DATE_UNIT = re.compile(r"^(月|日|号)(底|末|前|初|中旬|上旬|下旬)")


# Full-width ASCII to half-width, but not the Chinese punctuation that text targets use.
_HALF_WIDTH = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "，：；！？"
} | {0x3000: 0x20}


@functools.lru_cache(maxsize=16_384)  # the same words recur in every table
def normalise_text(raw: str) -> tuple[str, bool]:
    """Full-width symbols to half-width, OCR debris removed; returns (text, had_debris)."""
    text = raw.translate(HALF_WIDTH)
    cleaned = debris.strip(text)
    had_debris = cleaned != text
    for old, new in _SYMBOLS:
        cleaned = cleaned.replace(old, new)
    return cleaned.strip(), had_debris


def parse_comparator(raw: str) -> Comparator | None:
    """A 计算符号 cell on its own: `≥`, `>=`, `不低于`, `定性` … (None when not recognised)."""
    text, _ = normalise_text(raw)
    text = text.replace(" ", "")
    if text in _SYMBOL_START:
        return _SYMBOL_START[text]
    if text == Comparator.QUALITATIVE.value:
        return Comparator.QUALITATIVE
    return next((c for word, c in _WORDS_PREFIX if text == word), None)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _clean_unit(unit: str) -> str:
    unit = unit.strip().replace(" ", "")
    if len(unit) >= 2 and unit[0] in "(（" and unit[-1] in ")）":
        unit = unit[1:-1].strip()
    return "%" if unit == "百分比" else unit  # Gansu's system writes the word


def parse_target(raw: object) -> Target:
    """Parse one target as written: `≥5次`, `=100.00(%)`, `≤ 44 万人`, `5.5%左右`, `有所提升` …"""
    if raw is None:
        return Target(notes=(Note.EMPTY,))
    if isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, (int, float, Decimal)):
        number = Decimal(str(raw))
        if number == number.to_integral_value() and "." not in str(raw):
            number = number.quantize(Decimal(1))
        return Target(number=number, notes=(Note.NO_COMPARATOR,))
    return _parse_string(str(raw))


@functools.lru_cache(maxsize=16_384)
def _parse_string(raw: str) -> Target:
    """A target written as text (remembered: the same few targets recur in every workbook)."""
    text, debris = normalise_text(raw)
    notes: list[Note] = [Note.OCR] if debris else []
    if not text:
        return Target(notes=(*notes, Note.EMPTY))
    if text.replace(" ", "") in _PLACEHOLDERS:
        return Target(text=text, notes=(*notes, Note.PLACEHOLDER))
    return _parse_text(text, notes)


def _parse_text(text: str, notes: list[Note]) -> Target:
    rest = text
    comparator: Comparator | None = None
    if rest[0] in _SYMBOL_START:
        comparator, rest = _SYMBOL_START[rest[0]], rest[1:].lstrip()
    elif rest.startswith(Comparator.QUALITATIVE.value):
        body = rest[2:].strip(" :：")
        return Target(comparator=Comparator.QUALITATIVE, text=body or None, notes=tuple(notes))
    else:
        for word, cmp in _WORDS_PREFIX:
            if rest.startswith(word):
                comparator, rest = cmp, rest[len(word) :].lstrip()
                notes.append(Note.WORD)
                break
    approximate = False
    if rest.startswith("约"):
        approximate, rest = True, rest[1:].lstrip()
    match = _NUMBER.match(rest)
    if match:
        unit = rest[match.end() :].strip()
        for word in ("左右", "上下"):
            if unit.endswith(word):
                approximate, unit = True, unit[: -len(word)].strip()
        for word, cmp in _WORDS_SUFFIX:
            if comparator is None and unit.endswith(word):
                comparator, unit = cmp, unit[: -len(word)].strip()
                notes.append(Note.WORD)
        unit = _clean_unit(unit)
        if _DATE_UNIT.match(unit):  # `12月底到位`: a date, not 12 of a unit
            return Target(comparator=comparator, text=rest, notes=(*notes, Note.DATE))
        if not unit or _UNIT.match(unit):
            number = _decimal(match.group())
            if comparator is None and not approximate:
                notes.append(Note.NO_COMPARATOR)
            if approximate:
                notes.append(Note.APPROXIMATE)
            return Target(
                comparator=comparator,
                number=number,
                unit=unit,
                approximate=approximate,
                notes=tuple(notes),
            )
    return _parse_words(text, rest, comparator, notes)


def _parse_words(text: str, rest: str, comparator: Comparator | None, notes: list[Note]) -> Target:
    """A target that is not `comparator number unit`: relative bound, date or plain text."""
    for word, cmp in _WORDS_PREFIX:
        if word in text and _NUMBER.search(text):
            return Target(
                comparator=cmp,
                text=text,
                notes=(*(n for n in notes if n is not Note.WORD), Note.RELATIVE),
            )
    if (_DATE.search(text) and len(text) <= 12) or _DATE_RANGE.match(text):
        return Target(comparator=comparator, text=rest, notes=(*notes, Note.DATE))
    if comparator is None:
        return Target(
            comparator=Comparator.QUALITATIVE,
            text=text,
            notes=(*notes, Note.INFERRED_QUALITATIVE),
        )
    return Target(comparator=comparator, text=rest, notes=tuple(notes))


def format_target(target: Target) -> str:
    """The canonical single-cell form: `≥5次`, `5.5%左右`, `有所提升` (定性 shows its text)."""
    if target.text is not None:
        if target.comparator is None or Note.RELATIVE in target.notes:
            return target.text
        if target.comparator is Comparator.QUALITATIVE:
            return target.text
        return f"{target.comparator.value}{target.text}"
    if target.number is None:
        return target.comparator.value if target.comparator else ""
    head = target.comparator.value if target.comparator else ""
    if target.approximate and not target.comparator:
        head = ""
    tail = "左右" if target.approximate else ""
    return f"{head}{target.number}{target.unit}{tail}"
