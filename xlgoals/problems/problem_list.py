"""The 问题清单 (problem list): the same columns in every workbook xlgoals writes.

Annotated copies, the consolidation and the Excel ribbon all list findings with these rows.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from xlgoals.contract import PROBLEMS_SHEET
from xlgoals.problems.findings import Finding
from xlgoals.problems.shown import printable

SHEET = PROBLEMS_SHEET
COLUMNS = ("代码", "级别", "说明", "修改建议", "部门", "来源文件", "工作表", "单元格")
COLUMNS_EN = ("Code", "Severity", "Message", "Hint", "Department", "File", "Sheet", "Cell")


def headers(lang: str = "zh") -> tuple[str, ...]:
    return COLUMNS_EN if lang == "en" else COLUMNS


def row(item: Finding, lang: str = "zh") -> list[str]:
    """One finding as a row of the problem list (all text)."""
    problem, at = item.problem, item.at
    return [item.code, problem.severity.label(lang), printable(problem.message(item.params, lang)),
            problem.hint(lang), printable(item.department or ""), _file_name(at.file),
            printable(at.sheet or ""), at.cell or ""]  # fmt: skip


@lru_cache(maxsize=1024)
def _file_name(path: str) -> str:
    """A file's name as shown (a district's findings name each file many times)."""
    return printable(Path(path).name)


def rows(findings: list[Finding], lang: str = "zh") -> list[list[str]]:
    return [row(f, lang) for f in findings]
