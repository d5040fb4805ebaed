from __future__ import annotations

from pathlib import Path

import typer

from xlgoals.cli.app import app, err, output_file, require_xlsx


@app.command("template", short_help="写出空白标准模板 / write the blank template")
def template_command(
    output: Path = typer.Option(
        ..., "-o", "--output", help="保存到哪个 .xlsx 文件或文件夹 / output .xlsx file or folder"
    ),
    self_evaluation: bool = typer.Option(
        False, "--self-evaluation", help="写出绩效自评表模板 / the year-end 自评 form"
    ),
    source: Path | None = typer.Option(
        None,
        "--from",
        help="把这份绩效目标表转为自评表（指标值已填）/ a target workbook to turn",
    ),
) -> None:
    """写出空白标准模板，或绩效自评表（write the standard template, or its 自评 form）。"""
    from xlgoals.data import SELF_TEMPLATE_NAME, TEMPLATE_NAME

    output = output_file(output, SELF_TEMPLATE_NAME if self_evaluation or source else TEMPLATE_NAME)
    require_xlsx(output, "模板", "The template")
    if source is not None:
        _from_targets(source, output)
        return
    if self_evaluation:
        from xlgoals.write.self_evaluation import write_self_evaluation

        path = write_self_evaluation(output)
        err(f"已写出绩效自评表模板：{path} / wrote the 自评 template {path}")
        return
    from xlgoals.write.template import write_template  # openpyxl: only when a template is made

    path = write_template(output)
    err(f"已写出模板：{path} / wrote the template {path}")


def _from_targets(source: Path, output: Path) -> None:
    from xlgoals.reading.tables import read_workbook
    from xlgoals.write.common import refuse_overwrite
    from xlgoals.write.self_evaluation import write_self_evaluation_from

    try:
        refuse_overwrite(output, [source])
    except ValueError as exc:
        err(str(exc))
        raise typer.Exit(2) from exc
    submission = read_workbook(source)
    if not submission.tables:
        err(f"{source}：未找到绩效目标表 / no target table found")
        raise typer.Exit(2)
    path = write_self_evaluation_from(submission.tables, output)
    err(f"已写出绩效自评表：{path}（{len(submission.tables)} 张表，指标值已填）")
