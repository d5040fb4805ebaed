"""Next year's targets against this year's results (`--previous`), on a pair of generated
years: year 1 the 自评 form of a department filled with results, year 2 its target workbook
with some targets lowered."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from xlgoals.district.merge import merge
from xlgoals.district.workbook import write_consolidation
from xlgoals.model.submission import Indicator
from xlgoals.model.targets import Comparator
from xlgoals.reading.tables import read_workbook
from xlgoals.validation import validate
from xlgoals.write.self_evaluation import write_self_evaluation_from

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "departments"
DEPARTMENT = EXAMPLES / "东湖区人社局.xlsx"


def _numbers(indicators: list[Indicator], comparators: tuple) -> list[Indicator]:
    return [
        i
        for i in indicators
        if i.target.is_number and i.target.number and i.target.comparator in comparators
    ]


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Year 1: every result exactly its target, but one row met by half again. Year 2: one
    target lowered below last year's target, one below last year's result only, one ceiling
    lowered (stricter: no finding)."""
    root = tmp_path_factory.mktemp("years")
    tables = read_workbook(DEPARTMENT).tables
    first = write_self_evaluation_from(tables, root / "2024" / "人社局自评.xlsx")
    floors = _numbers(read_workbook(first).indicators, (Comparator.GE,))
    ceilings = _numbers(read_workbook(first).indicators, (Comparator.LE,))
    below_target, below_result, ceiling = floors[0], floors[1], ceilings[0]
    book = openpyxl.load_workbook(first)
    for indicator in read_workbook(first).indicators:
        if indicator.target.is_number and indicator.target.number is not None:
            sheet, row = book[indicator.at.sheet], int(indicator.at.cell[1:])
            share = Decimal("1.5") if indicator.name == below_result.name else Decimal(1)
            sheet[f"G{row}"] = float(indicator.target.number * share)
    book.save(first)

    second = root / "2025" / "人社局.xlsx"
    second.parent.mkdir()
    shutil.copy(DEPARTMENT, second)
    book = openpyxl.load_workbook(second)
    lowered = {
        below_target.name: below_target.target.number - 1,
        below_result.name: below_result.target.number * Decimal("1.2"),
        ceiling.name: ceiling.target.number - 1,
    }
    cells = {}
    for indicator in read_workbook(second).indicators:
        if indicator.name in lowered and indicator.name not in cells:
            at = indicator.target_at
            book[at.sheet][at.cell] = str(lowered[indicator.name])
            cells[indicator.name] = f"{at.sheet}!{at.cell}"
    book.save(second)
    return {"first": first, "second": second, "cells": cells, "below_target": below_target,
            "below_result": below_result, "ceiling": ceiling}  # fmt: skip


def _history(report) -> list[tuple[str, str, str]]:
    return [
        (f.code, f.params["name"], f"{f.at.sheet}!{f.at.cell}")
        for f in report.findings
        if f.code in ("XG510", "XG511")
    ]


def test_targets_below_last_year_are_reported_with_both_cells(years: dict) -> None:
    report = validate(years["second"], previous=years["first"])
    found = _history(report)
    cells = years["cells"]
    target, result = years["below_target"].name, years["below_result"].name
    assert ("XG511", target, cells[target]) in found
    assert ("XG510", result, cells[result]) in found
    [item] = [f for f in report.findings if f.code == "XG510"]
    assert item.related[0].file.endswith("人社局自评.xlsx")
    assert item.related[0].cell.startswith("G")  # last year's 实际完成值 cell
    assert "人社局自评.xlsx" in item.message() and "上年实际完成值" in item.message()


def test_unchanged_targets_and_a_stricter_ceiling_are_silent(years: dict) -> None:
    names = {name for _, name, _ in _history(validate(years["second"], previous=years["first"]))}
    assert names == {years["below_target"].name, years["below_result"].name}
    assert years["ceiling"].name not in names


def test_without_previous_nothing_is_said(years: dict) -> None:
    assert _history(validate(years["second"])) == []


def test_previous_from_last_years_consolidation(years: dict, tmp_path: Path) -> None:
    consolidation = tmp_path / "2024汇总.xlsx"
    write_consolidation(merge([years["first"]]), consolidation)
    found = _history(validate(years["second"], previous=consolidation))
    target, result = years["below_target"].name, years["below_result"].name
    assert ("XG511", target, years["cells"][target]) in found
    assert ("XG510", result, years["cells"][result]) in found  # 指标明细's 全年实际完成值


def test_cli_previous(years: dict) -> None:
    code = "from xlgoals.cli import main; main()"
    args = ["validate", str(years["second"]), "--previous", str(years["first"].parent)]
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    assert "XG511" in result.stdout and "XG510" in result.stdout


@pytest.mark.parametrize("jobs", [1, 2])
def test_merge_previous_lists_the_findings_in_the_consolidation(years: dict, jobs: int) -> None:
    """The same findings in merge's 问题清单, read in this process or in a worker."""
    inputs = [years["second"], EXAMPLES / "东湖区文广新旅局.xlsx"]  # two: a worker reads one
    c = merge(inputs, jobs=jobs, previous=years["first"])
    found = {(f.code, f.params["name"]) for f in c.findings if f.code in ("XG510", "XG511")}
    assert found == {
        ("XG511", years["below_target"].name),
        ("XG510", years["below_result"].name),
    }
    assert not {f.code for f in merge([years["second"]]).findings} & {"XG510", "XG511"}
