"""Cell values as every source hands them over, normalised once; numbers as exact Decimals."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any


def plain_value(value: Any) -> Any:
    """One normalisation for every source of cells (files here, open workbooks in
    xlgoals.excel): numbers come as floats; integers stay int so `400` stays `400`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def to_decimal(value: Any) -> Decimal | None:
    """A cell's number as an exact Decimal (floats go through their shortest repr)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):  # NaN or ∞: an open workbook may pass one; no amount
            return None
        number = Decimal(repr(value))
        # a formula's cached float (920.7399999999999) is read at the precision it was meant
        if number.as_tuple().exponent < -10:  # type: ignore[operator]
            number = round(number, 10).normalize()
        return number
    if isinstance(value, Decimal):
        return value
    return None


#: Excel keeps 15 significant digits: a number with more digits before the point cannot be
#: held (1E+400 is no float at all; two amounts of 1.7E+308 add up to infinity)
EXCEL_DIGITS = 15
#: decimals kept (a formula's cached float is read at this precision, see `to_decimal`)
EXCEL_PLACES = 10


def fits_excel(number: Decimal) -> bool:
    """Whether Excel (and a sum of many such numbers) holds the number as it was written."""
    if not number.is_finite():
        return False
    if number.is_zero():
        return True
    exponent = number.normalize().as_tuple().exponent  # `1.000…0` is 1, whatever its zeros
    return number.adjusted() < EXCEL_DIGITS and -exponent <= EXCEL_PLACES  # type: ignore[operator]


def excerpt(text: str, length: int = 40) -> str:
    """The start of a text, for a message."""
    return text if len(text) <= length else text[:length] + "…"


#: full-width digits and ASCII symbols to half-width, but not the Chinese punctuation that
#: text targets use
HALF_WIDTH = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "，：；！？"
} | {0x3000: 0x20}


#: what a terminal or a workbook cannot show as it is: control characters (tab and line feed
#: aside), lone surrogates (a file name in bytes that were not UTF-8), bidirectional overrides
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
#: shown for a control character
SHOWN_CONTROL = "□"


def printable(text: str) -> str:
    """Text safe to show in a terminal or put in a workbook, for a person to read.

    A file name unpacked from a Windows zip on Linux comes in GBK bytes, which Python carries
    as surrogates: they are decoded as GB18030 (else shown as �); control characters are
    shown as □. Machine output (JSON) keeps the original instead, escaped."""
    if text.isprintable():
        return text
    if _SURROGATE.search(text):
        text = _undo_surrogates(text)
    return _UNPRINTABLE.sub(SHOWN_CONTROL, text)


def printable_path(path: str) -> str:
    """A path made printable part by part (a GBK name inside UTF-8 folders is decoded)."""
    return "/".join(printable(part) for part in path.split("/"))


def _undo_surrogates(text: str) -> str:
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that stand for no byte
        return _SURROGATE.sub("\ufffd", text)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return _SURROGATE.sub("\ufffd", text)  # bytes of several encodings: the rest kept
