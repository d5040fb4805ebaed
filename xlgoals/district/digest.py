"""What a consolidation keeps of one workbook: its rows, ready to write, and its findings.

A merge of thousands of workbooks cannot keep every model read (about 440 pydantic objects
per workbook). Each workbook is read and checked, in a worker process when there are several,
and cut down here to tuples of plain values, one per row of the district sheets, the many
indicator rows kept pickled, and the findings too, sorted and with their 问题清单 rows made
(as objects they take about 2 KB each): the `FileDigest` is what crosses between processes and
what the writer streams out.

Text is made fit for a cell on the way (`write.common.clean_text`): control characters removed and
Excel's 32,767-character limit kept, each change reported where the text was read.
"""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlgoals.contract import INDICATOR_COLUMNS
from xlgoals.model.budget import project_funds_total
from xlgoals.model.framework import FRAMEWORK
from xlgoals.model.submission import Amount, DepartmentTable, ProjectTable, Submission
from xlgoals.model.targets import Note
from xlgoals.problems import problem_list
from xlgoals.problems.catalogue import Severity
from xlgoals.problems.findings import Finding, Where, count, finding, order
from xlgoals.problems.report import FileReport
from xlgoals.write.common import clean_text, shown_name, shown_stem

DEPARTMENT_KIND, PROJECT_KIND = "部门整体", "项目"
#: positions in an indicator row, by its 指标明细 column
NAME, VALUE, UNIT, SHEET, CELL = (
    INDICATOR_COLUMNS.index(column) for column in ("三级指标", "指标值", "单位", "工作表", "单元格")
)
_EMPTY = pickle.dumps([], pickle.HIGHEST_PROTOCOL)


@dataclass(slots=True)
class FileDigest:
    """One workbook as the district sheets need it."""

    file: str
    #: the department as the workbook names it, else the file's name
    department: str
    #: the workbook's own 部门名称 (None when it names none): duplicates are found by it
    named: str | None = None
    tables: int = 0
    department_tables: int = 0
    #: 收入预算合计, 财政拨款, 其他经费, 上年结转, 支出预算合计, 基本支出, 项目支出, 项目资金合计,
    #: 项目资金差额 (万元; None where the workbook has no figure)
    budget: tuple[Decimal | None, ...] = ()
    #: 项目汇总 rows
    projects: list[tuple[Any, ...]] = field(default_factory=list)
    #: 指标明细 rows, pickled: a tenth of the memory of the tuples (a province's merge holds
    #: millions), and no objects for the collector; `indicators` unpacks them. Equal rows can
    #: pickle to different bytes (shared strings), so equality compares the rows
    packed: bytes = field(default=_EMPTY, compare=False)
    indicator_count: int = 0
    #: 自评汇总 rows, one per 绩效自评表
    scores: list[tuple[Any, ...]] = field(default_factory=list)
    #: indicator rows per 一级指标 (其他 for one outside the framework)
    levels: dict[str, int] = field(default_factory=dict)
    #: the findings, pickled (as objects about 2 KB each, and a district has 30 a workbook),
    #: in the order they are listed (`findings.order`); `findings` unpacks them, setting it
    #: sorts and packs. Set by the worker that read the file, with the rows and counts below
    packed_findings: bytes = field(default=_EMPTY, compare=False)
    #: 问题清单's rows of the findings (`problem_list.row`, in Chinese), pickled
    packed_problems: bytes = field(default=_EMPTY, compare=False)
    #: how many findings of each severity, in `Severity`'s order
    severities: tuple[int, ...] = (0, 0, 0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileDigest):
            return NotImplemented
        same = all(
            getattr(self, f.name) == getattr(other, f.name) for f in fields(self) if f.compare
        )
        return same and self.indicators == other.indicators and self.findings == other.findings

    __hash__ = None  # type: ignore[assignment]  # mutable, as a dataclass with eq would be

    @property
    def usable(self) -> bool:
        """At least one table was read from the file."""
        return self.tables > 0

    def count(self, severity: Severity) -> int:
        return self.severities[list(Severity).index(severity)]

    @property
    def indicators(self) -> list[tuple[Any, ...]]:
        """The 指标明细 rows (unpacked on each use, about a microsecond a row)."""
        return pickle.loads(self.packed)

    @property
    def findings(self) -> list[Finding]:
        """The findings, in order (unpacked on each use, about 30 µs a finding)."""
        return pickle.loads(self.packed_findings)

    @findings.setter
    def findings(self, items: list[Finding]) -> None:
        items = sorted(items, key=order)
        self.packed_findings = pickle.dumps(items, pickle.HIGHEST_PROTOCOL)
        rows = [problem_list.row(item) for item in items]
        self.packed_problems = pickle.dumps(rows, pickle.HIGHEST_PROTOCOL)
        self.severities = tuple(count(items, severity) for severity in Severity)

    @property
    def finding_count(self) -> int:
        return sum(self.severities)

    @property
    def problem_rows(self) -> list[list[str]]:
        """问题清单's rows of the findings, in Chinese (unpacked on each use)."""
        return pickle.loads(self.packed_problems)


def digest(report: FileReport) -> FileDigest:
    """Cut a workbook's report down to its rows and findings."""
    submission = report.submission
    cleaner = _Cleaner(report.file)
    named = submission.department if submission else None
    department = cleaner.text(named, Where(file=report.file)) if named else shown_stem(report.file)
    result = FileDigest(report.file, department, named)
    if submission is None or not submission.tables:
        result.findings = list(report.findings)
        return result
    name = shown_name(report.file)
    result.tables = len(submission.tables)
    result.department_tables = len(submission.department_tables)
    result.budget = _budget(submission)
    rows = [row for t in submission.tables for row in _indicator_rows(department, name, t, cleaner)]
    result.packed, result.indicator_count = pickle.dumps(rows, pickle.HIGHEST_PROTOCOL), len(rows)
    projects = submission.project_tables
    result.projects = [_project_row(department, name, t, cleaner) for t in projects]
    scored = [t for t in submission.tables if t.self_evaluation]
    result.scores = [_score_row(department, name, t, cleaner) for t in scored]
    result.levels = dict(
        Counter(i.level1 if i.level1 in FRAMEWORK else "其他" for i in submission.indicators)
    )
    result.findings = [*report.findings, *cleaner.findings]
    return result


def _budget(submission: Submission) -> tuple[Decimal | None, ...]:
    tables = submission.department_tables
    budget = tables[0].budget if tables else None
    names = ("income_total", "fiscal", "other", "carryover", "expense_total", "basic", "project")
    amounts = [_value(getattr(budget, n)) if budget else None for n in names]
    project, funds = amounts[-1], project_funds_total(submission)
    difference = project - funds if project is not None and funds is not None else None
    return (*amounts, funds, difference)


def _project_row(
    department: str, file: str, table: ProjectTable, cleaner: _Cleaner
) -> tuple[Any, ...]:
    funds = table.funds
    texts = [
        cleaner.text(part.value, part.at) if part else ""
        for part in (table.project_name, table.implementer)
    ]
    amounts = [_value(a) for a in (funds.total, funds.fiscal, funds.carryover, funds.other)]
    return (department, *texts, *amounts, len(table.indicators), file, table.at.sheet or "")


def _indicator_rows(
    department: str, file: str, table: DepartmentTable | ProjectTable, cleaner: _Cleaner
) -> list[tuple[Any, ...]]:
    kind = DEPARTMENT_KIND if isinstance(table, DepartmentTable) else PROJECT_KIND
    project = cleaner.text(table.display_name, table.at) if isinstance(table, ProjectTable) else ""
    rows = []
    for item in table.indicators:
        target = item.target
        at = item.at
        value: Any = target.number if target.number is not None else cleaner.text(target.text, at)
        approximate = target.approximate or Note.APPROXIMATE in target.notes
        rows.append(
            (
                department,
                kind,
                project,
                cleaner.text(item.level1 or "", at),
                cleaner.text(item.level2 or "", at),
                cleaner.text(item.name or "", at),
                target.comparator.value if target.comparator else "",
                value,
                cleaner.text(target.unit, at),
                "是" if approximate else "",
                cleaner.text(item.raw, at),
                file,
                at.sheet or "",
                at.cell or "",
                cleaner.text(item.actual.value, item.actual.at) if item.actual else "",
                item.weight.value if item.weight else "",
                item.score.value if item.score else "",
            )
        )
    return rows


_GROUPS = ("产出指标", "效益指标", "满意度指标")


def _score_row(
    department: str, file: str, table: DepartmentTable | ProjectTable, cleaner: _Cleaner
) -> tuple[Any, ...]:
    """自评汇总's row of one 绩效自评表: the rule's scores by 一级, beside the published total."""
    from xlgoals.model.scoring import score_table  # only for 自评表

    scored = score_table(table)
    kind = DEPARTMENT_KIND if isinstance(table, DepartmentTable) else PROJECT_KIND
    project = cleaner.text(table.display_name, table.at)  # 部门整体 for a department's table
    execution = scored.execution
    levels = scored.by_level1()
    others = sum((v for k, v in levels.items() if k not in _GROUPS), Decimal(0))
    published = scored.published_total
    differs = sum(s.agrees is False and s.weight_from == "table" for s in scored.indicators)
    return (
        department,
        kind,
        project,
        execution.budget if execution and execution.budget is not None else "",
        execution.executed if execution and execution.executed is not None else "",
        execution.rate if execution else "",
        execution.computed if execution else "",
        *(levels.get(group, Decimal(0)) for group in _GROUPS),
        others,
        scored.total,
        published if published is not None else "",
        published - scored.total if published is not None else "",
        scored.grade if scored.complete else "",  # a grade only for a table scored whole
        sum(s.computed is None for s in scored.indicators),
        differs,
        file,
        table.at.sheet or "",
    )


def _value(amount: Amount | None) -> Decimal | None:
    return amount.value if amount is not None else None


class _Cleaner:
    """Cleans texts for cells, and keeps one finding per kind of change and cell."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, Where]] = set()

    def text(self, value: str | None, at: Where) -> str | None:
        if not value:  # None (a target with neither number nor text) stays None
            return value
        cleaned, codes = clean_text(value)
        for code in codes:
            if (code, at) not in self._seen:
                self._seen.add((code, at))
                self.findings.append(finding(code, at, text=_excerpt(value)))
        return cleaned


def _excerpt(text: str) -> str:
    shown = "".join(ch if ch.isprintable() else "□" for ch in text[:40])
    return shown + ("…" if len(text) > 40 else "")


def output_order(f: FileDigest) -> tuple:
    """Usable workbooks by department then file; unreadable ones after them, by file."""
    return (not f.usable, f.department, Path(f.file).name, f.file)
