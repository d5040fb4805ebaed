from __future__ import annotations

from pathlib import Path

import typer

from xlgoals.cli import app, err, output_file, require_xlsx

#: the file `-o FOLDER/` writes
TEMPLATE_NAME = "绩效目标表模板.xlsx"


@app.command("template", short_help="写出空白标准模板 / write the blank template")
def template_command(
    output: Path = typer.Option(
        ..., "-o", "--output", help="模板保存到哪个文件或文件夹 / output .xlsx or folder"
    ),
) -> None:
    """写出空白标准模板（write the blank standard template）。"""
    from xlgoals.write.template import write_template  # openpyxl: only when a template is made

    output = output_file(output, TEMPLATE_NAME)
    require_xlsx(output, "模板", "The template")
    path = write_template(output)
    err(f"已写出模板：{path} / wrote the template {path}")
