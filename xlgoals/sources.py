"""Open files safely and turn each sheet into a grid.

Corrupt, encrypted, huge or hostile files raise `SourceError` carrying a catalogue code, so
the caller reports them in words a clerk understands and carries on with the rest.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from .grid import Grid

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
#: a workbook bigger than this on disk, or whose parts unpack to more, is refused
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SourceError(Exception):
    """A file that cannot be read; `code` and `params` name the problem in the catalogue."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code} {params}")
        self.code = code
        self.params = params


def is_lock_file(path: Path) -> bool:
    """Excel's owner files (`~$部门.xlsx`) are not workbooks."""
    return path.name.startswith("~$")


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_file(path: Path) -> None:
    """Refuse what cannot or should not be opened, before any parser sees it."""
    if not path.exists():
        raise SourceError("XG010", path=str(path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceError("XG004", size=_size_text(size), limit=_size_text(MAX_FILE_BYTES))
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        _check_compound(path)
    elif head[:2] == b"PK":
        _check_zip(path)
    elif path.suffix.lower() in {".xlsx", ".xlsm"}:
        raise SourceError("XG001", reason="不是有效的 Excel 文件（内容已损坏或并非 xlsx 格式）")


def _check_compound(path: Path) -> None:
    """A compound file: a password-protected workbook (its OOXML package encrypted inside), or
    an old-format .xls, which must not pretend to be an .xlsx."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            encrypted = ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
    except Exception as exc:  # olefile raises OSError, ValueError … on a damaged file
        raise SourceError("XG001", reason=f"复合文档已损坏（{_reason(exc)}）") from exc
    if encrypted:
        raise SourceError("XG002")
    if path.suffix.lower() != ".xls":
        raise SourceError(
            "XG001", reason=f"这是旧版 .xls 格式的文件，扩展名却是 {path.suffix}；请另存为 .xlsx"
        )


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SourceError("XG001", reason=f"压缩包已损坏（{exc}）") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise SourceError("XG004", size=_size_text(unpacked), limit=_size_text(MAX_UNPACKED_BYTES))


def read_grids(path: str | Path, display: str | None = None) -> list[Grid]:
    """Every sheet of a workbook as a grid (values only, via python-calamine)."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    name = display or str(path)
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise SourceError("XG007", suffix=path.suffix or path.name)
    check_file(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise SourceError("XG001", reason=_reason(exc)) from exc
    grids = []
    try:
        for sheet_name in workbook.sheet_names:
            try:
                sheet = workbook.get_sheet_by_name(sheet_name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = [_merged(r) for r in (sheet.merged_cell_ranges or [])]
            except Exception as exc:
                raise SourceError("XG001", reason=f"工作表“{sheet_name}”：{_reason(exc)}") from exc
            values = [[plain_value(v) for v in r] for r in rows]
            grids.append(Grid(name, sheet_name, values, merged))
    finally:
        workbook.close()
    return grids


def _merged(cell_range: Any) -> tuple[int, int, int, int]:
    (r1, c1), (r2, c2) = cell_range
    return r1, c1, r2, c2


def plain_value(value: Any) -> Any:
    """One normalisation for every source of cells (files here, open workbooks in
    xlgoals.excel): numbers come as floats; integers stay int so `400` stays `400`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def to_decimal(value: Any) -> Decimal | None:
    """A cell's number as an exact Decimal (floats go through their shortest repr)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        # a formula's cached float (920.7399999999999) is read at the precision it was meant
        if number.as_tuple().exponent < -10:  # type: ignore[operator]
            number = round(number, 10).normalize()
        return number
    if isinstance(value, Decimal):
        return value
    return None
