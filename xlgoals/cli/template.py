from __future__ import annotations

from pathlib import Path

import typer

from xlgoals.cli.app import app, err


@app.command("template")
def template_command(
    output: Path = typer.Option(
        ..., "-o", "--output", help="保存到哪个 .xlsx 文件或文件夹 / output .xlsx file or folder"
    ),
) -> None:
    """写出空白标准模板（write the blank standard template）。"""
    from xlgoals.data import TEMPLATE_NAME
    from xlgoals.write.template import write_template  # openpyxl: only when a template is made

    if output.is_dir() or not output.suffix:
        output = output / TEMPLATE_NAME
    elif output.suffix.lower() != ".xlsx":
        err("模板必须保存为 .xlsx 文件 / the template must be an .xlsx file")
        raise typer.Exit(2)
    path = write_template(output)
    err(f"已写出模板：{path}")
