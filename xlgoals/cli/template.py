from __future__ import annotations

from pathlib import Path

import typer

from xlgoals.cli.app import app, err


@app.command("template")
def template_command(
    output: Path = typer.Option(..., "-o", "--output", help="模板保存到哪个文件 / output .xlsx"),
) -> None:
    """写出空白标准模板（write the blank standard template）。"""
    from xlgoals.write.template import write_template  # openpyxl: only when a template is made

    if output.suffix.lower() != ".xlsx":
        err("模板必须保存为 .xlsx 文件 / the template must be an .xlsx file")
        raise typer.Exit(2)
    path = write_template(output)
    err(f"已写出模板：{path}")
