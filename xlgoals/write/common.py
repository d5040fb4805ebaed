"""What every workbook writer shares: atomic saves, text that stays text, house styles."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xlgoals.read.safety import CELL_TEXT_LIMIT

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
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                               dir=target.parent)  # fmt: skip
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
    for orphan in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = orphan.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                orphan.unlink()


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


def refuse_overwrite(output: str | os.PathLike[str], inputs: list[Path]) -> None:
    """Raise ValueError when the output would replace one of the inputs."""
    out = Path(output).resolve()
    for source in inputs:
        if source.resolve() == out:
            raise ValueError(f"输出文件不能覆盖输入文件：{source}")


_WIDE = re.compile("[\u2e81-\U0010ffff]")


def display_width(text: str) -> int:
    """Columns a text needs: CJK characters are two wide; the longest line counts."""
    return max((len(line) + len(_WIDE.findall(line)) for line in text.splitlines()), default=0)


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text takes when wrapped in a column `width` characters wide (rows must be made
    tall enough by the writer: neither XlsxWriter nor LibreOffice fits them on load)."""
    per_line = max(int(width) - 1, 1)
    return sum(max(1, -(-display_width(line) // per_line)) for line in text.splitlines() or [""])


def set_text(cell: Any, value: Any) -> None:
    """Write a department's value into an openpyxl cell; text never becomes a formula."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
