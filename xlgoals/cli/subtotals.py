"""`xlgoals subtotals FILE -o OUT.xlsx`: the computed totals written into a copy."""

from __future__ import annotations

from pathlib import Path

import typer

from xlgoals.cli.app import LANG_OPTION, Format, Lang, app, err, output_file
from xlgoals.problems.render import render_text
from xlgoals.problems.report import FileReport, Report


@app.command("subtotals", short_help="把合计写成公式存入副本 / totals as formulas, in a copy")
def subtotals_command(
    file: Path = typer.Argument(
        ..., readable=False, help="部门报送的工作簿 / a department workbook"
    ),
    output: Path = typer.Option(
        ..., "-o", "--output", help="写出的副本（文件或文件夹）/ the copy to write, or its folder"
    ),
    format: Format = typer.Option(Format.text, "--format", help="输出格式 / output: text, json"),
    lang: Lang = LANG_OPTION,
) -> None:
    """把合计写成公式（带计算值）存入副本，并列出与公布数不一致的合计。

    Writes the totals as formulas (with their values) into a copy and reports the totals that
    differ from the published ones. 原文件不会被修改 / the input is never changed.

    退出码 / exit code: 0 没有错误 no errors, 1 发现错误 errors found, 2 文件无法使用 unusable.
    """
    if not file.is_file():
        err(f"找不到文件 / no such file: {file}")
        raise typer.Exit(2)
    output = output_file(output, f"{file.stem}_合计{file.suffix}")
    from xlgoals.write.subtotals import write_subtotals

    try:
        result = write_subtotals(file, output)
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(2) from None
    report = Report(files=[FileReport(str(file), result.submission, result.findings)])
    if format is Format.json:
        print(report.to_json(lang.value))
    else:
        print(render_text(report, lang.value), end="")
    if result.output is None:
        err("未写出副本：文件中没有可读的表 / no copy written: no table could be read")
    else:
        count = len(result.written)
        err(
            f"已写出 {result.output}：{count} 个合计写为公式"
            f" / wrote {result.output}: {count} totals as formulas"
        )
    raise typer.Exit(result.exit_code)
