"""Findings only the district sees: a department submitted twice (XG008), a missing 部门整体
table (XG009), one indicator name with incompatible units across departments (XG402)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any

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
    """One indicator name with units of different families in different departments.

    Two passes over the rows: the first keeps only each name's unit families and departments
    (a district has hundreds of thousands of uses, and few names conflict); the second, made
    only when some do, collects those names' uses."""
    kinds: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for f, _, name, family in _uses(files):
        families, departments = kinds[name]
        families.add(family)
        departments.add(f.department)
    conflicting = {name for name, (fam, dept) in kinds.items() if len(fam) > 1 and len(dept) > 1}
    if not conflicting:
        return
    #: name → department → (unit, where) of each use
    uses: dict[str, dict[str, list[tuple[str, Where]]]] = defaultdict(lambda: defaultdict(list))
    for f, row, name, _ in _uses(files):
        if name in conflicting:
            at = Where(file=f.file, sheet=row[SHEET] or None, cell=row[CELL] or None)
            uses[name][f.department].append((row[UNIT], at))
    for name, by_department in uses.items():
        units = "；".join(
            f"{dept}：{'、'.join(dict.fromkeys(unit for unit, _ in rows))}"
            for dept, rows in by_department.items()
        )
        cells = {dept: tuple(at for _, at in rows) for dept, rows in by_department.items()}
        for dept in by_department:
            related = tuple(chain.from_iterable(c for d, c in cells.items() if d != dept))
            item = finding("XG402", cells[dept][0], related=related, name=name, units=units)
            yield item.model_copy(update={"department": dept})


_SPACES = re.compile(r"\s+")


def _uses(files: list[FileDigest]) -> Iterator[tuple[FileDigest, tuple[Any, ...], str, str]]:
    """Each indicator row with a number and a unit: its file, the row, its name without
    spaces and its unit's family (each worked out once per distinct text)."""
    names: dict[str, str] = {}
    families: dict[str, str] = {}
    for f in files:
        for row in f.indicators:
            unit, written = row[UNIT], row[NAME]
            if not written or not isinstance(row[VALUE], Decimal) or not unit.strip():
                continue
            name = names.get(written)
            if name is None:
                name = names[written] = _SPACES.sub("", written)
            family = families.get(unit)
            if family is None:
                family = families[unit] = unit_family(unit)
            yield f, row, name, family
