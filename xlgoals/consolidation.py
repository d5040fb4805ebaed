"""District consolidation: many department workbooks into one set of tables.

`merge` reads and checks every workbook (shared with `jobs - 1` worker processes, see
`parallel`), keeps of each only its rows and findings (`digest.FileDigest`), adds the
district-level findings (a department submitted twice, a missing 部门整体 table, one indicator
name with incompatible units across departments) and returns a `Consolidation`, whose frames
the consolidation writer and the Excel binding render. Nothing here writes files.

Order is fixed by content, not by arguments: departments by name, then file; so the same
inputs give the same tables whatever the order they came in or `jobs`.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalogue import Severity
from .digest import CELL, NAME, SHEET, UNIT, VALUE, FileDigest, digest
from .findings import Finding, Where, finding
from .grid import parse_a1
from .report import FileReport

if TYPE_CHECKING:
    import pandas as pd

BUDGET_SHEET, PROJECTS_SHEET, INDICATORS_SHEET, PROBLEMS_SHEET = (
    "预算汇总",
    "项目汇总",
    "指标明细",
    "问题清单",
)

BUDGET_COLUMNS = (
    "部门",
    "收入预算合计",
    "财政拨款",
    "其他经费",
    "上年结转",
    "支出预算合计",
    "基本支出",
    "项目支出",
    "项目资金合计",
    "项目资金差额",
    "项目数",
    "指标数",
    "错误数",
    "警告数",
    "来源文件",
)
#: 万元 columns of 预算汇总 (the 合计 row sums them)
BUDGET_AMOUNTS = BUDGET_COLUMNS[1:10]
PROJECT_COLUMNS = (
    "部门",
    "项目名称",
    "实施单位",
    "年度资金总额",
    "财政拨款",
    "上年结转",
    "其他资金",
    "指标数",
    "来源文件",
    "工作表",
)
PROJECT_AMOUNTS = ("年度资金总额", "财政拨款", "上年结转", "其他资金")
INDICATOR_COLUMNS = (
    "部门",
    "表",
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "计算符号",
    "指标值",
    "单位",
    "约数",
    "原文",
    "来源文件",
    "工作表",
    "单元格",
)
DEPARTMENT_TABLE_NAME = "部门整体支出绩效目标表"


class Consolidation:
    """Every department's workbook as read and checked, plus what only the district sees."""

    def __init__(
        self,
        files: list[FileDigest],
        general: list[Finding] | None = None,
        created: datetime | None = None,
    ) -> None:
        district = district_findings(files)
        #: every file read or tried, usable ones first, by department then file
        self.files = [
            dataclasses.replace(f, findings=[*f.findings, *district.get(f.file, [])])
            for f in sorted(files, key=_file_key)
        ]
        #: findings about the run: skipped lock files and earlier outputs, missing paths
        self.general = list(general or [])
        self.created = created or datetime.now().replace(microsecond=0)

    @property
    def usable_files(self) -> list[FileDigest]:
        """The workbooks at least one table was read from, in output order."""
        return [f for f in self.files if f.usable]

    @property
    def usable(self) -> bool:
        return any(f.usable for f in self.files)

    @property
    def indicator_count(self) -> int:
        return sum(f.indicator_count for f in self.files)

    @property
    def project_count(self) -> int:
        return sum(len(f.projects) for f in self.files)

    @cached_property
    def findings(self) -> list[Finding]:
        """Every finding: per file (district-level included), then the run's own."""
        every = [item for f in self.files for item in sorted(f.findings, key=_finding_key)]
        return every + sorted(self.general, key=_finding_key)

    def indicator_rows(self) -> Iterator[tuple[Any, ...]]:
        """指标明细's rows, in output order, without a frame (the writer streams them)."""
        for f in self.files:
            yield from f.indicators

    # ------------------------------------------------------------------ frames

    def budget(self) -> pd.DataFrame:
        """预算汇总: one row per usable workbook (no 合计 row; the writer adds it)."""
        import pandas as pd

        rows = [_budget_row(f) for f in self.usable_files]
        return pd.DataFrame(rows, columns=list(BUDGET_COLUMNS))

    def projects(self) -> pd.DataFrame:
        """项目汇总: one row per project table."""
        import pandas as pd

        rows = [row for f in self.files for row in f.projects]
        return pd.DataFrame(rows, columns=list(PROJECT_COLUMNS))

    def indicators(self) -> pd.DataFrame:
        """指标明细: every indicator row of every table, with where it was read."""
        import pandas as pd

        return pd.DataFrame(list(self.indicator_rows()), columns=list(INDICATOR_COLUMNS))

    def problems(self, lang: str = "zh") -> pd.DataFrame:
        """问题清单: every finding, as the shared problem-list rows."""
        import pandas as pd

        from . import problem_list

        return pd.DataFrame(
            problem_list.rows(self.findings, lang), columns=list(problem_list.headers(lang))
        )

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The four contract sheets, in contract order."""
        return {
            BUDGET_SHEET: self.budget(),
            PROJECTS_SHEET: self.projects(),
            INDICATORS_SHEET: self.indicators(),
            PROBLEMS_SHEET: self.problems(),
        }


def _budget_row(f: FileDigest) -> list[Any]:
    return [
        f.department,
        *f.budget,
        len(f.projects),
        f.indicator_count,
        f.count(Severity.ERROR),
        f.count(Severity.WARNING),
        Path(f.file).name,
    ]


def write_consolidation(c: Consolidation, path: str | Path) -> Path:
    """Write the district workbook atomically (see `consolidation_writer`)."""
    from .consolidation_writer import write_consolidation as write

    return write(c, path)


# ---------------------------------------------------------------------- merging


def merge(
    paths: Iterable[str | Path] | str | Path,
    jobs: int = 1,
    progress: bool | None = None,
    created: datetime | None = None,
) -> Consolidation:
    """Read, check and consolidate department workbooks (files or folders).

    `progress`: a bar on stderr; None shows it only when stderr is a terminal.
    """
    from .validation import collect

    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, skipped = collect(paths)
    return merge_files(files, skipped, jobs=jobs, progress=progress, created=created)


def merge_files(
    files: list[Path],
    skipped: list[Finding] | None = None,
    jobs: int = 1,
    progress: bool | None = None,
    created: datetime | None = None,
) -> Consolidation:
    """Consolidate files already collected (`validation.collect`).

    `jobs`: processes reading and checking, this one included (`jobs=2` starts one worker).
    """
    from . import checks, reader  # noqa: F401  imported once, inherited by forked workers
    from .parallel import map_files

    digests = map_files(read_file, [str(f) for f in files], max(1, jobs), progress)
    return Consolidation(digests, skipped, created)


def read_file(path: str) -> FileDigest:
    """One workbook, read, checked and digested, never raising: an unexpected failure is
    that file's XG001."""
    from .validation import validate_file

    try:
        return digest(validate_file(path))
    except Exception as exc:  # one bad file must not stop a district's merge
        reason = f"{type(exc).__name__}: {exc}"[:200]
        item = finding("XG001", Where(file=path), reason=reason)
        return digest(FileReport(file=path, submission=None, findings=[item]))


# ---------------------------------------------------------------------- district-level findings


def district_findings(files: list[FileDigest]) -> dict[str, list[Finding]]:
    """Findings only the district sees, by file: XG008, XG009, XG402."""
    usable = sorted((f for f in files if f.usable), key=_file_key)
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
    """One indicator name with units of different families in different departments."""
    #: name → department → (unit, cell, unit family) of each use
    uses: dict[str, dict[str, list[tuple[str, Where, str]]]]
    uses = defaultdict(lambda: defaultdict(list))
    for f in files:
        for row in f.indicators:
            unit = row[UNIT]
            if not row[NAME] or not isinstance(row[VALUE], Decimal) or not unit.strip():
                continue
            at = Where(file=f.file, sheet=row[SHEET] or None, cell=row[CELL] or None)
            name = re.sub(r"\s+", "", row[NAME])
            uses[name][f.department].append((unit, at, unit_family(unit)))
    for name, by_department in uses.items():
        families = {family for rows in by_department.values() for _, _, family in rows}
        if len(by_department) < 2 or len(families) < 2:
            continue
        units = "；".join(
            f"{dept}：{'、'.join(dict.fromkeys(u for u, _, _ in rows))}"
            for dept, rows in by_department.items()
        )
        cells = {dept: tuple(at for _, at, _ in rows) for dept, rows in by_department.items()}
        for dept, rows in by_department.items():
            at = rows[0][1]
            related = tuple(chain.from_iterable(c for d, c in cells.items() if d != dept))
            item = finding("XG402", at, related=related, name=name, units=units)
            yield item.model_copy(update={"department": dept})


# ---------------------------------------------------------------------- helpers


def _file_key(f: FileDigest) -> tuple:
    """Usable workbooks by department then file; unreadable ones after them, by file."""
    return (not f.usable, f.department, Path(f.file).name, f.file)


def _finding_key(item: Finding) -> tuple:
    row, col = parse_a1(item.at.cell) if item.at.cell else (-1, -1)
    return (
        Path(item.at.file).name,
        item.at.file,
        item.at.sheet or "",
        row,
        col,
        item.code,
        item.message(),
    )
