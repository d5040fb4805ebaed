"""xlgoals: check, total and consolidate budget performance-target tables (绩效目标表).

The Python API::

    import xlgoals
    report = xlgoals.validate("examples/departments")   # Report of findings
    table = xlgoals.read("部门.xlsx")                     # Submission (pydantic models)
    district = xlgoals.merge(["a.xlsx", "b.xlsx"])        # Consolidation (pandas frames)

Heavy modules (pandas, openpyxl, calamine) are imported on first use, so `import xlgoals`
stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.2.0"

_LAZY = {
    "read": ("xlgoals.reading.tables", "read_workbook"),
    "validate": ("xlgoals.validation", "validate"),
    "merge": ("xlgoals.district.merge", "merge"),
    "write_template": ("xlgoals.write.template", "write_template"),
    "parse_target": ("xlgoals.model.targets", "parse_target"),
    "format_target": ("xlgoals.model.targets", "format_target"),
    "Report": ("xlgoals.problems.report", "Report"),
    "Finding": ("xlgoals.problems.findings", "Finding"),
    "Submission": ("xlgoals.model.submission", "Submission"),
    "CATALOGUE": ("xlgoals.problems.catalogue", "CATALOGUE"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'xlgoals' has no attribute {name!r}")
