"""Rebuild the example department workbooks from the seed's tables.

`examples/seed_tables.json` is the seed (`examples/seed.txt`) transcribed as a department would
have filled the standard template: every value as published, mistakes included, with the
source's OCR debris (LaTeX, <p>, shifted cells, page breaks) resolved to what it stands for.

    python examples/build_examples.py            # writes examples/departments/*.xlsx
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

from xlgoals import template
from xlgoals.writing import save_workbook, set_text

HERE = Path(__file__).resolve().parent
DATA = HERE / "seed_tables.json"
OUT = HERE / "departments"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _cell_value(text: str) -> object:
    """Numbers as the department typed them (Decimal keeps 90.10 exact), text as text."""
    return Decimal(text) if _NUMBER.match(text) else text


def _fill_fields(sheet, cells: dict[str, str], values: dict) -> None:
    for label, address in cells.items():
        if label not in values:
            continue
        value = values[label]
        if label in ("联系电话",) or (label not in _AMOUNT_LABELS and label != "预算年度"):
            set_text(sheet[address], value)
        else:
            sheet[address] = _cell_value(value)


_AMOUNT_LABELS = {"收入预算合计", "财政拨款", "其他经费", "支出预算合计", "基本支出", "项目支出",
                  "年度资金总额", "上年结转", "其他资金"}  # fmt: skip


def _fill_indicators(sheet, first_row: int, rows: list[list[str]]) -> None:
    for offset, row in enumerate(rows):
        for column, text in zip(template.INDICATOR_COLUMNS, row, strict=False):
            if not text:
                continue
            cell = sheet[f"{column}{first_row + offset}"]
            if column == template.INDICATOR_COLUMNS[4]:
                cell.value = _cell_value(text)
            else:
                set_text(cell, text)


def build_department(name: str, data: dict, out_dir: Path = OUT) -> Path:
    workbook = template.build_template()
    department = workbook[template.DEPARTMENT_SHEET]
    values = data["department"]
    department["A1"] = values["title"]
    _fill_fields(department, template.DEPARTMENT_CELLS, values)
    _fill_indicators(department, template.DEPARTMENT_FIRST_ROW, values["indicators"])
    for index, project in enumerate(data["projects"]):
        sheet = workbook[template.PROJECT_SHEET] if index == 0 else None
        if sheet is None:
            sheet = template.add_project_sheet(workbook)
        sheet["A1"] = project["title"]
        _fill_fields(sheet, template.PROJECT_CELLS, project)
        _fill_indicators(sheet, template.PROJECT_FIRST_ROW, project["indicators"])
    return save_workbook(workbook, out_dir / f"{name}.xlsx")


def main() -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for name, department in data.items():
        print(build_department(name, department))
    return 0


if __name__ == "__main__":
    sys.exit(main())
