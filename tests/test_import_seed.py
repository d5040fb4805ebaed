"""Importing the published seed text gives the example departments, with an honest log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from support.same_tables import assert_same_tables, import_log

from xlgoals.reading.tables import read_workbook

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed.txt"
EXAMPLES = ROOT / "examples" / "departments"
NAMES = ("东湖区人社局", "东湖区文广新旅局")


def _run(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from xlgoals.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    done = _run("import", str(SEED), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # diagnostics go to stderr
    return out


def test_one_workbook_per_department(imported: Path) -> None:
    assert sorted(p.name for p in imported.glob("*.xlsx")) == sorted(f"{n}.xlsx" for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_tables_equal_the_examples(imported: Path, name: str) -> None:
    assert_same_tables(imported / f"{name}.xlsx", EXAMPLES / f"{name}.xlsx")


def test_all_162_indicators(imported: Path) -> None:
    counts = [len(read_workbook(imported / f"{n}.xlsx").indicators) for n in NAMES]
    assert counts == [97, 65]


def test_log_tells_what_was_changed(imported: Path) -> None:
    log = import_log(imported / "东湖区人社局.xlsx")
    codes = [row["代码"] for row in log]
    moved = [row for row in log if row["代码"] == "XG130"]
    assert [row["原位置"] for row in moved] == ["第107行第2栏"]
    assert moved[0]["原文"] == "创业孵化基地示范和辐射作用情况"
    assert moved[0]["写入位置"].startswith("部门整体!A")
    joined = next(row for row in log if row["代码"] == "XG131")
    assert "流动人员满意度" in joined["说明"] and "=100%" in joined["说明"]
    debris = [row["原位置"] for row in log if row["代码"] == "XG132"]
    assert "第118行第1栏" in debris and "第121行第1栏" in debris  # the `--` page-break rows
    assert "第92行第4栏" in debris  # $\geq 100\%$
    assert codes.count("XG135") == 1  # 年度总体目标 continued after the page break
    approximate = next(row for row in log if row["原文"] == "5.5%左右")
    assert approximate["代码"] == "XG136" and approximate["写入位置"].startswith("项目1!")
    assert "XG138" in codes and "XG137" in codes  # 750元 without comparator; 有所提升 → 定性
    assert "XG133" not in codes  # every line of the seed was placed


def test_shifted_rows_of_the_second_department(imported: Path) -> None:
    log = import_log(imported / "东湖区文广新旅局.xlsx")
    moved = {row["原位置"]: row["原文"] for row in log if row["代码"] == "XG130"}
    assert moved == {
        "第197行第2栏": "文旅法律法规体系建设法律知晓率",
        "第198行第2栏": "年度全部工作完成及时率",
    }


def test_outputs_validate_and_merge(imported: Path, tmp_path: Path) -> None:
    validated = _run("validate", str(imported), "--format", "json")
    expected = _run("validate", str(EXAMPLES), "--format", "json")
    assert validated.returncode == expected.returncode == 1  # the seed's own mistakes
    strip = [(f["code"], f["sheet"], f["cell"]) for f in __import__("json").loads(validated.stdout)]
    theirs = [(f["code"], f["sheet"], f["cell"]) for f in __import__("json").loads(expected.stdout)]
    assert sorted(strip) == sorted(theirs)
    merged = _run("merge", str(imported), "-o", str(tmp_path / "区.xlsx"), "-q")
    assert merged.returncode == 0, merged.stderr
    details = openpyxl.load_workbook(tmp_path / "区.xlsx", read_only=True)["指标明细"]
    assert sum(1 for row in details.iter_rows(min_row=2, values_only=True) if row[5]) == 162


def test_exit_codes(tmp_path: Path) -> None:
    missing = _run("import", str(tmp_path / "none.txt"), "-o", str(tmp_path / "out"))
    assert missing.returncode == 2
    stray = tmp_path / "stray.txt"
    stray.write_text(SEED.read_text(encoding="utf-8") + "\n一行无法归入的说明文字\n", "utf-8")
    done = _run("import", str(stray), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    log = import_log(tmp_path / "out" / "东湖区文广新旅局.xlsx")
    unplaced = [row for row in log if row["代码"] == "XG133"]
    assert [row["原文"] for row in unplaced] == ["一行无法归入的说明文字"]
