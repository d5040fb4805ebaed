"""Traditional characters, and the pinyin glosses some sites insert (`監(jiān)測`), read as
simplified text, through OpenCC (imported only when a sheet needs it)."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import Any

from xlgoals.problems.findings import Finding, Where, finding
from xlgoals.reading.grid import Grid

#: a gloss: lower-case pinyin with a tone mark, in brackets, right after a Chinese character
_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（]\s*[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]*\s*[)）]"
)
#: distinct characters OpenCC changes before a sheet counts as written in traditional ones
_ENOUGH = 3


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc  # lazily: most sheets are simplified

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """`項(xiàng)目績效` → 项目绩效."""
    return _converter().convert(_GLOSS.sub("", text))


def _labels(grid: Grid) -> str:
    """The sheet's short cells (labels, headers, level names): they give the script away."""
    return "".join([v for row in grid.rows for v in row if v.__class__ is str and len(v) <= 16])


def simplified(grid: Grid) -> tuple[Grid, list[Finding]]:
    """The grid with its text simplified when it is written in traditional characters (or
    carries glosses), and the one finding that says so; else the grid itself."""
    sample = _labels(grid)
    glosses = any(
        _GLOSS.search(v) for row in grid.rows for v in row if v.__class__ is str and "(" in v
    )
    converted = _converter().convert(sample) if sample else sample
    if converted == sample and not glosses:
        return grid, []  # simplified already: the usual case
    changed = {a for a, b in zip(sample, converted, strict=False) if a != b}
    if len(changed) < _ENOUGH and not glosses:
        return grid, []
    rows = [[to_simplified(v) if isinstance(v, str) else v for v in row] for row in grid.rows]
    at = Where(file=grid.file, sheet=grid.sheet)
    note = "（含拼音注音，已删除）" if glosses else ""
    noted = finding(
        "XG119", at, glosses=note, glosses_en=" (with pinyin glosses, removed)" if glosses else ""
    )
    return replace(grid, rows=rows), [noted]
