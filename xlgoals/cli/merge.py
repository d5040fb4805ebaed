from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from xlgoals.cli.app import JOBS_OPTION, app, err, output_file, processes, require_xlsx

if TYPE_CHECKING:
    from xlgoals.district.merge import Consolidation

#: the file `-o FOLDER/` writes
DISTRICT_NAME = "绩效目标汇总.xlsx"


@app.command("merge", short_help="汇总各部门的工作簿 / consolidate the departments")
def merge_command(
    paths: list[Path] = typer.Argument(
        ..., readable=False, help="部门工作簿文件或文件夹 / workbooks or folders"
    ),
    output: Path = typer.Option(
        ..., "-o", "--output", help="汇总表保存到哪个文件或文件夹 / output .xlsx or folder"
    ),
    jobs: int = JOBS_OPTION,
    also: list[str] = typer.Option(
        [],
        "--also",
        help="另存指标明细为 parquet 或 csv（可重复）/ also write 指标明细 as parquet or csv",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度 / no progress bar"),
    previous: list[Path] | None = typer.Option(
        None,
        "--previous",
        help="上年的汇总表或工作簿，指标值低于上年实际或上年目标时提示 / last year's files",
    ),
) -> None:
    """把各部门的绩效目标表汇总成一个区级工作簿（consolidate department workbooks）。

    退出码 / exit code: 0 已汇总 merged (problems are listed in 问题清单),
    2 没有可用的文件、参数错误或无法写出 nothing usable, bad arguments, or the output
    cannot be written.
    """
    # imported here, not for `xlgoals --help` or the other commands
    from xlgoals.district.exports import FORMATS, export_path
    from xlgoals.district.merge import merge_files
    from xlgoals.validation import collect
    from xlgoals.write.common import check_output_name, refuse_overwrite

    output = output_file(output, DISTRICT_NAME)
    require_xlsx(output, "汇总表", "The consolidation")

    unknown = [kind for kind in also if kind not in FORMATS]
    if unknown:
        err(f"--also 只能是 parquet 或 csv / --also takes parquet or csv, not {unknown[0]}")
        raise typer.Exit(2)
    for path in (output, *(export_path(output, kind) for kind in also)):
        check_output_name(path)  # before any file is read (an OSError: told by `cli.main`)
    files, skipped = collect(paths)
    try:
        refuse_overwrite(output, files)
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(2) from exc
    past = None
    if previous:
        from xlgoals.checks.previous import load_previous

        past = load_previous(previous)
    progress = False if quiet else None
    result = merge_files(files, skipped, jobs=processes(jobs), progress=progress, past=past)
    if not result.usable:
        for item in result.findings:
            err(f"[{item.severity.label()}] {item.code} {item.at}：{item.message()}")
        err("没有可汇总的工作簿 / nothing usable to merge")
        raise typer.Exit(2)
    written = _write(result, output, also, progress=False if quiet else None)
    usable = result.usable_files
    err(
        f"已汇总 {len(usable)} 个工作簿、{result.project_count} 个项目、"
        f"{result.indicator_count} 行指标；问题 {result.finding_count} 个，"
        f"未能读取 {len(result.files) - len(usable)} 个文件，跳过 {len(result.general)} 个"
        f" → {'、'.join(str(p) for p in written)}"
    )


def _write(
    result: Consolidation, output: Path, also: list[str], progress: bool | None
) -> list[Path]:
    """The workbook and any --also files (a write that fails is told by `cli.main`)."""
    from xlgoals.district.exports import MissingDependency, export_path, write_indicators
    from xlgoals.district.workbook import write_consolidation

    try:
        written = [write_consolidation(result, output, progress=progress)]
        for kind in dict.fromkeys(also):
            written.append(write_indicators(result, export_path(output, kind), kind))
    except MissingDependency as exc:
        err(str(exc))
        raise typer.Exit(2) from exc
    return written
