"""The README keeps its promises: the commands it opens with, and where it sends a newcomer."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands():
    head = README.split("## ", 1)[0]
    assert "pip install . && xlgoals merge examples/departments -o 东湖区汇总.xlsx" in head
    assert "bash .ci/run" in head
    ci = ROOT / ".ci"
    # with the hypothesis profile that cannot go red at random
    assert "CI=true python3 -m pytest" in (ci / "run").read_text(encoding="utf-8")
    # the first command holds for an install from the wheel: CI runs it from one
    assert "bash .ci/wheel-check" in (ci / "run").read_text(encoding="utf-8")
    wheel_check = (ci / "wheel-check").read_text(encoding="utf-8")
    assert '"$bin/xlgoals" merge examples/departments -o' in wheel_check


def test_the_first_commands_output_is_ignored_by_git():
    """A newcomer who runs the README's first command is not left with an untracked file."""
    output = re.search(r"xlgoals merge \S+ -o (\S+)", README.split("## ", 1)[0]).group(1)
    ignore = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert f"/{output}" in ignore.splitlines()


def test_readme_is_what_a_newcomer_needs():
    """What it is, the two commands, a picture, where to go next: the manual is the docs site."""
    assert len(README.splitlines()) <= 60
    pictures = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", README)
    assert pictures and all((ROOT / p).is_file() for p in pictures)
    links = [link for link in re.findall(r"\]\(([^)]+)\)", README) if link.startswith("docs/")]
    assert len(links) >= 10
    for link in links:
        assert (ROOT / link.split("#")[0]).is_file(), link
    for role in ("填报人员", "财政局", "信息技术人员"):
        assert role in README
