"""A Report as text for the terminal: one line per finding, repeated findings grouped."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from xlgoals.problems.catalogue import Severity
from xlgoals.problems.findings import Finding, count, order
from xlgoals.problems.report import FileReport, Report
from xlgoals.problems.shown import printable


def summary_line(report: FileReport, lang: str = "zh") -> str:
    summary = report.summary
    tables, rows, scored = summary.tables, summary.indicators, summary.self_evaluations
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    name = printable(Path(report.file).name)
    department = f"（{summary.department}）" if summary.department else ""
    if lang == "en":
        department = f" ({summary.department})" if summary.department else ""
        kinds = f" ({scored} self-evaluation)" if scored else ""
        line = f"{name}{department}: {tables} tables{kinds}, {rows} indicators, "
        line += f"{errors} errors, {warnings} warnings"
        return line + (f", {infos} notes" if infos else "")
    kinds = f"（其中自评表 {scored} 张）" if scored else ""
    line = f"{name}{department}：{tables} 张表{kinds}，{rows} 个指标，"
    line += f"{errors} 个错误，{warnings} 个警告"
    return line + (f"，{infos} 条提示" if infos else "")


#: a problem repeated this often in one sheet is told once, with its cells
GROUP_AT = 3


def render_text(report: Report, lang: str = "zh") -> str:
    """The human report: per file, findings in sheet order, repeats folded into one line."""
    lines: list[str] = []
    for file_report in report.files:
        lines.append(summary_line(file_report, lang))
        lines.extend(_render_findings(sorted(file_report.findings, key=order), lang))
        lines.append("")
    lines.extend(_render_findings(report.general, lang))
    if len(report.files) > 1 or report.general:
        lines += ([""] if lines and lines[-1] else []) + [total_line(report, lang)]
    return printable(
        "\n".join(lines).rstrip() + "\n"
    )  # no file name's bytes reach the terminal raw


def total_line(report: Report, lang: str = "zh") -> str:
    """The last line of a folder's report: what all the workbooks hold and what was found."""
    tables = sum(r.summary.tables for r in report.files)
    rows = sum(r.summary.indicators for r in report.files)
    found = report.unsorted()  # counted, not listed: no need to sort
    errors, warnings, infos = (count(found, s) for s in Severity)
    unusable = sum(r.unusable for r in report.files)
    if lang == "en":
        line = f"Total: {len(report.files)} workbooks, {tables} tables, {rows} indicators, "
        line += f"{errors} errors, {warnings} warnings"
        line += f", {infos} notes" if infos else ""
        return line + (f"; {unusable} could not be used" if unusable else "")
    line = f"合计：{len(report.files)} 个工作簿，{tables} 张表，{rows} 个指标，"
    line += f"{errors} 个错误，{warnings} 个警告" + (f"，{infos} 条提示" if infos else "")
    return line + (f"；{unusable} 个无法使用" if unusable else "")


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
    return item.severity.label(lang)


def _line(item: Finding, lang: str) -> str:
    where = "!".join(p for p in (item.at.sheet, item.at.cell) if p) or printable(
        Path(item.at.file).name
    )
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
