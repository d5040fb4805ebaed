from __future__ import annotations

from pathlib import Path

import typer

from xlgoals.cli.app import app, err

addin_app = typer.Typer(
    help="Excel 加载项（add-in）：构建带“绩效目标”选项卡的 .xlam 和 .xlsm。",
    no_args_is_help=True,
)
app.add_typer(addin_app, name="addin", short_help="构建 Excel 加载项 / build the Excel add-in")


@addin_app.command("build", short_help="构建 .xlam 和 .xlsm，无需 Excel / build them without Excel")
def build_command(
    output: Path = typer.Option(
        Path("dist"),
        "-o",
        "--output",
        help="输出文件夹，或一个 .xlam / .xlsm 文件名 / output folder, or one .xlam or .xlsm file",
    ),
    template: Path | None = typer.Option(
        None, "--template", help="作为 .xlsm 底稿的模板 / template for the .xlsm"
    ),
) -> None:
    """构建 xlgoals.xlam 和 xlgoals.xlsm，无需 Excel（build the add-in without Excel)."""
    from xlgoals.addin.build import TemplateNotFound, build

    try:
        written = build(output, template)
    except TemplateNotFound as exc:
        err(str(exc))
        raise typer.Exit(2) from exc
    for path in written:
        err(f"已生成{'加载项' if path.suffix.lower() == '.xlam' else '宏模板'}：{path}")
