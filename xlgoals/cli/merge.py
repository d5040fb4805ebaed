from __future__ import annotations

from pathlib import Path

import typer

from . import app, err


@app.command("merge")
def merge_command(
    paths: list[Path] = typer.Argument(..., help="部门工作簿文件或文件夹 / workbooks or folders"),
    output: Path = typer.Option(..., "-o", "--output", help="汇总表保存到哪个文件 / output .xlsx"),
    jobs: int = typer.Option(
        1,
        "--jobs",
        "-j",
        min=1,
        help="读取用的进程数（含本进程）/ processes reading, this one included",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度 / no progress bar"),
) -> None:
    """把各部门的绩效目标表汇总成一个区级工作簿（consolidate department workbooks）。

    退出码 / exit code: 0 已汇总 merged (problems are listed in 问题清单),
    2 没有可用的文件或参数错误 nothing usable or bad arguments.
    """
    from ..consolidation import merge_files
    from ..consolidation_writer import write_consolidation
    from ..validation import collect
    from ..writing import refuse_overwrite

    if output.suffix.lower() != ".xlsx":
        err("汇总表必须保存为 .xlsx 文件 / the output must be an .xlsx file")
        raise typer.Exit(2)
    files, skipped = collect(paths)
    try:
        refuse_overwrite(output, files)
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(2) from exc
    result = merge_files(files, skipped, jobs=jobs, progress=False if quiet else None)
    if not result.usable:
        for item in result.findings:
            err(f"[{item.severity.label_zh}] {item.code} {item.at}：{item.message()}")
        err("没有可汇总的工作簿 / nothing usable to merge")
        raise typer.Exit(2)
    path = write_consolidation(result, output)
    submissions = result.submissions
    projects = sum(len(s.project_tables) for s in submissions)
    indicators = sum(len(s.indicators) for s in submissions)
    unread = len(result.reports) - len(submissions)
    err(
        f"已汇总 {len(submissions)} 个工作簿、{projects} 个项目、{indicators} 行指标；"
        f"问题 {len(result.findings)} 个，未能读取 {unread} 个文件，跳过 {len(result.general)} 个"
        f" → {path}"
    )
