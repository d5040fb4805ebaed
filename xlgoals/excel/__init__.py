"""The Excel binding: the ribbon's buttons (`buttons`) and xlwings' remote engine (`engine`).

The only package that imports xlwings. The ribbon's VBA and the xlwings Server app call the
buttons by this package's name: `import xlgoals.excel as xg; xg.validate()`.
"""

from xlgoals.excel.buttons import (
    add_project_sheet,
    clear_marks,
    comparators,
    merge,
    score,
    subtotals,
    validate,
)

__all__ = [
    "add_project_sheet",
    "clear_marks",
    "comparators",
    "merge",
    "score",
    "subtotals",
    "validate",
]
