"""Money as written (`1,728.3777`, `86.23 万元`, `17283777 元`) to Decimal 万元."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from xlgoals.model.values import HALF_WIDTH, to_decimal

_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_TEN_THOUSAND = Decimal(10000)


def places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def parse_amount(value: Any, unit: str | None = None) -> tuple[Decimal, int, str] | None:
    """(value in 万元, decimals published counted in 万元, unit of the source) or None.

    `unit` is what the label or section says; a unit written after the number wins.
    """
    number = to_decimal(value)
    written_unit = None
    if number is None:
        if not isinstance(value, str):
            return None
        text = value.translate(HALF_WIDTH).strip().replace(" ", "").replace("，", ",")
        match = _NUMBER.match(text)
        if not match:
            return None
        written_unit = text[match.end() :] or None
        if written_unit not in (None, "元", "万元"):
            return None
        try:
            number = Decimal(match.group().replace(",", ""))
        except InvalidOperation:
            return None
    source_unit: Literal["万元", "元"] = "元" if (written_unit or unit) == "元" else "万元"
    if source_unit == "元":
        return number / _TEN_THOUSAND, places(number) + 4, "元"
    return number, places(number), "万元"
