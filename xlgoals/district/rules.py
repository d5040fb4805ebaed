"""Findings only the district sees: a department submitted twice (XG008), a missing 部门整体
table (XG009), one indicator name with incompatible units across departments (XG402)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from itertools import chain
from pathlib import Path

from xlgoals.contract import DEPARTMENT_TABLE_NAME
from xlgoals.district.digest import CELL, NAME, SHEET, UNIT, VALUE, FileDigest, output_order
from xlgoals.problems.findings import Finding, Where, finding


def district_findings(files: list[FileDigest]) -> dict[str, list[Finding]]:
    """Findings only the district sees, by file: XG008, XG009, XG402."""
    usable = sorted((f for f in files if f.usable), key=output_order)
    found: dict[str, list[Finding]] = defaultdict(list)
    for item in [*_duplicates(usable), *_missing_tables(usable), *_unit_conflicts(usable)]:
        found[item.at.file].append(item)
    return found


def _duplicates(files: list[FileDigest]) -> Iterable[Finding]:
    by_name: dict[str, list[FileDigest]] = defaultdict(list)
    for f in files:
        if f.named:
            by_name[f.named].append(f)
    for name, group in by_name.items():
        if len(group) < 2:
            continue
        names = "、".join(Path(f.file).name for f in group)
        for f in group:
            item = finding("XG008", Where(file=f.file), department=name, files=names)
            yield item.model_copy(update={"department": name})


def _missing_tables(files: list[FileDigest]) -> Iterable[Finding]:
    for f in files:
        if f.department_tables or any(item.code == "XG009" for item in f.findings):
            continue  # present, or the checks said it already
        item = finding("XG009", Where(file=f.file), table=DEPARTMENT_TABLE_NAME)
        yield item.model_copy(update={"department": f.department})


_MONEY = re.compile(r"^(元|千元|万元|亿元)(/.+)?$")


def unit_family(unit: str) -> str:
    """Units that convert into each other share a family: 元 and 万元, % and ％."""
    text = unit.strip().replace(" ", "").replace("％", "%")
    money = _MONEY.match(text)
    return f"money{money.group(2) or ''}" if money else text


def _unit_conflicts(files: list[FileDigest]) -> Iterable[Finding]:
    """One indicator name with units of different families in different departments."""
    #: name → department → (unit, cell, unit family) of each use
    uses: dict[str, dict[str, list[tuple[str, Where, str]]]]
    uses = defaultdict(lambda: defaultdict(list))
    for f in files:
        for row in f.indicators:
            unit = row[UNIT]
            if not row[NAME] or not isinstance(row[VALUE], Decimal) or not unit.strip():
                continue
            at = Where(file=f.file, sheet=row[SHEET] or None, cell=row[CELL] or None)
            name = re.sub(r"\s+", "", row[NAME])
            uses[name][f.department].append((unit, at, unit_family(unit)))
    for name, by_department in uses.items():
        families = {family for rows in by_department.values() for _, _, family in rows}
        if len(by_department) < 2 or len(families) < 2:
            continue
        units = "；".join(
            f"{dept}：{'、'.join(dict.fromkeys(u for u, _, _ in rows))}"
            for dept, rows in by_department.items()
        )
        cells = {dept: tuple(at for _, at, _ in rows) for dept, rows in by_department.items()}
        for dept, rows in by_department.items():
            at = rows[0][1]
            related = tuple(chain.from_iterable(c for d, c in cells.items() if d != dept))
            item = finding("XG402", at, related=related, name=name, units=units)
            yield item.model_copy(update={"department": dept})
