from __future__ import annotations

from pathlib import Path

import typer

from xlgoals.cli.app import JOBS_OPTION, LANG_OPTION, Format, Lang, app, err, processes
from xlgoals.problems.render import render_text
from xlgoals.problems.report import Report
from xlgoals.validation import validate


@app.command("validate", short_help="逐格检查绩效目标表 / check workbooks cell by cell")
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
        help="把标注了问题的副本写到此文件或文件夹（限一个工作簿）/ write a marked-up copy",
    ),
    jobs: int = JOBS_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度 / no progress bar"),
) -> None:
    """检查绩效目标表，逐个单元格列出问题（check workbooks cell by cell）。

    退出码 / exit code: 0 没有错误 no errors, 1 发现错误 errors found,
    2 文件无法使用 unusable input.
    """
    if annotate:
        report = _annotated(paths, annotate, lang.value)
    else:
        progress = False if quiet else None
        report = validate(
            paths, previous or None, jobs=processes(jobs), progress=progress, tables=False
        )
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
    from xlgoals.reading.safety import SourceError
    from xlgoals.write.annotate import annotate

    if len(paths) != 1 or not paths[0].is_file():
        err("--annotate 只能用于一个工作簿文件 / --annotate takes exactly one workbook file")
        raise typer.Exit(2)
    source = paths[0]
    if output.is_dir():  # a name without a suffix is told, not taken for a folder
        output = output / f"{source.stem}_问题标注{source.suffix}"
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        err(
            f"--annotate 的标注副本要写到 .xlsx 文件，“{output}”不是：请写成如 {output.stem}.xlsx，"
            f"或写一个已有的文件夹 / --annotate writes the marked-up copy to an .xlsx file, and "
            f"{output} is none: give a name such as {output.stem}.xlsx, or an existing folder"
        )
        raise typer.Exit(2)
    try:
        file_report = annotate(source, output, lang)
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(2) from exc
    except SourceError:
        return validate(paths)  # the report says why the file cannot be read
    marked = len({(f.at.sheet, f.at.cell) for f in file_report.findings if f.at.sheet})
    err(f"已写出标注副本 {output}：{marked} 处标注，问题清单在第一个工作表"
        f" / wrote the marked-up copy {output}: {marked} cells marked, 问题清单 first")  # fmt: skip
    return Report(files=[file_report])
