"""Word documents (.docx) → one grid: each table's rows, and the paragraphs between them.

Departments often draft their 绩效目标表 in Word: a title paragraph, a header table, an
indicator table. Stacked in one grid, the titles cut the tables apart for the reader as in the
text import. A merged cell (gridSpan / vMerge) keeps its text in its first grid cell only and
leaves the rest blank, which the reader takes as "continues the label above". Positions map
back to `表N 第R行第C列` (C counts the row's cells as Word shows them) or `第N段`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlgoals.address import parse_a1
from xlgoals.reading.grid import Grid
from xlgoals.reading.safety import SourceError, check_file

if TYPE_CHECKING:
    from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc

#: the sheet name Word grids carry; positions on it read as table / row / cell
WORD_SHEET = "Word表格"
DOCX_SUFFIXES = frozenset({".docx"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: content controls (`w:sdt`) wrap rows, cells and whole tables in form-like documents
_IN_CONTROL = "./w:sdt/w:sdtContent"
_INSTALL = "读取 Word 文件需要 python-docx：pip install xlgoals[docx]"
_INSTALL_EN = "reading Word files needs python-docx: pip install xlgoals[docx]"


@dataclass
class WordGrid:
    """The grid and, for each grid cell, where a reviewer finds it in the document."""

    grid: Grid
    places: dict[tuple[int, int], str] = field(default_factory=dict)

    def position(self, cell: str) -> str:
        """`C5` → `表2 第3行第2列`, `A1` → `第1段`; the grid cell when nothing maps."""
        return self.places.get(parse_a1(cell)) or f"{WORD_SHEET}!{cell}"


def read_docx(path: str | Path, display: str | None = None) -> WordGrid:
    """A .docx as a grid; raises sources.SourceError when it cannot be opened."""
    path = Path(path)
    body = _open(path).element.body
    builder = _Builder(Grid(display or str(path), WORD_SHEET, []))
    tables = 0
    for block in body.xpath(f"./w:p | ./w:tbl | {_IN_CONTROL}/w:p | {_IN_CONTROL}/w:tbl"):
        if block.tag.endswith("}tbl"):
            tables += 1
            builder.table(block, tables)
        else:
            builder.paragraph(_paragraph_text(block))
    return WordGrid(builder.grid, builder.places)


def _open(path: Path) -> Any:
    """python-docx's Document, every failure turned into a catalogue code."""
    try:
        import docx
    except ImportError as exc:
        raise SourceError("XG001", reason=_INSTALL, reason_en=_INSTALL_EN) from exc
    check_file(path)  # missing, too large, a zip bomb
    with path.open("rb") as handle:
        if handle.read(8) == _OLE_MAGIC:
            reason = "不是有效的 Word 文件（设置了打开密码，或是旧版 .doc 格式，请另存为 .docx）"
            english = "not a valid Word file (password-protected, or an old .doc: save as .docx)"
            raise SourceError("XG001", reason=reason, reason_en=english)
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise SourceError(
            "XG001",
            reason=f"不是有效的 Word 文件（{detail}）",
            reason_en=f"not a valid Word file ({detail})",
        ) from exc


@dataclass
class _Builder:
    grid: Grid
    places: dict[tuple[int, int], str] = field(default_factory=dict)
    paragraphs: int = 0

    def paragraph(self, text: str) -> None:
        """A non-empty paragraph is a one-cell row (a title, `（2024 年度）`, `单位：万元`)."""
        text = text.strip()
        if not text:
            return
        self.paragraphs += 1
        self.places[(self.grid.height, 0)] = f"第{self.paragraphs}段"
        self.grid.rows.append([text])

    def table(self, tbl: CT_Tbl, number: int) -> None:
        #: grid column → [first row, last row, span] of the vertical merge running down it
        running: dict[int, list[int]] = {}
        for index, tr in enumerate(tbl.xpath(f"./w:tr | {_IN_CONTROL}/w:tr")):
            row = self.grid.height
            self.grid.rows.append([])
            continued: set[int] = set()
            for shown, (col, tc) in enumerate(_cells(tr), start=1):
                span = tc.grid_span
                place = f"表{number} 第{index + 1}行第{shown}列"
                if tc.vMerge == "continue" and col in running:
                    running[col][1] = row
                    continued.add(col)
                    self._put(row, col, "", span, self.places.get((running[col][0], col), place))
                    continue
                self._end(running, col)
                if tc.vMerge == "restart":
                    running[col] = [row, row, span]
                    continued.add(col)
                elif span > 1:
                    self.grid.merged.append((row, col, row, col + span - 1))
                self._put(row, col, _text(tc), span, place)
            for col in [c for c in running if c not in continued]:
                self._end(running, col)
        for col in list(running):
            self._end(running, col)

    def _end(self, running: dict[int, list[int]], col: int) -> None:
        """Record the vertical merge down `col` (if any) as a merged range."""
        if col in running:
            top, last, span = running.pop(col)
            if last > top or span > 1:
                self.grid.merged.append((top, col, last, col + span - 1))

    def _put(self, row: int, col: int, text: str, span: int, place: str) -> None:
        cells = self.grid.rows[row]
        cells.extend([""] * (col + span - len(cells)))
        cells[col] = text
        for c in range(col, col + span):
            self.places[(row, c)] = place


def _cells(tr: CT_Row) -> Iterator[tuple[int, CT_Tc]]:
    """(first grid column, cell) for each cell of a row, content-control cells included."""
    col = tr.grid_before
    for tc in tr.xpath(f"./w:tc | {_IN_CONTROL}/w:tc"):
        yield col, tc
        col += tc.grid_span


def _text(tc: CT_Tc) -> str:
    """The cell's paragraphs joined by line breaks (`<w:br/>` is a line break too); those of
    a table nested in the cell or of a content control are lines of it, not dropped."""
    return "\n".join(_paragraph_text(p) for p in tc.xpath(".//w:p")).strip()


def _paragraph_text(p: Any) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(p, None).text  # type: ignore[arg-type]  # text needs no parent
