"""Validate files and folders: read each workbook, run the checks, collect a Report."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .findings import Finding, Where, finding
from .grid import Grid
from .models import Submission
from .report import FileReport, Report
from .sources import EXCEL_SUFFIXES, is_lock_file

#: sheets that mark a workbook as an xlgoals consolidation rather than a department's table
OUTPUT_SHEETS = frozenset({"预算汇总", "指标明细"})


def is_consolidation(path: Path) -> bool:
    """An earlier `xlgoals merge` output lying among the inputs."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception:
        return False
    try:
        return set(workbook.sheet_names) >= OUTPUT_SHEETS
    finally:
        workbook.close()


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[Finding]]:
    """Files to read from files and folders, sorted; and what was skipped, as findings."""
    files: list[Path] = []
    skipped: list[Finding] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            skipped.append(finding("XG010", Where(file=str(path)), path=str(path)))
        elif path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.suffix.lower() in EXCEL_SUFFIXES)
        else:
            files.append(path)
    keep: list[Path] = []
    for path in dict.fromkeys(files):
        if is_lock_file(path):
            skipped.append(finding("XG005", Where(file=str(path))))
        elif path.suffix.lower() in EXCEL_SUFFIXES and is_consolidation(path):
            skipped.append(finding("XG006", Where(file=str(path))))
        else:
            keep.append(path)
    return keep, skipped


def validate_file(path: str | Path) -> FileReport:
    """Read one workbook and run every check on it."""
    from .reader import read_workbook

    return validate_submission(read_workbook(path))


def validate_grids(grids: list[Grid], file: str) -> FileReport:
    """Validate sheets already in memory (an open Excel workbook, an import)."""
    from .reader import read_grids

    return validate_submission(read_grids(grids, file))


def validate_submission(submission: Submission) -> FileReport:
    """Run every check on a workbook already read."""
    from .checks import run_checks

    found = list(submission.findings)
    if submission.tables:
        found.extend(run_checks(submission))
    department = submission.department
    found = [f if f.department else f.model_copy(update={"department": department}) for f in found]
    return FileReport(file=submission.file, submission=submission, findings=found)


def validate(paths: Iterable[str | Path] | str | Path) -> Report:
    """Validate workbooks (files or folders). The library's main entry point."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, skipped = collect(paths)
    return Report(files=[validate_file(p) for p in files], general=skipped)
