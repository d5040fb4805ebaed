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
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import cached_property, partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlgoals import checks  # noqa: F401  registered once, inherited by forked workers
from xlgoals.contract import (
    BUDGET_COLUMNS,
    BUDGET_SHEET,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
    PROBLEMS_SHEET,
    PROJECT_COLUMNS,
    PROJECTS_SHEET,
    SELF_EVALUATION_COLUMNS,
    SELF_EVALUATION_SHEET,
)
from xlgoals.district.digest import FileDigest, digest, output_order
from xlgoals.district.rules import district_findings
from xlgoals.parallel import map_files
from xlgoals.problems import problem_list
from xlgoals.problems.catalogue import Severity
from xlgoals.problems.findings import Finding, Where, count, finding, order
from xlgoals.problems.report import FileReport
from xlgoals.validation import add_history, collect, validate_file
from xlgoals.write.common import shown_name

if TYPE_CHECKING:
    import pandas as pd

    from xlgoals.checks.history import PastIndicator


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
            _with_findings(f, district[f.file]) if f.file in district else f
            for f in sorted(files, key=output_order)
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
        """Every finding: per file (district-level included), then the run's own (made anew
        from each file's packed findings: the writer reads `problem_rows` instead)."""
        every = [item for f in self.files for item in f.findings]  # each sorted by `digest`
        return every + self._general

    @cached_property
    def _general(self) -> list[Finding]:
        return sorted(self.general, key=order)

    @property
    def finding_count(self) -> int:
        return sum(f.finding_count for f in self.files) + len(self.general)

    def count(self, severity: Severity) -> int:
        """How many findings of `severity`, the run's own included."""
        return sum(f.count(severity) for f in self.files) + count(self.general, severity)

    def indicator_rows(self) -> Iterator[tuple[Any, ...]]:
        """指标明细's rows, in output order, without a frame (the writer streams them)."""
        for f in self.files:
            yield from f.indicators

    # ------------------------------------------------------------------ rows

    def budget_rows(self) -> list[list[Any]]:
        """预算汇总's rows (BUDGET_COLUMNS): one per usable workbook, no 合计 row."""
        return [_budget_row(f) for f in self.usable_files]

    def project_rows(self) -> list[tuple[Any, ...]]:
        """项目汇总's rows (PROJECT_COLUMNS): one per project table."""
        return [row for f in self.files for row in f.projects]

    def score_rows(self) -> list[tuple[Any, ...]]:
        """自评汇总's rows (SELF_EVALUATION_COLUMNS): one per 绩效自评表."""
        return [row for f in self.files for row in f.scores]

    def problem_rows(self, lang: str = "zh") -> Iterator[list[str]]:
        """问题清单's rows (`problem_list.headers(lang)`), in the findings' order, made as they
        are read (the workers made each file's Chinese rows already)."""
        if lang != "zh":
            return (problem_list.row(item, lang) for item in self.findings)
        per_file = (row for f in self.files for row in f.problem_rows)
        return chain(per_file, (problem_list.row(item) for item in self._general))

    # ------------------------------------------------------------------ frames

    def budget(self) -> pd.DataFrame:
        """预算汇总: one row per usable workbook (no 合计 row; the writer adds it)."""
        return _frame(self.budget_rows(), BUDGET_COLUMNS)

    def projects(self) -> pd.DataFrame:
        """项目汇总: one row per project table."""
        return _frame(self.project_rows(), PROJECT_COLUMNS)

    def indicators(self) -> pd.DataFrame:
        """指标明细: every indicator row of every table, with where it was read."""
        return _frame(list(self.indicator_rows()), INDICATOR_COLUMNS)

    def self_evaluations(self) -> pd.DataFrame:
        """自评汇总: one row per 绩效自评表, scored by the rule beside its published total."""
        return _frame(self.score_rows(), SELF_EVALUATION_COLUMNS)

    def problems(self, lang: str = "zh") -> pd.DataFrame:
        """问题清单: every finding, as the shared problem-list rows."""
        return _frame(list(self.problem_rows(lang)), problem_list.headers(lang))

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The four contract sheets, in contract order; 自评汇总 after 项目汇总 when the inputs
        hold 绩效自评表."""
        sheets = {BUDGET_SHEET: self.budget(), PROJECTS_SHEET: self.projects()}
        if any(f.scores for f in self.files):
            sheets[SELF_EVALUATION_SHEET] = self.self_evaluations()
        return sheets | {INDICATORS_SHEET: self.indicators(), PROBLEMS_SHEET: self.problems()}


def _with_findings(f: FileDigest, more: list[Finding]) -> FileDigest:
    """The digest with more findings (the district's), sorted in with its own."""
    copy = dataclasses.replace(f)
    copy.findings = [*f.findings, *more]
    return copy


def _frame(rows: Sequence[Sequence[Any]], columns: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns))


def _budget_row(f: FileDigest) -> list[Any]:
    return [
        f.department,
        *f.budget,
        len(f.projects),
        f.indicator_count,
        f.count(Severity.ERROR),
        f.count(Severity.WARNING),
        shown_name(f.file),
    ]


# ---------------------------------------------------------------------- merging


def merge(
    paths: Iterable[str | Path] | str | Path,
    jobs: int = 1,
    progress: bool | None = None,
    created: datetime | None = None,
    previous: Iterable[str | Path] | str | Path | None = None,
) -> Consolidation:
    """Read, check and consolidate department workbooks (files or folders).

    `progress`: a bar on stderr; None shows it only when stderr is a terminal. `previous`:
    last year's consolidation or workbooks, to hold this year's targets against (XG510/511).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, skipped = collect(paths)
    past = None
    if previous is not None:
        from xlgoals.checks.previous import load_previous

        past = load_previous([previous] if isinstance(previous, (str, Path)) else previous)
    return merge_files(files, skipped, jobs=jobs, progress=progress, created=created, past=past)


def merge_files(
    files: list[Path],
    skipped: list[Finding] | None = None,
    jobs: int = 1,
    progress: bool | None = None,
    created: datetime | None = None,
    past: Sequence[PastIndicator] | None = None,
) -> Consolidation:
    """Consolidate files already collected (`validation.collect`).

    `jobs`: processes reading and checking, this one included (`jobs=2` starts one worker).
    `past`: last year's indicators (`checks.previous.load_previous`).
    """
    work = partial(read_file, past=tuple(past)) if past else read_file
    digests = map_files(work, [str(f) for f in files], max(1, jobs), progress)
    return Consolidation(digests, skipped, created)


def read_file(path: str, past: Sequence[PastIndicator] = ()) -> FileDigest:
    """One workbook, read, checked (against last year's, given `past`) and digested, never
    raising: an unexpected failure is that file's XG001."""
    try:
        return digest(add_history(validate_file(path), past))
    except Exception as exc:  # one bad file must not stop a district's merge
        reason = f"{type(exc).__name__}: {exc}"[:200]
        item = finding("XG001", Where(file=path), reason=reason)
        return digest(FileReport(file=path, submission=None, findings=[item]))


# ---------------------------------------------------------------------- district-level findings


# ---------------------------------------------------------------------- helpers
