from __future__ import annotations

from pathlib import Path

import typer

from xlgoals.cli.app import LANG_OPTION, Format, Lang, app, err
from xlgoals.problems.render import render_text
from xlgoals.problems.report import Report
from xlgoals.read.safety import SourceError
from xlgoals.validation import validate
from xlgoals.write.annotate import annotate


@app.command("validate")
def validate_command(
    paths: list[Path] = typer.Argument(
        ..., readable=False, help="工作簿文件或文件夹 / workbooks or folders"
    ),
    format: Format = typer.Option(Format.text, "--format", help="输出格式 / output: text, json"),
    lang: Lang = LANG_OPTION,
    previous: list[Path] | None = typer.Option(
        None,
        "--previous",
        help="上年的汇总表或工作簿，指标值低于上年实际或上年目标时提示 / last year's files",
    ),
    annotate: Path | None = typer.Option(
        None,
        "--annotate",
        help="把标注了问题的副本写到此文件（限一个工作簿）/ write a marked-up copy",
    ),
) -> None:
    """检查绩效目标表，逐个单元格列出问题（check workbooks cell by cell）。

    退出码 / exit code: 0 没有错误 no errors, 1 发现错误 errors found,
    2 文件无法使用 unusable input.
    """
    if annotate:
        report = _annotated(paths, annotate, lang.value)
    else:
        report = validate(paths, previous=previous or None)
    if format is Format.json:
        print(report.to_json(lang.value))
    else:
        print(render_text(report, lang.value), end="")
    if not report.files:
        err("没有找到可检查的工作簿 / no workbook found")
        raise typer.Exit(2)
    raise typer.Exit(report.exit_code)


def _annotated(paths: list[Path], output: Path, lang: str):
    """Validate one workbook and write its marked-up copy (`--annotate`)."""
    if len(paths) != 1 or not paths[0].is_file():
        err("--annotate 只能用于一个工作簿文件 / --annotate takes exactly one workbook file")
        raise typer.Exit(2)
    try:
        file_report = annotate(paths[0], output, lang)
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(2) from exc
    except SourceError:
        return validate(paths)  # the report says why the file cannot be read
    return Report(files=[file_report])
