"""`xlgoals import PATH… -o DIR`: other layouts into standard template workbooks."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from xlgoals.cli.app import LANG_OPTION, Lang, app, err


def _expand(paths: list[Path], out_dir: Path) -> list[Path]:
    """Files as given; folders give their text files and workbooks (not lock files, not the
    output folder's own workbooks). What is no regular file (a pipe, a link that loops) is
    given too: reading it says what it is."""
    from xlgoals.importing.docx import DOCX_SUFFIXES
    from xlgoals.importing.text import TEXT_SUFFIXES
    from xlgoals.reading.safety import EXCEL_SUFFIXES, is_lock_file

    found: list[Path] = []
    out = os.path.realpath(out_dir)
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for child in sorted(path.rglob("*")):
            suffix = child.suffix.lower()
            inside_out = os.path.realpath(child).startswith(out + os.sep)  # never raises
            usable = suffix in TEXT_SUFFIXES or suffix in EXCEL_SUFFIXES or suffix in DOCX_SUFFIXES
            if usable and not child.is_dir() and not is_lock_file(child) and not inside_out:
                found.append(child)
    return found


@app.command("import", short_help="把其他格式转为标准模板 / import other layouts")
def import_command(
    paths: list[Path] = typer.Argument(
        ..., readable=False, help="文本、旧版工作簿或文件夹 / inputs"
    ),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件夹 / output folder"),
    lang: Lang = LANG_OPTION,
) -> None:
    """把公开文本、Word 文档或旧格式工作簿转换为标准模板，每个部门一个工作簿，附“导入记录”。

    Converts published text (like the seed), Word documents (.docx) and older workbooks into
    standard template workbooks, one per department, each with an 导入记录 sheet listing every
    repair.

    退出码 / exit code: 0 已导入 imported, 1 有内容需要人工核对或有文件未能读取 something needs
    a reviewer (unplaced content, unreadable input), 2 没有可导入的内容 nothing imported.
    """
    if output.exists() and not output.is_dir():
        err("-o 必须是文件夹 / -o must be a folder")
        raise typer.Exit(2)
    from xlgoals.importing import import_paths  # openpyxl: only when something is imported

    files = _expand(paths, output)
    try:
        result = import_paths(files, output)
    except ValueError as exc:  # the output would replace an input
        err(str(exc))
        raise typer.Exit(2) from exc
    for item in result.failures:
        err(
            f"[{item.severity.label(lang.value)}] {item.code} {item.at}：{item.message(lang.value)}"
        )
    for department in result.departments:
        counts: dict[str, int] = {}
        for entry in department.entries:
            counts[entry.finding.severity.value] = counts.get(entry.finding.severity.value, 0) + 1
        indicators = sum(len(t.indicators) for t in department.tables)
        err(
            f"{department.name}：{len(department.tables)} 张表、{indicators} 个指标，"
            f"导入记录 {len(department.entries)} 条（需核对 {counts.get('warning', 0)}"
            f" 条，错误 {counts.get('error', 0)} 条）→ {department.path}"
        )
    if not result.departments:
        err("没有可导入的表 / nothing to import")
    raise typer.Exit(result.exit_code)
