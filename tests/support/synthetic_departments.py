"""Random department workbooks in the standard template, for merge tests and the benchmark.

Awkward text a department might type (`=SUM(A1)`, `+86`, `@x`, `-5`) goes into names, so a
writer that turns text into formulas is caught.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from xlgoals.model.framework import FRAMEWORK
from xlgoals.write import template
from xlgoals.write.common import save_workbook, set_text

AWKWARD = ("=SUM(A1)", "+86", "@x", "-5")
_TARGETS = ("≥95%", "≤100万元", "=3次", "有所提升", "5.5%左右", "≥1000人", "=100%", "≤2元/人")
_NAMES = ("培训人次", "覆盖率", "满意度", "成本控制", "活动场次", "群众受益", "资金到位率")


@dataclass
class Generated:
    path: Path
    department: str
    indicators: int
    projects: int
    income_total: Decimal


def _amount(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(0, 99_999_999)).scaleb(-4)  # up to 9999.9999 万元, 4 places


def _indicator_rows(rng: random.Random, count: int, tag: str) -> list[tuple[str, ...]]:
    rows = []
    for n in range(count):
        level1 = rng.choice(list(FRAMEWORK))
        level2 = rng.choice(list(FRAMEWORK[level1]))
        name = rng.choice((*_NAMES, *AWKWARD))
        rows.append((level1, level2, f"{name}" if name in AWKWARD else f"{tag}{name}{n}",
                     rng.choice(_TARGETS)))  # fmt: skip
    return rows


def _fill_rows(sheet, first_row: int, rows: list[tuple[str, ...]]) -> None:
    columns = template.INDICATOR_COLUMNS
    for offset, (level1, level2, name, target) in enumerate(rows):
        row = first_row + offset
        for column, text in zip((columns[0], columns[1], columns[2], columns[4]),
                                (level1, level2, name, target), strict=True):  # fmt: skip
            set_text(sheet[f"{column}{row}"], text)


def write_department(directory: Path, index: int, seed: int = 0, name: str | None = None,
                     file_name: str | None = None,
                     rows: list[tuple[str, ...]] | None = None) -> Generated:  # fmt: skip
    """One department workbook with a 部门整体 table and 0–3 project tables.

    `rows` (一级, 二级, 三级, 指标值) replace the random 部门整体 indicator rows.
    """
    rng = random.Random(seed * 1000 + index)
    department = name or (AWKWARD[index % len(AWKWARD)] if index % 3 == 0 else f"部门{index:03d}")
    workbook = template.build_template()
    sheet = workbook[template.DEPARTMENT_SHEET]
    set_text(sheet[template.DEPARTMENT_CELLS["部门名称"]], department)
    basic, project = _amount(rng), _amount(rng)
    fiscal = basic + project
    amounts = {"收入预算合计": fiscal, "财政拨款": fiscal, "其他经费": Decimal(0),
               "支出预算合计": fiscal, "基本支出": basic, "项目支出": project}  # fmt: skip
    for label, value in amounts.items():
        sheet[template.DEPARTMENT_CELLS[label]] = value
    rows = rows or _indicator_rows(rng, rng.randint(3, 40), "部门")
    _fill_rows(sheet, template.DEPARTMENT_FIRST_ROW, rows)
    total = len(rows)
    projects = rng.randint(0, 3)
    for p in range(projects):
        page = workbook[template.PROJECT_SHEET] if p == 0 else template.add_project_sheet(workbook)
        set_text(page[template.PROJECT_CELLS["项目名称"]], f"{department}项目{p + 1}")
        set_text(page[template.PROJECT_CELLS["主管部门及代码"]], f"101-{department}")
        money = _amount(rng)
        page[template.PROJECT_CELLS["年度资金总额"]] = money
        page[template.PROJECT_CELLS["财政拨款"]] = money
        page[template.PROJECT_CELLS["上年结转"]] = Decimal(0)
        page[template.PROJECT_CELLS["其他资金"]] = Decimal(0)
        project_rows = _indicator_rows(rng, rng.randint(1, 25), f"项目{p}")
        _fill_rows(page, template.PROJECT_FIRST_ROW, project_rows)
        total += len(project_rows)
    if projects == 0:
        del workbook[template.PROJECT_SHEET]
    path = directory / (file_name or f"dept{index:03d}.xlsx")
    save_workbook(workbook, path)
    return Generated(path, department, total, projects, fiscal)


def write_departments(directory: Path, count: int, seed: int = 0) -> list[Generated]:
    directory.mkdir(parents=True, exist_ok=True)
    return [write_department(directory, i, seed) for i in range(count)]
