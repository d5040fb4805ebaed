"""`xlgoals import`: other layouts in, one standard template workbook per department out.

Each input (published text or an older workbook) is read into grids, the grids into tables
(the reader repairs shifted rows and page breaks), the tables are grouped by department and
written into the template, and every repair, decision and unplaced line goes to 导入记录.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xlgoals.address import parse_a1
from xlgoals.importing import audit, runtogether, text, writer
from xlgoals.importing.docx import DOCX_SUFFIXES, read_docx
from xlgoals.model.framework import squash
from xlgoals.model.submission import DepartmentTable, ProjectTable
from xlgoals.problems.findings import Finding, Where, finding, order
from xlgoals.reading.grid import Grid
from xlgoals.reading.safety import DEFAULT_LIMITS, Limits, SourceError
from xlgoals.reading.tables import read_tables
from xlgoals.reading.workbook import read_grids
from xlgoals.write.common import fitting_name, refuse_overwrite, save_workbook

Table = DepartmentTable | ProjectTable
_DEPARTMENT_IN_TITLE = re.compile(r"^(.+?)\d{4}年")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f\x7f]+')
#: a department's name the file system will not take (too long; bytes it cannot store): that
#: department is reported, the others written
_NAME_ERRORS = frozenset({errno.ENAMETOOLONG, errno.EILSEQ, errno.EINVAL})


@dataclass
class Source:
    """One input: its grids, the repairs made before reading, and the text as published."""

    name: str
    grids: list[Grid]
    repairs: list[Finding] = field(default_factory=list)
    lines: list[str] | None = None  # text sources: the lines as published
    locate: Callable[[str], str] | None = None  # a grid cell → where it is in the source

    def original(self, at: Where) -> str:
        if not at.cell:
            return ""
        row, col = parse_a1(at.cell)
        if self.lines is not None:
            fields = self.lines[row].split("\t") if row < len(self.lines) else []
            return fields[col].strip() if col < len(fields) else ""
        grid = next((g for g in self.grids if g.sheet == at.sheet), None)
        return grid.text(row, col) if grid else ""

    def position(self, at: Where) -> str:
        if self.lines is not None and at.cell:
            return text.position(at.cell)
        if self.locate is not None and at.cell:
            return self.locate(at.cell)
        return "!".join(p for p in (at.sheet, at.cell) if p) or at.file


@dataclass
class Department:
    """One output workbook: a department's tables and the log of how they were imported."""

    name: str
    source: Source
    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    path: Path | None = None
    entries: list[writer.LogEntry] = field(default_factory=list)


@dataclass
class ImportResult:
    departments: list[Department] = field(default_factory=list)
    #: inputs that gave nothing (unreadable, not a table, unsupported type)
    failures: list[Finding] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 all imported cleanly, 1 something needs a reviewer, 2 nothing could be imported."""
        if not self.departments:
            return 2
        needs_look = any(
            entry.finding.severity.value != "info"
            for department in self.departments
            for entry in department.entries
        )
        return 1 if self.failures or needs_look else 0


def open_source(path: Path, display: str | None = None, limits: Limits | None = None) -> Source:
    """Read one input into grids; raises SourceError when it cannot be used."""
    name = display or str(path)
    if path.suffix.lower() in text.TEXT_SUFFIXES:
        raw, notes = text.load_text(path, name, limits)
        split = runtogether.split_text(raw, name)
        if split is not None:  # OCR / PDF text with no cell boundaries: best effort
            grid, locate = split
            return Source(name, [grid], notes, locate=locate)
        cell_chars = (limits or DEFAULT_LIMITS).cell_chars
        grid, repairs = text.text_to_grid(raw, name, cell_chars)
        return Source(name, [grid], notes + repairs, raw.splitlines())
    if path.suffix.lower() in DOCX_SUFFIXES:
        word = read_docx(path, name)
        return Source(name, [word.grid], locate=word.position)
    return Source(name, read_grids(path, name, limits))


def department_name(table: Table) -> str | None:
    """`东湖区人社局 2024 年度部门整体支出绩效目标表` → 东湖区人社局; else 部门名称."""
    if table.title:
        match = _DEPARTMENT_IN_TITLE.match(squash(table.title.value))
        if match:
            return match.group(1)
    return table.department.value.strip() if table.department else None


def group(source: Source, tables: list[Table]) -> list[Department]:
    """Project tables go to the department their 主管部门 names, else the one before them."""
    departments: list[Department] = []
    for table in tables:
        if isinstance(table, DepartmentTable):
            name = department_name(table) or Path(source.name).stem
            departments.append(Department(name, source, [table]))
            continue
        owner = _owner(departments, table)
        if owner is None:
            named = table.department.value.split("-", 1)[-1].strip() if table.department else ""
            owner = Department(named or Path(source.name).stem, source)
            departments.append(owner)
        owner.tables.append(table)
    return departments


def _owner(departments: list[Department], table: ProjectTable) -> Department | None:
    if table.department:
        named = squash(table.department.value)
        for department in departments:
            names = {department.name} | {
                squash(t.department.value)
                for t in department.tables
                if isinstance(t, DepartmentTable) and t.department
            }
            if any(name and name in named for name in names):
                return department
    return departments[-1] if departments else None


def _table_of(departments: list[Department], at: Where) -> Department:
    """The department whose table region (its first row onwards, same sheet) holds `at`."""
    best, best_row = departments[0], -1
    row = parse_a1(at.cell)[0] if at.cell else -1
    for department in departments:
        for table in department.tables:
            if table.at.sheet != at.sheet or not table.at.cell:
                continue
            start = parse_a1(table.at.cell)[0]
            if best_row < start <= row:
                best, best_row = department, start
    return best


def import_source(source: Source) -> list[Department]:
    """Read, group and audit one source (nothing written yet)."""
    submission = read_tables(source.grids, source.name)
    departments = group(source, submission.tables)
    if not departments:
        return []
    found = list(source.repairs) + list(submission.findings)
    for grid in source.grids:
        found += audit.joined_labels(grid, submission.tables)
        found += audit.unplaced(grid, submission.tables)
    for table in submission.tables:
        found += writer.unplaced_fields(table)
    for item in found:
        if item.code == "XG003":
            continue
        _table_of(departments, item.at).findings.append(item)
    return departments


def write_department(
    department: Department, out_dir: Path, taken: set[str], inputs: list[Path] | None = None
) -> Path:
    """Write one department's workbook into `out_dir` under a name not `taken` yet; raises
    ValueError when that very file is one of the `inputs`."""
    path = _output_path(department.name, out_dir, taken)
    refuse_overwrite(path, inputs or [])
    workbook, written = writer.build_workbook(department.tables)
    findings = department.findings + written.notes
    findings.sort(key=order)
    department.entries = [
        writer.LogEntry(
            finding=item,
            source=department.source.position(item.at),
            written=written.find(item.at),
            original=department.source.original(item.at),
        )
        for item in findings
    ]
    writer.write_log(workbook, department.entries)
    department.path = save_workbook(workbook, path)
    return department.path


def _output_path(department: str, out_dir: Path, taken: set[str]) -> Path:
    """`out_dir/<department>.xlsx`, the name made safe for a file system (and short enough
    for it), and numbered when another department of this run has it already."""
    stem = fitting_name(_UNSAFE.sub("_", department).strip("_") or "部门", ".xlsx", out_dir)
    name, number = stem, 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}"
    taken.add(name)
    return out_dir / f"{name}.xlsx"


def _nothing_read(source: Source) -> Finding:
    """Why a source gave no table: rows that look like indicators but could not be read
    (XG117, with their text), else no table at all (XG003)."""
    found = read_tables(source.grids, source.name).findings
    return next((f for f in found if f.code == "XG117"), finding("XG003", Where(file=source.name)))


def import_paths(paths: list[Path], out_dir: Path, limits: Limits | None = None) -> ImportResult:
    """Import every input into `out_dir`; unreadable inputs are reported, not fatal, and so
    is a department that cannot be written (the others still are)."""
    result = ImportResult()
    taken: set[str] = set()
    for path in paths:
        try:
            source = open_source(path, limits=limits)
        except SourceError as exc:
            result.failures.append(finding(exc.code, Where(file=str(path)), **exc.params))
            continue
        departments = import_source(source)
        if not departments:
            result.failures.append(_nothing_read(source))
            continue
        for department in departments:
            try:
                write_department(department, out_dir, taken, paths)
            except OSError as exc:
                if exc.errno not in _NAME_ERRORS:  # a full disk, a closed folder: the run's
                    raise
                why = exc.strerror or type(exc).__name__
                shown = str(out_dir / f"{department.name}.xlsx")
                item = finding("XG030", Where(file=source.name), path=shown, reason=why)
                result.failures.append(item)
                continue
            result.departments.append(department)
    return result
