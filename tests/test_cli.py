"""The command line for a newcomer: the version, help that reads whole, outputs named by a
folder, messages about the output, and a total line for a folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xlgoals import __version__

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "departments"
PEOPLE = EXAMPLES / "东湖区人社局.xlsx"
COMMANDS = ("import", "merge", "subtotals", "template", "validate", "addin")


def cut(help_text: str) -> list[str]:
    """Lines click cut short with `...` (the usage line's `...` says an argument repeats)."""
    lines = help_text.splitlines()
    return [line for line in lines if line.rstrip().endswith("...") and "Usage:" not in line]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from xlgoals.cli import main; main()", *args]
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


def test_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"xlgoals {__version__}")


def test_help_lists_every_command_without_cutting_a_sentence() -> None:
    result = run("--help")
    assert result.returncode == 0 and "--version" in result.stdout
    listed = {line.split()[0]: line for line in result.stdout.splitlines() if line[:2] == "  "}
    for command in COMMANDS:
        assert " / " in listed[command], command  # Chinese and English, both whole
    assert cut(result.stdout) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_each_commands_help_reads_whole(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0 and cut(result.stdout) == []


def test_annotate_without_extension_is_told_about_the_output(tmp_path: Path) -> None:
    result = run("validate", str(PEOPLE), "--annotate", "退回", cwd=tmp_path)
    assert result.returncode == 2
    assert "“退回”不是" in result.stderr and "退回.xlsx" in result.stderr  # the output, in zh
    assert "marked-up copy" in result.stderr and "退回 is none" in result.stderr  # and in en
    assert PEOPLE.name not in result.stderr  # not a word about the input
    assert list(tmp_path.iterdir()) == []


def test_annotate_into_a_folder_names_the_copy_and_says_so(tmp_path: Path) -> None:
    result = run("validate", str(PEOPLE), "--annotate", str(tmp_path))
    copy = tmp_path / "东湖区人社局_问题标注.xlsx"
    assert result.returncode == 1 and copy.is_file()
    assert f"已写出标注副本 {copy}" in result.stderr and "wrote the marked-up copy" in result.stderr


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("template",), "绩效目标表模板.xlsx"),
        (("merge", "-q", str(EXAMPLES)), "绩效目标汇总.xlsx"),
        (("subtotals", str(PEOPLE)), "东湖区人社局_合计.xlsx"),
    ],
)
def test_output_naming_a_folder_writes_a_well_named_file_in_it(
    args: tuple[str, ...], name: str, tmp_path: Path
) -> None:
    result = run(*args, "-o", str(tmp_path))
    assert result.returncode in (0, 1), result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert str(tmp_path / name) in result.stderr  # every write says what it wrote


def test_output_without_a_suffix_is_a_folder_to_make(tmp_path: Path) -> None:
    result = run("merge", "-q", str(EXAMPLES), "-o", "汇总", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "汇总" / "绩效目标汇总.xlsx").is_file()


def test_output_of_another_kind_is_refused_in_both_languages(tmp_path: Path) -> None:
    result = run("template", "-o", "模板.xls", cwd=tmp_path)
    assert result.returncode == 2
    assert "“模板.xls”不是" in result.stderr and "模板.xlsx" in result.stderr
    assert "The template is written to an .xlsx file" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_validate_on_a_folder_ends_with_a_total_line() -> None:
    zh = run("validate", str(EXAMPLES)).stdout.rstrip().splitlines()
    assert zh[-1] == "合计：2 个工作簿，4 张表，162 个指标，9 个错误，56 个警告"
    en = run("validate", str(EXAMPLES), "--lang", "en").stdout.rstrip().splitlines()
    assert en[-1] == "Total: 2 workbooks, 4 tables, 162 indicators, 9 errors, 56 warnings"
    one = run("validate", str(PEOPLE)).stdout
    assert "合计：" not in one  # one workbook: its own summary line says it all
