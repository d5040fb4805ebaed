"""District consolidation: many department workbooks into one set of tables.

`merge` reads and checks every workbook (shared with `jobs - 1` worker processes), adds the
district-level findings (a department submitted twice, a missing 部门整体 table, one indicator
name with incompatible units across departments) and returns a `Consolidation`, whose frames
the consolidation writer and the Excel binding render. Nothing here writes files.

Order is fixed by content, not by arguments: departments by name, then file; so the same
inputs give the same tables whatever the order they came in or `jobs`.
"""

from __future__ import annotations

import gc
import io
import pickle
import re
import sys
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from .budget import project_funds_total
from .catalogue import Severity
from .findings import Finding, Where, finding
from .grid import parse_a1
from .models import Amount, DepartmentTable, ProjectTable, Submission
from .report import FileReport
from .targets import Note

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
        reports: list[FileReport],
        general: list[Finding] | None = None,
        created: datetime | None = None,
    ) -> None:
        district = district_findings(reports)
        self.reports = [
            FileReport(r.file, r.submission, [*r.findings, *district.get(r.file, [])])
            for r in sorted(reports, key=_report_key)
        ]
        #: findings about the run: skipped lock files and earlier outputs, missing paths
        self.general = list(general or [])
        self.created = created or datetime.now().replace(microsecond=0)

    @property
    def submissions(self) -> list[Submission]:
        """The usable workbooks (at least one table read), in output order."""
        return [r.submission for r in self.reports if is_usable(r)]

    @property
    def sources(self) -> list[str]:
        """Every file read or tried, in output order."""
        return [r.file for r in self.reports]

    @property
    def findings(self) -> list[Finding]:
        """Every finding: per file (district-level included), then the run's own."""
        every = [f for r in self.reports for f in sorted(r.findings, key=_finding_key)]
        return every + sorted(self.general, key=_finding_key)

    @property
    def usable(self) -> bool:
        return any(is_usable(r) for r in self.reports)

    def department(self, report: FileReport) -> str:
        return department_name(report)

    # ------------------------------------------------------------------ frames

    def budget(self) -> pd.DataFrame:
        """预算汇总: one row per usable workbook (no 合计 row; the writer adds it)."""
        import pandas as pd

        rows = [self._budget_row(r) for r in self.reports if is_usable(r)]
        return pd.DataFrame(rows, columns=list(BUDGET_COLUMNS))

    def _budget_row(self, report: FileReport) -> list[Any]:
        submission = report.submission
        assert submission is not None
        tables = submission.department_tables
        budget = tables[0].budget if tables else None
        amounts = [
            _value(getattr(budget, name)) if budget else None
            for name in ("income_total", "fiscal", "other", "carryover", "expense_total")
        ]
        basic = _value(budget.basic) if budget else None
        project = _value(budget.project) if budget else None
        funds = project_funds_total(submission)
        difference = project - funds if project is not None and funds is not None else None
        return [
            department_name(report),
            *amounts,
            basic,
            project,
            funds,
            difference,
            len(submission.project_tables),
            len(submission.indicators),
            report.count(Severity.ERROR),
            report.count(Severity.WARNING),
            Path(report.file).name,
        ]

    def projects(self) -> pd.DataFrame:
        """项目汇总: one row per project table."""
        import pandas as pd

        rows = []
        for report in self.reports:
            if not is_usable(report):
                continue
            for table in report.submission.project_tables:
                funds = table.funds
                rows.append(
                    [
                        department_name(report),
                        table.project_name.value if table.project_name else "",
                        table.implementer.value if table.implementer else "",
                        _value(funds.total),
                        _value(funds.fiscal),
                        _value(funds.carryover),
                        _value(funds.other),
                        len(table.indicators),
                        Path(report.file).name,
                        table.at.sheet or "",
                    ]
                )
        return pd.DataFrame(rows, columns=list(PROJECT_COLUMNS))

    def indicators(self) -> pd.DataFrame:
        """指标明细: every indicator row of every table, with where it was read."""
        import pandas as pd

        rows = []
        for report in self.reports:
            if not is_usable(report):
                continue
            for table in report.submission.tables:
                rows.extend(_indicator_rows(department_name(report), report.file, table))
        return pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))

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
    if progress is None:
        progress = sys.stderr.isatty()
    with _young_collections_only():
        reports = _validate_all([str(f) for f in files], max(1, jobs), progress)
        return Consolidation(reports, skipped, created)


def _validate_one(path: str) -> FileReport:
    """One workbook, never raising: an unexpected failure is that file's XG001."""
    from .validation import validate_file

    try:
        return validate_file(path)
    except Exception as exc:  # one bad file must not stop a district's merge
        reason = f"{type(exc).__name__}: {exc}"[:200]
        item = finding("XG001", Where(file=path), reason=reason)
        return FileReport(file=path, submission=None, findings=[item])


def _validate_all(files: list[str], jobs: int, progress: bool) -> list[FileReport]:
    if jobs == 1 or len(files) < 2:
        results = []
        with _progress_bar(len(files), progress) as advance:
            for path in files:
                results.append(_validate_one(path))
                advance(1)
        return results
    return _Shared(files, jobs).run(progress)


#: the most files in one worker task: a task costs one message each way, well under a
#: millisecond, while a workbook takes about five milliseconds
CHUNK = 8
#: tasks kept queued per worker, so that the pool's own thread feeds it while this process is
#: busy with a workbook of its own
QUEUED = 3


class _Shared:
    """This process and `jobs - 1` workers share the files.

    Workers get chunks from the back, smaller as fewer files remain; this process reads files
    one by one from the front and takes back queued chunks no worker has started, so at the
    end neither side waits long for the other. Its own reports need no sending, which makes
    it the fastest reader of the lot; every report a worker sends is rebuilt here (see
    `_dumps`). The results are in input order.
    """

    def __init__(self, files: list[str], jobs: int) -> None:
        self.files = files
        self.workers = min(jobs - 1, len(files) - 1)
        self.pending = deque(range(len(files)))
        self.sent: dict[Future, list[int]] = {}
        self.done: list[FileReport | None] = [None] * len(files)

    def run(self, progress: bool) -> list[FileReport]:
        from concurrent.futures import ProcessPoolExecutor

        from . import checks, reader  # noqa: F401  imported once, inherited by forked workers

        with ProcessPoolExecutor(
            self.workers, mp_context=_start_context(), initializer=_start_worker
        ) as pool:
            self._send(pool)  # the workers start now, before the progress bar's thread
            with _progress_bar(len(self.files), progress) as advance:
                while (index := self._take()) is not None:
                    self.done[index] = _validate_one(self.files[index])
                    advance(1)
                    self._receive(advance, block=False)
                    self._send(pool)
                while self.sent:
                    self._receive(advance, block=True)
        assert all(report is not None for report in self.done)
        return cast(list[FileReport], self.done)

    def _take(self) -> int | None:
        """The next file for this process: the front one, else one from an unstarted chunk."""
        if not self.pending:
            for future in reversed(list(self.sent)):
                if future.cancel():
                    self.pending.extend(self.sent.pop(future))
                    break
        return self.pending.popleft() if self.pending else None

    def _send(self, pool: Executor) -> None:
        while self.pending and len(self.sent) < QUEUED * self.workers:
            size = max(1, min(CHUNK, len(self.pending) // (4 * (self.workers + 1))))
            indices = [self.pending.pop() for _ in range(size)]
            self.sent[pool.submit(_validate_chunk, [self.files[i] for i in indices])] = indices

    def _receive(self, advance: Callable[[int], None], block: bool) -> None:
        ready = [f for f in self.sent if f.done()]
        if block and not ready:
            ready = list(wait(self.sent, return_when=FIRST_COMPLETED).done)
        for future in ready:
            indices = self.sent.pop(future)
            for index, report in zip(indices, _loads(future.result()), strict=True):
                self.done[index] = report
            advance(len(indices))


def _start_context() -> Any:
    """fork on Linux (no re-import per worker), unless threads run: forking those can deadlock."""
    import multiprocessing
    import threading

    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_worker() -> None:
    # what a forked worker inherits stays out of its collections (its pages stay shared)
    gc.freeze()


def _validate_chunk(paths: list[str]) -> bytes:
    """Worker task: the chunk's reports, ready to send (see `_dumps`)."""
    return _dumps([_validate_one(path) for path in paths])


def _dumps(reports: list[FileReport]) -> bytes:
    """Reports as bytes for this process: the pydantic models pickle whole.

    As cheap as `model_dump` in the worker and `model_validate` here (measured), and exact:
    the rebuilt report equals the one read, parameters of any type included.
    """
    buffer = io.BytesIO()
    _ModelPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(reports)
    return buffer.getvalue()


def _loads(data: bytes) -> list[FileReport]:
    return pickle.loads(data)


class _ModelPickler(pickle.Pickler):
    """Pickles a pydantic model as its four slots, restored by `_model`.

    The same state pydantic's own `__getstate__`/`__setstate__` carry, without two Python
    calls and a dict per object: a quarter off both ends (440 models per workbook). A model's
    class is pickled by name, so each must be importable: see `models.SourcedText`.
    """

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, BaseModel):
            state = (obj.__dict__, obj.__pydantic_fields_set__)
            extra = (obj.__pydantic_extra__, obj.__pydantic_private__)
            return _model, (type(obj), *state, *extra)
        return NotImplemented


def _model(cls: type[BaseModel], values: dict, fields_set: set, extra: Any, private: Any) -> Any:
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", extra)
    _set(model, "__pydantic_private__", private)
    return model


_set = object.__setattr__  # past pydantic's __setattr__ (frozen models refuse it)


@contextmanager
def _young_collections_only() -> Iterator[None]:
    """No full garbage collection while the reports pile up; one afterwards, if due.

    Reading builds about 400 small objects per workbook and no reference cycles (measured: a
    full collection after 200 workbooks frees nothing), so each full collection only rescans
    them: three of them took a fifth of a 200-workbook merge. Young collections still run.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


class _progress_bar:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, total: int, show: bool) -> None:
        self.total, self.show = total, show and total > 0
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not self.show:
            return lambda steps: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress(
            "汇总",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("merge", total=self.total)
        return lambda steps: self.bar.advance(task, steps)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


# ---------------------------------------------------------------------- district-level findings


def district_findings(reports: list[FileReport]) -> dict[str, list[Finding]]:
    """Findings only the district sees, by file: XG008, XG009, XG402."""
    usable = sorted((r for r in reports if is_usable(r)), key=_report_key)
    found: dict[str, list[Finding]] = defaultdict(list)
    for item in [*_duplicates(usable), *_missing_tables(usable), *_unit_conflicts(usable)]:
        found[item.at.file].append(item)
    return found


def _duplicates(reports: list[FileReport]) -> Iterable[Finding]:
    by_name: dict[str, list[FileReport]] = defaultdict(list)
    for report in reports:
        if report.submission.department:
            by_name[report.submission.department].append(report)
    for name, group in by_name.items():
        if len(group) < 2:
            continue
        files = "、".join(Path(r.file).name for r in group)
        for report in group:
            item = finding("XG008", Where(file=report.file), department=name, files=files)
            yield item.model_copy(update={"department": name})


def _missing_tables(reports: list[FileReport]) -> Iterable[Finding]:
    for report in reports:
        if report.submission.department_tables:
            continue
        if any(f.code == "XG009" for f in report.findings):  # the checks said it already
            continue
        item = finding("XG009", Where(file=report.file), table=DEPARTMENT_TABLE_NAME)
        yield item.model_copy(update={"department": department_name(report)})


_MONEY = re.compile(r"^(元|千元|万元|亿元)(/.+)?$")


def unit_family(unit: str) -> str:
    """Units that convert into each other share a family: 元 and 万元, % and ％."""
    text = unit.strip().replace(" ", "").replace("％", "%")
    money = _MONEY.match(text)
    return f"money{money.group(2) or ''}" if money else text


def _unit_conflicts(reports: list[FileReport]) -> Iterable[Finding]:
    """One indicator name with units of different families in different departments."""
    #: name → department → (unit, cell, unit family) of each use
    uses: dict[str, dict[str, list[tuple[str, Where, str]]]]
    uses = defaultdict(lambda: defaultdict(list))
    for report in reports:
        department = department_name(report)
        for indicator in report.submission.indicators:
            target = indicator.target
            if not indicator.name or target.number is None or not target.unit.strip():
                continue
            name = re.sub(r"\s+", "", indicator.name)
            uses[name][department].append((target.unit, indicator.at, unit_family(target.unit)))
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


def department_name(report: FileReport) -> str:
    """The department as the workbook names it, else the file's name."""
    submission = report.submission
    return (submission.department if submission else None) or Path(report.file).stem


def _indicator_rows(
    department: str, file: str, table: DepartmentTable | ProjectTable
) -> list[list[Any]]:
    kind = "部门整体" if isinstance(table, DepartmentTable) else "项目"
    project = table.display_name if isinstance(table, ProjectTable) else ""
    rows = []
    for item in table.indicators:
        target = item.target
        value: Any = target.number if target.number is not None else target.text
        rows.append(
            [
                department,
                kind,
                project,
                item.level1 or "",
                item.level2 or "",
                item.name or "",
                target.comparator.value if target.comparator else "",
                value,
                target.unit,
                "是" if target.approximate or Note.APPROXIMATE in target.notes else "",
                item.raw,
                Path(file).name,
                item.at.sheet or "",
                item.at.cell or "",
            ]
        )
    return rows


def _value(amount: Amount | None) -> Decimal | None:
    return amount.value if amount is not None else None


def is_usable(report: FileReport) -> bool:
    """At least one table was read from the file."""
    return report.submission is not None and bool(report.submission.tables)


def _report_key(report: FileReport) -> tuple:
    """Usable workbooks by department then file; unreadable ones after them, by file."""
    return (not is_usable(report), department_name(report), Path(report.file).name, report.file)


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
