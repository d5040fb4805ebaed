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
