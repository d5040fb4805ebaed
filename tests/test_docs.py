"""The documentation site keeps its promises: it builds with every link and anchor resolved,
its pages list the catalogue and name tests that exist, its pictures are made by its script."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from xlgoals.problems.catalogue import markdown

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TESTS = Path(__file__).resolve().parent


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_codes_page_lists_the_catalogue():
    assert markdown() in _page("reference/codes.md")


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs not installed")
def test_the_site_builds_strictly(tmp_path):
    """A broken link, a missing anchor or a page left out of the navigation fails the build."""
    mkdocs = shutil.which("mkdocs") or sys.executable
    command = [mkdocs] if mkdocs != sys.executable else [sys.executable, "-m", "mkdocs"]
    built = subprocess.run(
        [*command, "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "clerks" / "template" / "index.html").is_file()
    assert (tmp_path / "site" / "images" / "annotated.png").is_file()


def test_every_picture_is_made_by_the_script():
    """docs/images holds only what docs/pictures.py renders from real outputs, each used."""
    source = _page("pictures.py")
    names = set(re.findall(r'^    "([a-z-]+)": [a-z_]+,$', source, re.M))
    assert {p.stem for p in (DOCS / "images").glob("*.png")} == names
    used = " ".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    assert all(f"images/{name}.png" in used for name in names)


def _bad_input_rows() -> list[str]:
    section = _page("reference/bad-input.md")
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
