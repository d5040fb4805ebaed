"""Cell values as every source hands them over, normalised once; numbers as exact Decimals."""

from __future__ import annotations

import datetime as dt
import math
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
    if number.adjusted() >= EXCEL_DIGITS:
        return False
    if -number.as_tuple().exponent <= EXCEL_PLACES:  # type: ignore[operator]
        return True  # the usual number: no need to normalise it
    exponent = number.normalize().as_tuple().exponent  # `1.000…0` is 1, whatever its zeros
    return -exponent <= EXCEL_PLACES  # type: ignore[operator]


def excerpt(text: str, length: int = 40) -> str:
    """The start of a text, for a message."""
    return text if len(text) <= length else text[:length] + "…"


#: full-width digits and ASCII symbols to half-width, but not the Chinese punctuation that
#: text targets use
HALF_WIDTH = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "，：；！？"
} | {0x3000: 0x20}
