"""Published text (the seed: OCR of PDFs) → one grid, and the repairs made on the way.

Each line is a row and each tab-separated field a column, so `A1` maps back to line / column
(`position`). Cells lose `<p>` HTML and `$\\geq 100\\%$` LaTeX; a goal paragraph continued on
lines of its own after a page break is joined to its cell. Every change is a finding.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from xlgoals.address import a1, parse_a1
from xlgoals.model import debris, labels
from xlgoals.problems.findings import Finding, Where, finding
from xlgoals.reading.grid import Grid
from xlgoals.reading.safety import DEFAULT_LIMITS, Limits, SourceError, read_regular_file

#: the sheet name text grids carry; positions on it read as line / column
TEXT_SHEET = "文本"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})

_TERMINAL = "。！？；;.!?”"
_OPENERS = "（(一二三四五六七八九十0123456789"
_GOAL_FIELDS = frozenset({"年度总体目标", "年度绩效目标", "项目实施内容", "中长期目标"})


def position(cell: str) -> str:
    """`B107` on a text grid → `第107行第2栏` (line, tab-separated field)."""
    row, col = parse_a1(cell)
    return f"第{row + 1}行第{col + 1}栏"


def decode_text(raw: bytes) -> tuple[str, str | None]:
    """The text, and the name of its encoding when it is one to mention (UTF-16)."""
    utf16 = _utf16(raw)
    for encoding in (utf16,) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # NUL is valid GB18030, but never in text: binary content
            return text, "UTF-16" if utf16 else None
    raise SourceError("XG028")


def _utf16(raw: bytes) -> str | None:
    """UTF-16 told by its byte-order mark, else by the zero bytes of ASCII characters."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = raw[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)  # a tab or a digit: one zero byte
    if odd > max(2, len(head) // 40) and even * 4 < odd:
        return "utf-16-le"
    if even > max(2, len(head) // 40) and odd * 4 < even:
        return "utf-16-be"
    return None


def load_text(
    path: str | Path, display: str | None = None, limits: Limits | None = None
) -> tuple[str, list[Finding]]:
    """A text file's text, its size and its cells capped (`Limits.text_bytes`, `text_cells`,
    raising SourceError), and a note when it was not in UTF-8."""
    limits = limits or DEFAULT_LIMITS
    name = display or str(path)
    text, encoding = decode_text(read_regular_file(Path(path), limits.text_bytes))
    cells = text.count("\n") + text.count("\t") + 1
    if cells > limits.text_cells:
        raise SourceError("XG029", cells=f"{cells:,}", limit=f"{limits.text_cells:,}")
    notes = [finding("XG027", Where(file=name), encoding=encoding)] if encoding else []
    return text, notes


def read_text(
    path: str | Path, display: str | None = None, limits: Limits | None = None
) -> tuple[Grid, list[Finding]]:
    """A text file as a grid, and what was noted and repaired reading it."""
    limits = limits or DEFAULT_LIMITS
    name = display or str(path)
    text, notes = load_text(path, name, limits)
    grid, repairs = text_to_grid(text, name, limits.cell_chars)
    return grid, notes + repairs


def text_to_grid(
    text: str, file: str, cell_chars: int = DEFAULT_LIMITS.cell_chars
) -> tuple[Grid, list[Finding]]:
    """Lines as rows, tab-separated fields as cells (each cut at `cell_chars`, as a workbook's
    are: the reader's patterns are not made for a field of megabytes)."""
    repairs: list[Finding] = []
    rows: list[list[str]] = []
    for number, line in enumerate(text.splitlines()):
        cells = [cell.strip() for cell in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        for col, cell in enumerate(cells):
            if len(cell) > cell_chars:
                at = Where(file=file, sheet=TEXT_SHEET, cell=a1(number, col))
                repairs.append(finding("XG021", at, length=len(cell), limit=cell_chars))
                cells[col] = cell[:cell_chars]
        rows.append([_clean(cell, file, number, col, repairs) for col, cell in enumerate(cells)])
    grid = Grid(file, TEXT_SHEET, rows)
    _join_continued_text(grid, repairs)
    return grid, repairs


def _clean(cell: str, file: str, row: int, col: int, repairs: list[Finding]) -> str:
    """Drop HTML tags (a paragraph break becomes a line break) and LaTeX markup."""
    cleaned = debris.strip(cell)
    if cleaned != cell:
        at = Where(file=file, sheet=TEXT_SHEET, cell=a1(row, col))
        shown = " ".join(sorted(set(debris.HTML_TAG.findall(cell)))) + "".join(
            f" ${span}$" for span in dict.fromkeys(debris.LATEX_SPAN.findall(cell))
        )
        repairs.append(finding("XG132", at, debris=shown.strip() or cell))
    return cleaned


def _join_continued_text(grid: Grid, repairs: list[Finding]) -> None:
    """A goal paragraph that runs on over lines of one cell each (a page break) is one cell."""
    for row in range(grid.height):
        for col, value in list(grid.filled(row)):
            label = labels.match_label(value)
            if label is None or label.field not in _GOAL_FIELDS:
                continue
            target = _goal_cell(grid, row, col)
            if target is None:
                continue
            lines = _continuation_rows(grid, target[0] + 1)
            if not lines:
                continue
            text = grid.rows[target[0]][target[1]]
            for index, line in enumerate(lines):
                piece = grid.rows[line][0]
                # only the first line can finish a sentence the page break cut; later lines
                # are paragraphs of their own
                text += "" if index == 0 and _runs_on(text, piece) else "\n"
                text += piece
                grid.rows[line] = []
            grid.rows[target[0]][target[1]] = text
            grid.changed()
            at = Where(file=grid.file, sheet=grid.sheet, cell=a1(*target))
            repairs.append(finding("XG135", at, label=label.field, lines=len(lines)))


def _goal_cell(grid: Grid, row: int, col: int) -> tuple[int, int] | None:
    """The goal text right of its label, else on the next line (as the reader finds it)."""
    right = next(((row, c) for c, _ in grid.filled(row) if c > col), None)
    if right is not None:
        return right
    below = list(grid.filled(row + 1))
    if len(below) == 1 and not labels.is_structural(below[0][1]):
        return row + 1, below[0][0]
    return None


def _continuation_rows(grid: Grid, start: int) -> list[int]:
    found: list[int] = []
    for row in range(start, grid.height):
        filled = list(grid.filled(row))
        if not filled:
            continue
        if len(filled) != 1 or filled[0][0] != 0 or labels.is_structural(filled[0][1]):
            break
        found.append(row)
    return found


def _runs_on(text: str, piece: str) -> bool:
    """A sentence cut by the page break continues without a line break."""
    return bool(text) and text[-1] not in _TERMINAL and piece[:1] not in _OPENERS
