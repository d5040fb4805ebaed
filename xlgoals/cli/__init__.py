"""The `xlgoals` command line: a thin layer that renders what the library returns.

Each command lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

import sys
from enum import Enum

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


def err(message: str) -> None:
    """Diagnostics go to stderr, never stdout."""
    print(message, file=sys.stderr)


def main() -> None:
    from . import addin, importing, merge, subtotals, template, validate  # noqa: F401

    app()
