"""The README keeps its promises: the catalogue it lists and the commands it opens with."""

from __future__ import annotations

from pathlib import Path

from xlgoals.catalogue import markdown

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_lists_the_catalogue():
    assert markdown() in README


def test_readme_opens_with_the_two_setup_commands():
    head = README.split("## ", 1)[0]
    assert "pip install -e . && xlgoals merge examples/departments" in head
    assert "bash .ci/run" in head
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m pytest" in ci
