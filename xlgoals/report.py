"""Validation results: the library returns a Report, the CLI only renders it."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import Family, Severity
from .findings import Finding
from .grid import parse_a1
from .models import Submission


def _position(item: Finding) -> tuple:
    row, col = parse_a1(item.at.cell) if item.at.cell else (-1, -1)
    return (item.at.file, item.at.sheet or "", row, col, item.code)


@dataclass
class FileReport:
    """One file: what was read and what was found."""

    file: str
    submission: Submission | None
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    @property
    def unusable(self) -> bool:
        """The file could not be used at all: no table read, for a reason about the file
        (unreadable, not a target table). A workbook read but for one damaged sheet is usable."""
        if self.submission is not None and self.submission.tables:
            return False
        return any(
            f.problem.family is Family.INPUT and f.severity is Severity.ERROR for f in self.findings
        )


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    #: findings about the run itself (skipped files, missing paths)
    general: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        every = [f for report in self.files for f in report.findings] + self.general
        return sorted(every, key=_position)

    @property
    def submissions(self) -> list[Submission]:
        return [r.submission for r in self.files if r.submission is not None]

    @property
    def exit_code(self) -> int:
        """Contract: 0 no errors, 1 errors found, 2 unusable input."""
        if any(r.unusable for r in self.files) or any(
            f.severity is Severity.ERROR for f in self.general
        ):
            return 2
        return 1 if any(f.severity is Severity.ERROR for f in self.findings) else 0

    def to_json(self, lang: str = "zh") -> str:
        return json.dumps([f.to_json(lang) for f in self.findings], ensure_ascii=False, indent=1)

    def to_dataframe(self, lang: str = "zh"):
        """Every finding as a pandas DataFrame, one row each."""
        import pandas as pd

        return pd.DataFrame([f.to_json(lang) for f in self.findings])


def summary_line(report: FileReport, lang: str = "zh") -> str:
    sub = report.submission
    tables = len(sub.tables) if sub else 0
    rows = len(sub.indicators) if sub else 0
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    name = Path(report.file).name
    department = f"（{sub.department}）" if sub and sub.department else ""
    if lang == "en":
        department = f" ({sub.department})" if sub and sub.department else ""
        line = f"{name}{department}: {tables} tables, {rows} indicators, "
        line += f"{errors} errors, {warnings} warnings"
        return line + (f", {infos} notes" if infos else "")
    line = f"{name}{department}：{tables} 张表，{rows} 个指标，{errors} 个错误，{warnings} 个警告"
    return line + (f"，{infos} 条提示" if infos else "")


#: a problem repeated this often in one sheet is told once, with its cells
GROUP_AT = 3


def render_text(report: Report, lang: str = "zh") -> str:
    """The human report: per file, findings in sheet order, repeats folded into one line."""
    lines: list[str] = []
    for file_report in report.files:
        lines.append(summary_line(file_report, lang))
        lines.extend(_render_findings(sorted(file_report.findings, key=_position), lang))
        lines.append("")
    lines.extend(_render_findings(report.general, lang))
    return "\n".join(lines).rstrip() + "\n"


def _render_findings(findings: list[Finding], lang: str) -> list[str]:
    groups: dict[tuple, list[Finding]] = defaultdict(list)
    for item in findings:
        groups[(item.at.sheet, item.code)].append(item)
    lines: list[str] = []
    done: set[tuple] = set()
    for item in findings:
        key = (item.at.sheet, item.code)
        group = groups[key]
        if len(group) < GROUP_AT:
            lines.append(_line(item, lang))
        elif key not in done:
            done.add(key)
            lines.append(_group_line(group, lang))
    return lines


def _severity(item: Finding, lang: str) -> str:
    return item.severity.value if lang == "en" else item.severity.label_zh


def _line(item: Finding, lang: str) -> str:
    where = "!".join(p for p in (item.at.sheet, item.at.cell) if p) or Path(item.at.file).name
    colon = ": " if lang == "en" else "："
    return f"  [{_severity(item, lang)}] {item.code} {where}{colon}{item.message(lang)}"


def _group_line(group: list[Finding], lang: str) -> str:
    """`[警告] XG303 部门整体：缺少计算符号 × 22 — hint`, then one short entry per row."""
    first = group[0]
    title = first.problem.title_en if lang == "en" else first.problem.title_zh
    hint = first.problem.hint(lang)
    colon = ": " if lang == "en" else "："
    where = f"{first.code} {first.at.sheet}{colon}"
    head = f"  [{_severity(first, lang)}] {where}{title} × {len(group)}"
    separator = "; " if lang == "en" else "；"
    entries = separator.join(_entry(f) for f in group)
    return f"{head} — {hint}\n      {entries}"


def _entry(item: Finding) -> str:
    """One row of a group: cell, name and what differs: `E17 名称“20次”↔项目1!E17“≥10次”`."""
    params = item.params
    text = f"{item.at.cell or ''} {params.get('name', '')}".strip()
    if "raw_b" in params:
        return f"{text}“{params.get('raw_a', '')}”↔{params.get('cell_b', '')}“{params['raw_b']}”"
    if params.get("raw"):
        return f"{text}“{params['raw']}”"
    return text
