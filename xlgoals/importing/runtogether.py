"""Run-together text (OCR or PDF extraction: a table's cells with no boundaries), best effort.

A line that runs an indicator header together (`一级指标二级指标三级指标指标目标值产出指标数量指标
免费开放天数=300天质量指标…`) is cut into cells by what only those words can be: the header's
words, the framework's 一级 / 二级 names and targets that start with a comparator (`=300天`,
`≥95%`). An indicator row is kept only when a target closes it: a name whose target was
garbled or written in words cannot be told from the next name, so that text stays one cell,
which the reader leaves unplaced and the import log lists word for word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xlgoals.address import parse_a1
from xlgoals.importing.text import TEXT_SHEET
from xlgoals.model.framework import FRAMEWORK
from xlgoals.reading.columns import ROLE_SYNONYMS, column_role
from xlgoals.reading.grid import Grid

_HEADER_START = re.compile(r"一级指标.{0,8}?二级指标")
_TITLE = re.compile(
    r"^(.{0,40}?绩效(?:目标|自评)\S{0,4}?表\s*(?:[(（]?\s*\d{4}\s*年度?\s*[)）]?)?)"
)
_HEADER_WORDS = sorted(
    {w for words in ROLE_SYNONYMS.values() for w in words if len(w) >= 3 and "(" not in w},
    key=len,
    reverse=True,
)
_LEVELS = sorted(
    {*FRAMEWORK, *(l2 for l2s in FRAMEWORK.values() for l2 in l2s), "服务对象满意度"},
    key=len,
    reverse=True,
)
_LEVEL = re.compile("|".join(map(re.escape, _LEVELS)))
_TARGET = re.compile(r"[=≥≤<>≧≦]\s*\d+(?:\.\d+)?")
_UNIT_WORDS = ("百分比", "%", "‰")


@dataclass(frozen=True)
class Piece:
    """A cell cut from a line: its text and where it starts in the line."""

    text: str
    start: int


def split_line(line: str) -> list[list[Piece]] | None:
    """Rows of cells for a run-together line holding an indicator header; None otherwise."""
    if "\t" in line:
        return None
    match = _HEADER_START.search(line)
    if match is None:
        return None
    rows: list[list[Piece]] = []
    before = line[: match.start()]
    title = _TITLE.match(before)
    if title:
        rows.append([Piece(title.group(1).strip(), 0)])
        before = before[title.end() :]
    if before.strip():
        rows.append([Piece(before.strip(), match.start() - len(before))])
    header, at = _header(line, match.start())
    rows.append(header)
    if _plain(header):
        rows.extend(_indicator_rows(line, at))
    elif line[at:].strip():  # an explanation or score between name and target: not cut
        rows.append([Piece(line[at:].strip(), at)])
    return rows


def _plain(header: list[Piece]) -> bool:
    """A header whose indicator cells are 一级 / 二级 / name / target only, in that order: the
    only run-together rows whose cells can be told apart."""
    roles = [column_role(p.text) for p in header]
    return roles[-1:] == ["target"] and set(roles) <= {"level1", "level2", "name", "target"}


def _header(line: str, at: int) -> tuple[list[Piece], int]:
    cells: list[Piece] = []
    while True:
        word = next((w for w in _HEADER_WORDS if line.startswith(w, at)), None)
        if word is None:
            return cells, at
        cells.append(Piece(word, at))
        at += len(word)


def _indicator_rows(line: str, at: int) -> list[list[Piece]]:
    """[一级, 二级, name, target] rows, each closed by a target; what no target closes is one
    cell of its own."""
    rows: list[list[Piece]] = []
    row: list[Piece] = []
    name_start = at
    while at < len(line):
        level = _LEVEL.match(line, at)
        target = _TARGET.match(line, at)
        levels = sum(1 for piece in row if _LEVEL.fullmatch(piece.text))
        if level and not target and (at > name_start or levels < 2):
            if at > name_start:  # a name no target closed: it stays one cell, as written
                start = row[0].start if row else name_start
                rows.append([Piece(line[start:at].strip(), start)])
                row = []
            row.append(Piece(level.group(), at))
            at = name_start = level.end()
            continue
        if target:
            end = _unit_end(line, target.end())
            name = line[name_start:at].strip().rstrip("%")  # a 计量单位 `%` run into the name
            if name:
                row.append(Piece(name, name_start))
            row.append(Piece(line[at:end], at))
            rows.append(row)
            row, at, name_start = [], end, end
            continue
        at += 1
    rest = line[name_start:].strip()
    if row or rest:  # a row no target closed, and the text after the table: one cell
        start = row[0].start if row else name_start
        rows.append([Piece(line[start:].strip(), start)])
    return rows


def _unit_end(line: str, at: int) -> int:
    """The end of a target's unit: `%`, `百分比`, or up to three characters before the next
    一级 / 二级 name or target."""
    for word in _UNIT_WORDS:
        if line.startswith(word, at):
            return at + len(word)
    end = at
    while end < len(line) and end - at < 3 and "\u4e00" <= line[end] <= "\u9fff":
        if _LEVEL.match(line, end) or _TARGET.match(line, end):
            break
        end += 1
    return end


def split_text(raw: str, file: str) -> tuple[Grid, Callable[[str], str]] | None:
    """A text with run-together indicator lines as a grid (other lines cut at tabs), and where
    each cell was in the text; None when no line runs an indicator header together."""
    rows: list[list[str]] = []
    places: dict[tuple[int, int], str] = {}
    found = False
    for number, line in enumerate(raw.splitlines()):
        split = split_line(line)
        found = found or split is not None
        title = _TITLE.match(line) if split is None and "\t" not in line else None
        if title and len(line) > 80:  # a table's title run into its header fields
            split = [[Piece(title.group(1).strip(), 0)], [Piece(line[title.end() :], title.end())]]
        if split is None:
            cells, start = [], 0
            for cell in line.split("\t"):
                cells.append(Piece(cell.strip(), start))
                start += len(cell) + 1
            split = [cells]
        for cells in split:
            for col, piece in enumerate(cells):
                places[(len(rows), col)] = f"第{number + 1}行第{piece.start + 1}字起"
            rows.append([piece.text for piece in cells])
    if not found:
        return None

    def locate(cell: str) -> str:
        return places.get(parse_a1(cell), cell)

    return Grid(file, TEXT_SHEET, rows), locate
