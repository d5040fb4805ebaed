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

from xlgoals.importing.writer import fill_fields, fill_indicators
from xlgoals.write import template
from xlgoals.write.common import fit_rows, save_workbook

HERE = Path(__file__).resolve().parent
DATA = HERE / "seed_tables.json"
OUT = HERE / "departments"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _cell_value(text: str) -> object:
    """Numbers as the department typed them (Decimal keeps 90.10 exact), text as text."""
    return Decimal(text) if _NUMBER.match(text) else text


_AMOUNT_LABELS = {"收入预算合计", "财政拨款", "其他经费", "支出预算合计", "基本支出", "项目支出",
                  "年度资金总额", "上年结转", "其他资金", "预算年度"}  # fmt: skip


def _values(data: dict) -> dict:
    """Amounts and the year as numbers, every other field as text (联系电话 stays text)."""
    return {k: _cell_value(v) if k in _AMOUNT_LABELS else v for k, v in data.items()}


def _rows(rows: list[list[str]]) -> list[tuple]:
    """The 指标值 column as a number where the department typed one."""
    return [(*row[:4], _cell_value(row[4]), *row[5:]) for row in rows]


def build_department(name: str, data: dict, out_dir: Path = OUT) -> Path:
    workbook = template.build_template()
    department = workbook[template.DEPARTMENT_SHEET]
    values = data["department"]
    department["A1"] = values["title"]
    fill_fields(department, template.DEPARTMENT_CELLS, _values(values))
    fill_indicators(department, template.DEPARTMENT_FIRST_ROW, _rows(values["indicators"]))
    for index, project in enumerate(data["projects"]):
        sheet = workbook[template.PROJECT_SHEET] if index == 0 else None
        if sheet is None:
            sheet = template.add_project_sheet(workbook)
        sheet["A1"] = project["title"]
        fill_fields(sheet, template.PROJECT_CELLS, _values(project))
        fill_indicators(sheet, template.PROJECT_FIRST_ROW, _rows(project["indicators"]))
    for sheet in workbook.worksheets:
        fit_rows(sheet)
    return save_workbook(workbook, out_dir / f"{name}.xlsx")


def main() -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for name, department in data.items():
        print(build_department(name, department))
    return 0


if __name__ == "__main__":
    sys.exit(main())
