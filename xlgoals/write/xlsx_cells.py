"""Patch cells inside an .xlsx package without loading it into a workbook library.

openpyxl writes formulas without their computed values, so a reader without a calculation
engine (python-calamine, pandas) would see empty totals. These functions put a formula and its
cached value (`<c><f>B5+E5</f><v>920.74</v></c>`) straight into a sheet's XML, leaving every
other byte of the package as it was.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from xlgoals.reading.ooxml import sheet_parts

_TYPE_ATTR = re.compile(r'\s(?:t|cm|vm)="[^"]*"')
_FORMULA = re.compile(r"<(?:\w+:)?f\b(?:[^>]*/>|[^>]*>.*?</(?:\w+:)?f>)", re.DOTALL)
#: a formula that heads a shared or array range: replacing it would break the other cells
_SHARED_OR_ARRAY = re.compile(r"<(?:\w+:)?f\b[^>]*\sref=\"")
_CALC_PR = re.compile(r"<(?P<p>(?:\w+:)?)calcPr\b(?P<attrs>[^>]*?)(?P<end>/?>)")


def _cell_pattern(cell: str) -> re.Pattern[str]:
    return re.compile(
        r"<(?P<p>(?:\w+:)?)c\b(?P<attrs>[^>]*?\sr=\"" + cell + r"\"[^>]*?)"
        r"(?:/>|>(?P<body>.*?)</(?P=p)c>)",
        re.DOTALL,
    )


def _value(value: Any) -> tuple[str, str]:
    """(type attribute, <v> text) of a cached value."""
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    if isinstance(value, (int, float, Decimal)):
        return "", format(Decimal(str(value)), "f")
    return ' t="str"', escape(str(value))


def patch_cell(xml: str, cell: str, value: Any, formula: str | None = None) -> str | None:
    """The sheet XML with `cell` holding a formula and its cached value, or None when the cell
    is absent or heads a shared or array formula (left as it is).

    `formula` (without `=`) replaces the cell's formula; None keeps the one it has.
    """
    match = _cell_pattern(cell).search(xml)
    if match is None:
        return None
    body = match.group("body") or ""
    if _SHARED_OR_ARRAY.search(body):
        return None
    prefix = match.group("p")
    if formula is not None:
        written = f"<{prefix}f>{escape(formula)}</{prefix}f>"
    else:
        existing = _FORMULA.search(body)
        if existing is None:
            return None
        written = existing.group()
    kind, text = _value(value)
    attrs = _TYPE_ATTR.sub("", match.group("attrs")).rstrip().rstrip("/")
    new = f"<{prefix}c{attrs}{kind}>{written}<{prefix}v>{text}</{prefix}v></{prefix}c>"
    return xml[: match.start()] + new + xml[match.end() :]


def recalculate_on_load(xml: str) -> str:
    """workbook.xml asking Excel to recalculate on open, so dependent formulas are refreshed."""
    match = _CALC_PR.search(xml)
    if match is None:
        return xml
    attrs = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", match.group("attrs"))
    tag = f'<{match.group("p")}calcPr{attrs} fullCalcOnLoad="1"{match.group("end")}'
    return xml[: match.start()] + tag + xml[match.end() :]


def copy_zip(archive: zipfile.ZipFile, path: Path, replaced: dict[str, str]) -> None:
    """Write the package to `path` with some parts replaced, every other part copied as is."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = replaced[info.filename].encode("utf-8") if info.filename in replaced else None
            out.writestr(info, data if data is not None else archive.read(info.filename))


def cache_values(path: Path, values: dict[tuple[str, str], Any]) -> int:
    """Give formula cells of the package at `path` their cached values, in place.

    `values` maps (sheet, cell) to the value; cells without a formula are left alone.
    Returns how many cells were patched.
    """
    replaced: dict[str, str] = {}
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        for (sheet, cell), value in values.items():
            part = parts.get(sheet)
            if part is None or value is None:
                continue
            xml = replaced.get(part) or archive.read(part).decode("utf-8")
            new = patch_cell(xml, cell, value)
            if new is not None:
                replaced[part] = new
        if not replaced:
            return 0
        temporary = path.with_name(path.name + ".part")
        copy_zip(archive, temporary, replaced)
    temporary.replace(path)
    return len(replaced)
