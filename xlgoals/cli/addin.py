from __future__ import annotations

from pathlib import Path

import typer

from xlgoals.addin import build
from xlgoals.cli.app import app, err

addin_app = typer.Typer(
    help="Excel 加载项（add-in）：构建带“绩效目标”选项卡的 .xlam 和 .xlsm。",
    no_args_is_help=True,
)
app.add_typer(addin_app, name="addin")


@addin_app.command("build")
def build_command(
    output: Path = typer.Option(Path("dist"), "-o", "--output", help="输出文件夹 / output folder"),
    template: Path | None = typer.Option(
        None, "--template", help="作为 .xlsm 底稿的模板 / template for the .xlsm"
    ),
) -> None:
    """由 macros/ 的源代码构建 xlgoals.xlam 和 xlgoals.xlsm，无需 Excel（build the add-in)."""
    if output.suffix.lower() in (".xlam", ".xlsm"):
        output = output.parent  # `-o dist/xlgoals.xlam` names the folder it goes in
    xlam, xlsm = build(output, template)
    err(f"已生成加载项：{xlam}")
    err(f"已生成宏模板：{xlsm}")
