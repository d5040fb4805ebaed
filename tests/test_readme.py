"""The README keeps its promises: the catalogue it lists and the commands it opens with."""

from __future__ import annotations

import re
from pathlib import Path

from xlgoals.problems.catalogue import markdown

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_lists_the_catalogue():
    assert markdown() in README


def test_readme_opens_with_the_two_setup_commands():
    head = README.split("## ", 1)[0]
    assert "pip install . && xlgoals merge examples/departments -o 东湖区汇总.xlsx" in head
    assert "bash .ci/run" in head
    ci = Path(__file__).resolve().parents[1] / ".ci"
    assert "python3 -m pytest" in (ci / "run").read_text(encoding="utf-8")
    # the first command holds for an install from the wheel: CI runs it from one
    assert "bash .ci/wheel-check" in (ci / "run").read_text(encoding="utf-8")
    wheel_check = (ci / "wheel-check").read_text(encoding="utf-8")
    assert '"$bin/xlgoals" merge examples/departments -o' in wheel_check


TESTS = Path(__file__).resolve().parent


def _bad_input_rows() -> list[str]:
    section = README.split("## What xlgoals does with bad input", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and "`" in line]


def _exists(test: str, last_file: str) -> bool:
    """`[case]`: a case of test_bad_input.test_case; `file.py::name`, `::name` or `name`: a test
    (in the file named last, else test_bad_input.py)."""
    if test.startswith("["):
        return f'"{test[1:-1]}"' in (TESTS / "support" / "bad_inputs.py").read_text(
            encoding="utf-8"
        )
    source = (TESTS / last_file).read_text(encoding="utf-8")
    return f"def {test.rpartition('::')[2]}(" in source


def test_every_bad_input_row_names_tests_that_exist():
    rows = _bad_input_rows()
    assert len(rows) >= 30
    for row in rows:
        tests = re.findall(r"`([^`]+)`", row.rstrip(" |").rsplit("|", 1)[-1])
        assert tests, row
        last_file = "test_bad_input.py"
        for test in tests:
            if "::" in test and not test.startswith("::"):
                last_file = Path(test.split("::")[0]).name
            assert _exists(test, last_file), (test, row)
