"""What every workbook writer shares: atomic saves, text that stays text, house styles."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from xlgoals.problems.shown import printable
from xlgoals.reading.safety import CELL_TEXT_LIMIT

_FORMULA_START = ("=", "+", "-", "@")

#: characters XML 1.0 cannot carry (tab, line feed and carriage return it can)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL_REMOVED, TEXT_CUT = "XG139", "XG140"


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Text a cell can hold, and the catalogue codes of what had to change.

    Control characters are removed (a workbook carrying them is corrupt to Excel) and text
    is cut at Excel's 32,767 characters.
    """
    if len(text) <= CELL_TEXT_LIMIT and (text.isprintable() or not _NOT_XML.search(text)):
        return text, ()  # the common case, decided without the regex for printable text
    codes: tuple[str, ...] = ()
    if _NOT_XML.search(text):
        text, codes = _NOT_XML.sub("", text), (CONTROL_REMOVED,)
    if len(text) > CELL_TEXT_LIMIT:
        text, codes = text[:CELL_TEXT_LIMIT], (*codes, TEXT_CUT)
    return text, codes


def shown_name(path: str | os.PathLike[str]) -> str:
    """A file's name as a person reads it, wherever xlgoals writes it (see `printable`)."""
    return printable(Path(path).name)


def shown_stem(path: str | os.PathLike[str]) -> str:
    return printable(Path(path).stem)


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA_START)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; move it into place only when the block succeeds.

    A killed run leaves the old file (or none), never half a workbook. Its temporary file
    (`.汇总.xlsx.<pid>.<random>.tmp`, hidden, and no workbook by its name) is removed by the
    next write to the same path once that process is gone.
    """
    target = Path(path)
    check_output_name(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{_temporary_stem(target)}.{os.getpid()}.",
                               suffix=".tmp", dir=target.parent)  # fmt: skip
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _remove_orphans(target: Path) -> None:
    """Temporary files of earlier writes to `target` whose process no longer runs."""
    stem = _temporary_stem(target)
    for orphan in target.parent.glob(f".{glob.escape(stem)}.*.tmp"):
        pid = orphan.name[len(stem) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                orphan.unlink()


#: what a temporary name adds to the stem: `.`, `.<pid>.`, mkstemp's 8 characters, `.tmp`
_TEMPORARY_EXTRA = 1 + 9 + 8 + 4


def name_limit(folder: Path) -> int:
    """The longest file name, in bytes, the folder's file system takes (255 on most)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):  # no such setting here (Windows): the usual limit
        return 255


def check_output_name(target: Path) -> None:
    """Raise OSError (naming the output itself) for an output that cannot be written as named:
    a name longer than its file system takes, or an existing folder."""
    if len(os.fsencode(target.name)) > name_limit(target.parent):
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), str(target))
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))


def fitting_name(stem: str, suffix: str, folder: Path, spare: int = 8) -> str:
    """`stem` shortened so that stem + suffix fits the folder's file system, with `spare`
    bytes left (for a `-2` told apart from a namesake)."""
    limit = name_limit(folder) - spare
    stem = stem[:limit]  # a character takes a byte at least
    while stem and len(os.fsencode(stem + suffix)) > limit:
        stem = stem[:-1]
    return stem


def _temporary_stem(target: Path) -> str:
    """The output's name, shortened when need be for its temporary name to fit."""
    return fitting_name(target.name, "", target.parent, _TEMPORARY_EXTRA)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_workbook(workbook: Any, path: str | os.PathLike[str]) -> Path:
    """Save an openpyxl workbook atomically."""
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return Path(path)


def refuse_overwrite(output: str | os.PathLike[str], inputs: Iterable[Path]) -> None:
    """Raise ValueError when the output would replace one of the inputs."""
    out = os.path.realpath(output)  # never raises, even on a link that loops
    for source in inputs:
        if os.path.realpath(source) == out:
            raise ValueError(f"输出文件不能覆盖输入文件：{source}")


#: two columns wide: U+2E81 on (CJK, fullwidth forms, and what comes after them)
_WIDE = re.compile("[\u2e81-\U0010ffff]")
#: in UTF-8, the lead bytes of U+3000 to U+10FFFF, all wide, marked 1 (a table for
#: `bytes.translate`, which counts them at C speed; a regex walks each character)
_WIDE_LEADS = bytes(int(0xE3 <= b <= 0xF4) for b in range(256))
#: what starts with the lead byte E2 from U+2E80 on: wide but one (decided by the regex)
_WIDE_E2 = re.compile(b"\xe2[\xba-\xbf]")


def _line_width(line: str) -> int:
    if line.isascii():
        return len(line)
    encoded = line.encode("utf-8", "surrogatepass")
    if _WIDE_E2.search(encoded):
        return len(line) + len(_WIDE.findall(line))
    return len(line) + encoded.translate(_WIDE_LEADS).count(1)


def display_width(text: str) -> int:
    """Columns a text needs: CJK characters are two wide; the longest line counts."""
    return max(map(_line_width, text.splitlines()), default=0)


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text takes when wrapped in a column `width` characters wide (rows must be made
    tall enough by the writer: neither XlsxWriter nor LibreOffice fits them on load)."""
    per_line = max(int(width) - 1, 1)
    return sum(max(1, -(-_line_width(line) // per_line)) for line in text.splitlines() or [""])


#: a line of Chinese text is about 1.4 times its font size tall (宋体 and Noto CJK, in Excel
#: and LibreOffice), and a cell adds a little padding
LINE_SPACING, CELL_PADDING = 1.4, 3.0
#: Excel's width of a column nobody sized, and its default row height for 11 pt text
DEFAULT_WIDTH, DEFAULT_HEIGHT = 8.43, 15.0


def text_height(lines: int, font_size: float = 11) -> float:
    """Points a cell needs for `lines` lines of text in `font_size`."""
    return round(lines * font_size * LINE_SPACING + CELL_PADDING, 1)


def fit_rows(sheet: Any, first: int = 1, last: int | None = None) -> None:
    """Make the rows of an openpyxl sheet tall enough for their wrapped text, never lower.

    A merged cell wraps in the width of all its columns; a cell merged over several rows is
    left alone (its rows share the height). Only cells that wrap are measured: other text
    runs on into empty neighbours.
    """
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}

    def width(column: int) -> float:
        if column not in widths:
            dimension = sheet.column_dimensions.get(get_column_letter(column))
            widths[column] = (dimension.width if dimension and dimension.width else None) or (
                DEFAULT_WIDTH
            )
        return widths[column]

    spans = {}
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == merged.max_row:
            spans[(merged.min_row, merged.min_col)] = range(merged.min_col, merged.max_col + 1)
        else:
            for row in range(merged.min_row, merged.max_row + 1):
                spans[(row, merged.min_col)] = range(0)
    for row in sheet.iter_rows(min_row=first, max_row=last or sheet.max_row):
        needed = 0.0
        for cell in row:
            if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
                continue
            columns = spans.get((cell.row, cell.column), range(cell.column, cell.column + 1))
            if not columns:
                continue
            lines = wrapped_lines(str(cell.value), sum(width(c) for c in columns))
            needed = max(needed, text_height(lines, (cell.font and cell.font.sz) or 11))
        dimension = sheet.row_dimensions[row[0].row]
        if needed > (dimension.height or DEFAULT_HEIGHT):
            dimension.height = needed


def set_text(cell: Any, value: Any) -> None:
    """Write a department's value into an openpyxl cell; text never becomes a formula."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
