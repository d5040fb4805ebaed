from __future__ import annotations

from pathlib import Path

import typer

from . import LANG_OPTION, Format, Lang, app, err


@app.command("validate")
def validate_command(
    paths: list[Path] = typer.Argument(..., help="工作簿文件或文件夹 / workbooks or folders"),
    format: Format = typer.Option(Format.text, "--format", help="输出格式 / output: text, json"),
    lang: Lang = LANG_OPTION,
) -> None:
    """检查绩效目标表，逐个单元格列出问题（check workbooks cell by cell）。

    退出码 / exit code: 0 没有错误 no errors, 1 发现错误 errors found,
    2 文件无法使用 unusable input.
    """
    from ..report import render_text
    from ..validation import validate

    report = validate(paths)
    if format is Format.json:
        print(report.to_json(lang.value))
    else:
        print(render_text(report, lang.value), end="")
    if not report.files:
        err("没有找到可检查的工作簿 / no workbook found")
        raise typer.Exit(2)
    raise typer.Exit(report.exit_code)
