"""The 问题清单 (problem list): the same columns in every workbook xlgoals writes.

Annotated copies, the consolidation and the Excel ribbon all list findings with these rows.
"""

from __future__ import annotations

from pathlib import Path

from xlgoals.contract import PROBLEMS_SHEET
from xlgoals.problems.findings import Finding

SHEET = PROBLEMS_SHEET
COLUMNS = ("代码", "级别", "说明", "修改建议", "部门", "来源文件", "工作表", "单元格")
COLUMNS_EN = ("Code", "Severity", "Message", "Hint", "Department", "File", "Sheet", "Cell")


def headers(lang: str = "zh") -> tuple[str, ...]:
    return COLUMNS_EN if lang == "en" else COLUMNS


def row(item: Finding, lang: str = "zh") -> list[str]:
    """One finding as a row of the problem list (all text)."""
    return [
        item.code,
        item.severity.label(lang),
        item.message(lang),
        item.problem.hint(lang),
        item.department or "",
        Path(item.at.file).name,
        item.at.sheet or "",
        item.at.cell or "",
    ]


def rows(findings: list[Finding], lang: str = "zh") -> list[list[str]]:
    return [row(f, lang) for f in findings]
