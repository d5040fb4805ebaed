"""Validate files and folders: read each workbook, run the checks, collect a Report."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from xlgoals.checks import run_checks
from xlgoals.checks.history import PastIndicator, history_findings
from xlgoals.contract import BUDGET_SHEET, INDICATORS_SHEET
from xlgoals.model.submission import Submission
from xlgoals.parallel import map_files
from xlgoals.problems.findings import Finding, Where, finding
from xlgoals.problems.report import FileReport, Report
from xlgoals.reading.grid import Grid
from xlgoals.reading.ooxml import sheet_names
from xlgoals.reading.safety import EXCEL_SUFFIXES, Limits, is_lock_file
from xlgoals.reading.tables import read_tables, read_workbook

#: sheets that mark a workbook as an xlgoals consolidation rather than a department's table
OUTPUT_SHEETS = frozenset({BUDGET_SHEET, INDICATORS_SHEET})


def is_consolidation(path: Path) -> bool:
    """An earlier `xlgoals merge` output lying among the inputs (told from its workbook part
    alone, read safely: no parser sees a file before `read.safety` has checked it)."""
    names = sheet_names(path, among=OUTPUT_SHEETS)
    return names is not None and set(names) >= OUTPUT_SHEETS


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[Finding]]:
    """Files to read from files and folders, sorted; and what was skipped, as findings."""
    files: list[Path] = []
    skipped: list[Finding] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():  # a folder, whatever its name (`x.xlsx/` too)
            files.extend(_workbooks_in(path, skipped))
        elif path.exists() or path.is_symlink():
            files.append(path)  # read even when its name says otherwise: the reader tells why
        else:
            skipped.append(finding("XG010", Where(file=str(path)), path=str(path)))
    keep: list[Path] = []
    for path in dict.fromkeys(files):
        if is_lock_file(path):
            skipped.append(finding("XG005", Where(file=str(path))))
        elif path.suffix.lower() in EXCEL_SUFFIXES and path.is_file() and is_consolidation(path):
            skipped.append(finding("XG006", Where(file=str(path))))
        else:
            keep.append(path)
    return keep, skipped


def _workbooks_in(folder: Path, skipped: list[Finding]) -> list[Path]:
    """Workbook files under a folder, sorted; a folder that cannot be listed is reported
    (Path.rglob would pass it over in silence)."""

    def refused(error: OSError) -> None:
        where = error.filename or str(folder)
        code = "XG016" if isinstance(error, PermissionError) else "XG010"
        skipped.append(finding(code, Where(file=str(where)), path=str(where)))

    found = []
    seen: set[tuple[int, int]] = set()
    # linked folders are searched like linked files are read; each folder once (a link to a
    # folder above it would otherwise lead round for ever)
    for root, dirs, names in os.walk(folder, onerror=refused, followlinks=True):
        if not _first_visit(Path(root), seen):
            dirs.clear()
            continue
        found.extend(Path(root, n) for n in names if Path(n).suffix.lower() in EXCEL_SUFFIXES)
    return sorted(found)


def _first_visit(folder: Path, seen: set[tuple[int, int]]) -> bool:
    try:
        status = folder.stat()
    except OSError:  # gone since it was listed: nothing in it to read
        return False
    key = (status.st_dev, status.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def lock_file_of(path: Path) -> Path | None:
    """Excel's owner file beside a workbook (`~$部门.xlsx`): someone has it open."""
    lock = path.with_name(f"~${path.name}")
    return lock if not is_lock_file(path) and lock.is_file() else None


def validate_file(path: str | Path, limits: Limits | None = None) -> FileReport:
    """Read one workbook and run every check on it. Never raises for a bad file: what is
    wrong with it is in the report's findings. `limits`: caps on what a file may hold."""
    submission = read_workbook(path, limits=limits)
    lock = lock_file_of(Path(path))
    if lock is not None:  # also explains a file caught half-saved
        item = finding("XG017", Where(file=submission.file), lock=lock.name)
        submission.findings.append(item)
    return validate_submission(submission)


def _findings_of(path: str) -> FileReport:
    return validate_file(path).findings_only()


def validate_grids(grids: list[Grid], file: str) -> FileReport:
    """Validate sheets already in memory (an open Excel workbook, an import)."""
    return validate_submission(read_tables(grids, file))


def validate_submission(submission: Submission) -> FileReport:
    """Run every check on a workbook already read."""
    found = list(submission.findings)
    if submission.tables:
        found.extend(run_checks(submission))
    department = submission.department
    found = [f if f.department else f.model_copy(update={"department": department}) for f in found]
    return FileReport(file=submission.file, submission=submission, findings=found)


def validate(
    paths: Iterable[str | Path] | str | Path,
    previous: Iterable[str | Path] | str | Path | None = None,
    jobs: int = 1,
    progress: bool | None = False,
    tables: bool = True,
) -> Report:
    """Validate workbooks (files or folders). The library's main entry point.

    `previous`: last year's consolidation or workbooks; new targets below last year's target
    or result are then reported (XG510, XG511). `jobs`: processes reading and checking, this
    one included. `progress`: a bar on stderr (None: only on a terminal). `tables=False`:
    the reports keep their findings and summaries only, not the tables read (what the CLI
    needs: far less to send between processes)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, skipped = collect(paths)
    work = validate_file if tables or previous is not None else _findings_of
    reports = map_files(work, [str(p) for p in files], max(1, jobs), progress)
    if previous is not None:
        _add_history(reports, [previous] if isinstance(previous, (str, Path)) else previous)
        if not tables:
            reports = [report.findings_only() for report in reports]
    return Report(files=reports, general=skipped)


def _add_history(reports: list[FileReport], previous: Iterable[str | Path]) -> None:
    from xlgoals.checks.previous import load_previous

    past = load_previous(previous)
    for report in reports:
        add_history(report, past)


def add_history(report: FileReport, past: Sequence[PastIndicator]) -> FileReport:
    """`report` with its targets held against last year's (XG510, XG511), in place."""
    if report.submission is None or not report.submission.tables or not past:
        return report
    department = report.submission.department
    found = history_findings(report.submission, past)
    report.findings.extend(f.model_copy(update={"department": department}) for f in found)
    return report
