"""The command line's application, the options every command shares, and its diagnostics."""

from __future__ import annotations

import errno
import os
import sys
from enum import Enum
from pathlib import Path

import typer

app = typer.Typer(
    name="xlgoals",
    help=(
        "绩效目标表工具：检查、合计、汇总部门报送的 Excel 绩效目标表。\n\n"
        "xlgoals checks, totals and consolidates budget performance-target tables "
        "(绩效目标表) in Excel workbooks."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Format(str, Enum):
    text = "text"
    json = "json"


LANG_OPTION = typer.Option(Lang.zh, "--lang", help="说明文字的语言 / message language: zh, en")
JOBS_OPTION = typer.Option(
    0,
    "--jobs",
    "-j",
    min=0,
    help="读取用的进程数（含本进程），0 为全部核心 / processes reading, 0: all cores",
)


def processes(jobs: int) -> int:
    """`--jobs`: 0 is every core."""
    return jobs or os.cpu_count() or 1


def err(message: str) -> None:
    """Diagnostics go to stderr, never stdout; no file name's bytes reach the terminal raw."""
    from xlgoals.problems.shown import printable

    print(printable(message), file=sys.stderr)


def cannot_write(exc: OSError) -> str:
    """A write that failed (a full disk, a folder without write permission), in words a clerk
    understands. Outputs are written to a temporary file and moved into place, so nothing was
    half-written and an earlier file of that name is as it was."""
    reasons = {
        errno.ENOSPC: "磁盘空间不足 / the disk is full",
        errno.EFBIG: "文件超过允许的大小 / the file is larger than allowed",
        errno.EACCES: "没有写入该文件夹的权限 / no permission to write there",
        errno.EPERM: "没有写入该文件夹的权限 / no permission to write there",
        errno.EROFS: "该位置只读 / the location is read-only",
        errno.ENAMETOOLONG: "文件名太长，超过文件系统允许的长度 / the file name is too long",
        errno.ENOTDIR: "路径中有同名的文件而不是文件夹 / part of the path is a file, not a folder",
        errno.EEXIST: "已有同名的文件，不能建为文件夹 / a file of that name is in the way",
        errno.EISDIR: "该名称是一个文件夹 / that name is a folder",
    }
    reason = reasons.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__
    if not exc.filename:
        return f"无法写出：{reason} / cannot write: {reason}"
    path = Path(exc.filename)
    where = path.parent if path.name.startswith(".") else path  # a temporary file: its folder
    return f"无法写出 {where}：{reason}（该文件未写出，原有文件未改动）/ cannot write {where}"


def _print_version(value: bool) -> None:
    if value:
        from xlgoals import __version__

        print(f"xlgoals {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="显示版本并退出 / show the version and exit",
    ),
) -> None:
    pass


def output_file(output: Path, name: str) -> Path:
    """The file to write: `output`, or `name` inside it when `output` is a folder, or a name
    without a suffix (a folder to make: the write makes its parents)."""
    return output / name if output.is_dir() or not output.suffix else output


def require_xlsx(output: Path, what_zh: str, what_en: str) -> None:
    """Exit 2 unless `output` ends in .xlsx, saying so about the output, in both languages."""
    if output.suffix.lower() != ".xlsx":
        err(
            f"{what_zh}要写到 .xlsx 文件，“{output}”不是：请写成如 {output.stem or '输出'}.xlsx"
            f"，或写一个已有的文件夹 / {what_en} is written to an .xlsx file, and {output} is "
            f"none: give a name such as {output.stem or 'out'}.xlsx, or an existing folder"
        )
        raise typer.Exit(2)
