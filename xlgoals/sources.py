"""Open files safely and turn each sheet into a grid.

Every input is opened once and looked at before any parser sees it: its type is told by its
content, not its name; a zip package is checked from its directory (parts, sizes, compression
ratio, encryption) and the prologue of each XML part goes through defusedxml (a DTD is refused,
so no entity is ever expanded); the cell references of each worksheet part are scanned so a
stray far cell cannot make the reader allocate a sheet of billions of cells.

A file that cannot be used raises `SourceError` carrying a catalogue code; a sheet that cannot
be used becomes a grid with a note (a Finding) instead, so the rest of the workbook is read.
The caller reports either in words a clerk understands and carries on with the rest.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from .grid import Grid, a1

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one input may hold; beyond it the file (or the sheet, or the cell) is refused with
    a finding. Override per call: `read_grids(path, limits=Limits(rows=1000))`."""

    #: the file on disk
    file_bytes: int = 100 * _MB
    #: all parts of a zip package, unpacked
    unpacked_bytes: int = 1024 * _MB
    #: one part, unpacked
    part_bytes: int = 256 * _MB
    #: parts in a zip package
    parts: int = 10_000
    #: unpacked : packed size of one part bigger than 1 MB (zeros deflate about 1000:1)
    ratio: int = 200
    #: the used area of one sheet, counted from A1 as the sheet is read
    rows: int = 100_000
    columns: int = 1_000
    cells: int = 5_000_000
    #: characters in one cell (Excel's own limit)
    cell_chars: int = 32_767


DEFAULT_LIMITS = Limits()

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: a part smaller than this is never called a zip bomb, whatever its ratio
_RATIO_FROM = _MB
_CHUNK = _MB
_PROLOGUE = 1024
#: the suffix each kind of workbook content goes by (xlsx and xlsm share one)
_SUFFIX = {"xlsx": ".xlsx", "xls": ".xls", "xlsb": ".xlsb", "ods": ".ods"}
_FAMILY = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".xlsb": "xlsb", ".ods": "ods"}
#: content that is not a workbook, as a clerk would call it: (zh, en)
_KINDS = {
    "folder": ("文件夹", "a folder"),
    "html": ("网页（HTML）", "a web page (HTML)"),
    "xml": ("XML 文件（如 Excel 2003 XML 表格）", "an XML file (e.g. an Excel 2003 XML sheet)"),
    "pdf": ("PDF 文件", "a PDF file"),
    "image": ("图片", "a picture"),
    "archive": ("压缩包（zip/rar/7z）", "an archive (zip/rar/7z)"),
    "word": ("Word 文档", "a Word document"),
    "powerpoint": ("PowerPoint 演示文稿", "a PowerPoint presentation"),
    "opendocument": ("OpenDocument 文档（不是表格）", "an OpenDocument file (not a spreadsheet)"),
}
_DAMAGED, _DAMAGED_EN = "文件已损坏或不完整", "the file is damaged or incomplete"
#: what the standard library and the parsers raise on damaged bytes (OSError is told apart)
_DAMAGE_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError,
                  NotImplementedError, KeyError, IndexError)  # fmt: skip


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
    return f"{size / _MB:.1f} MB"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


# ------------------------------------------------------------------ opening and telling the type


def _load(path: Path, limits: Limits) -> bytes:
    """The file's bytes, read once for every check and the parser; the OS's refusals and the
    size limit as codes."""
    if path.is_dir():
        raise SourceError("XG012", kind_zh=_KINDS["folder"][0], kind=_KINDS["folder"][1])
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.file_bytes:
                limit = _size_text(limits.file_bytes)
                raise SourceError("XG004", size=_size_text(size), limit=limit)
            data = handle.read()
    except FileNotFoundError as exc:  # missing, or gone since the folder was listed
        raise SourceError("XG010", path=str(path)) from exc
    except PermissionError as exc:
        raise SourceError("XG016", path=str(path)) from exc
    except OSError as exc:
        raise SourceError("XG001", reason=_reason(exc)) from exc
    if not data:
        raise SourceError("XG011")
    return data


@dataclass
class _Package:
    """What the checks learnt about a file: its kind, and per worksheet part what matters."""

    kind: str
    #: the whole file, read once
    data: bytes = b""
    #: worksheet part → (rows, columns) of a used area beyond the limits
    oversize: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: worksheet part → 0-based hidden rows
    hidden_rows: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: worksheet part → sheet name, read from the workbook part when needed
    names: dict[str, str] = field(default_factory=dict)

    def by_sheet(self, per_part: dict[str, Any]) -> dict[str, Any]:
        return {self.names[part]: value for part, value in per_part.items() if part in self.names}


def check_file(path: str | Path, limits: Limits | None = None) -> str:
    """Refuse what cannot or should not be opened, before any parser sees it; return the kind
    of content (`xlsx`, `xls`, `xlsb`, `ods`, `word`, `zip` …). Raises SourceError."""
    limits = limits or DEFAULT_LIMITS
    return _inspect(_load(Path(path), limits), limits).kind


def _inspect(data: bytes, limits: Limits) -> _Package:
    if data.startswith(_OLE_MAGIC):
        return _Package(_compound_kind(data), data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _inspect_zip(data, limits)
    return _Package(_foreign_kind(data[:512]), data)


def _foreign_kind(head: bytes) -> str:
    """Bytes that are no package: a web page, a PDF … told so the clerk knows what to do."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"%pdf"):
        return "pdf"
    if start.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8", b"bm")):
        return "image"
    if start.startswith((b"rar!", b"7z\xbc\xaf")):
        return "archive"
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"mime-version")):
        return "html"
    if start.startswith(b"<?xml"):
        return "html" if b"<html" in start else "xml"
    return "unknown"


def _compound_kind(data: bytes) -> str:
    """A compound file: a password-protected workbook (its OOXML package encrypted inside), an
    old-format .xls, or an old Word or PowerPoint file."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except Exception as exc:  # olefile raises OSError, ValueError … on a damaged file
        raise SourceError(
            "XG001",
            reason=f"{_DAMAGED}（复合文档：{_reason(exc)}）",
            reason_en=f"{_DAMAGED_EN} (compound file: {_reason(exc)})",
        ) from exc
    if {"EncryptionInfo", "EncryptedPackage"} <= streams:
        raise SourceError("XG002")
    if streams & {"Workbook", "Book"}:
        return "xls"
    if "WordDocument" in streams:
        return "word"
    if "PowerPoint Document" in streams:
        return "powerpoint"
    return "unknown"


# ------------------------------------------------------------------ zip packages


def _inspect_zip(data: bytes, limits: Limits) -> _Package:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            _check_directory(infos, limits)
            package = _Package(_zip_kind(archive, {i.filename for i in infos}), data)
            for info in infos:
                _scan_part(_Member(archive, data, info), limits, package)
            if package.oversize or package.hidden_rows:
                package.names = _sheet_parts(archive)
    except SourceError:
        raise
    except _DAMAGE_ERRORS as exc:
        raise SourceError(
            "XG001",
            reason=f"{_DAMAGED}（压缩包：{_reason(exc)}）",
            reason_en=f"{_DAMAGED_EN} (zip: {_reason(exc)})",
        ) from exc
    return package


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse from the zip directory alone: too many parts, encrypted parts, zip bombs."""
    if len(infos) > limits.parts:
        raise SourceError("XG015", count=len(infos), limit=limits.parts)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:  # the part is encrypted: a password-protected package
            raise SourceError("XG002")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FROM and ratio > limits.ratio:
            raise SourceError(
                "XG014",
                part=info.filename,
                size=_size_text(info.file_size),
                ratio=int(ratio),
                limit=limits.ratio,
            )
        if info.file_size > limits.part_bytes:
            raise SourceError(
                "XG004", size=_size_text(info.file_size), limit=_size_text(limits.part_bytes)
            )
        total += info.file_size
    if total > limits.unpacked_bytes:
        raise SourceError("XG004", size=_size_text(total), limit=_size_text(limits.unpacked_bytes))


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsb" if "xl/workbook.bin" in names else "xlsx"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        return "ods" if b"opendocument.spreadsheet" in mimetype else "opendocument"
    if "word/document.xml" in names:
        return "word"
    if "ppt/presentation.xml" in names:
        return "powerpoint"
    return "zip"


class _Member:
    """One part's bytes, inflated on demand straight from the package in memory (no file
    handle per part) and never past the size its directory entry declares."""

    def __init__(self, archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> None:
        self.info = info
        self.left = info.file_size
        self.stream: IO[bytes] | None = None
        if info.compress_type != zipfile.ZIP_DEFLATED:
            self.stream = archive.open(info)  # stored, or a rare method: the standard way
            return
        start = info.header_offset
        if data[start : start + 4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"no local header for {info.filename}")
        name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
        begin = start + 30 + name_length + extra_length
        self.pending: bytes | memoryview = memoryview(data)[begin : begin + info.compress_size]
        self.inflater = zlib.decompressobj(-15)

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        if size <= 0:
            return b""
        if self.stream is not None:
            chunk = self.stream.read(size)
        else:
            chunk = self.inflater.decompress(self.pending, size)
            self.pending = self.inflater.unconsumed_tail
        self.left -= len(chunk)
        more = self.left == 0 and self.stream is None and not self.inflater.eof
        if more and self.inflater.decompress(self.pending, 1):  # beyond what the directory says
            raise zipfile.BadZipFile(f"{self.info.filename} is larger than the zip directory says")
        return chunk


def _scan_part(part: _Member, limits: Limits, package: _Package) -> None:
    """Each XML part's prologue through defusedxml; a worksheet part also scanned through."""
    first = part.read(_PROLOGUE)
    if not first.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").startswith((b"<", b"\0<")):
        return  # not XML (a picture, vbaProject.bin …): no parser reads it as XML
    name = part.info.filename
    root = _root_element(first, part, name)
    if package.kind != "xlsx" or root != "worksheet":
        return
    scan = _SheetScan(limits, exact=part.info.file_size > _CHUNK)
    if scan.exact:
        scan.feed(first)
        while chunk := part.read(_CHUNK):
            scan.feed(chunk)
    else:  # one piece: references far out are looked for before any is counted
        scan.feed(first + part.read())
    if scan.oversize:
        package.oversize[name] = scan.size
    if scan.hidden_rows:
        package.hidden_rows[name] = tuple(sorted(scan.hidden_rows))


class _Root(Exception):
    """Raised by the parser's target at the root element: the prologue is over."""

    def __init__(self, tag: str) -> None:
        self.tag = tag


class _RootTarget:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _Root(tag)

    def end(self, tag: str) -> None: ...

    def data(self, data: str) -> None: ...

    def close(self) -> None: ...


#: the first element's start tag; `<?` (a declaration) and `<!` (a DTD, a comment) do not match
_FIRST_TAG = re.compile(rb"<([A-Za-z_][^\s/>]*)")


def _root_element(first: bytes, stream: _Member, part: str) -> str:
    """The root element's local name, once the prologue is known to hold no DTD (the door to
    entity expansion and external entities; Excel never writes one). A prologue that is only
    an XML declaration is told at a glance; any other goes through defusedxml."""
    tag = _FIRST_TAG.search(first)
    if tag is not None:
        before = first[: tag.start()].strip()
        if not before or (before.startswith(b"<?xml ") and before.count(b"<") == 1):
            return tag.group(1).decode("latin-1").rpartition(":")[2]
    return _defused_root(first, stream, part)


def _defused_root(first: bytes, stream: _Member, part: str) -> str:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser, ParseError

    parser = DefusedXMLParser(target=_RootTarget(), forbid_dtd=True)
    chunk = first
    try:
        while chunk:
            parser.feed(chunk)
            chunk = stream.read(_PROLOGUE)  # only a prologue longer than the first chunk
    except _Root as root:
        return root.tag.rpartition("}")[2]
    except DefusedXmlException as exc:
        raise SourceError("XG013", part=part) from exc
    except ParseError:
        return ""  # malformed XML: the reader says so when it gets there
    return ""


#: cell references (`r="XFD1048576"`), after tabs and line breaks became spaces
_REF = re.compile(rb""" r *= *["']([A-Z]+)(\d+)["']""")
#: a reference beyond column Z or row 9999: only then is every reference looked at
_FAR_REF = re.compile(rb""" r *= *["'][A-Z](?:[A-Z]|\d{5})""")
_FAR_BOUND = (9_999, 26)
_SPACES = bytes.maketrans(b"\t\r\n", b"   ")
_ROW_TAG = re.compile(rb"<row\b[^>]*>")
_ROW_NUMBER = re.compile(rb""" r *= *["'](\d+)["']""")
_HIDDEN = re.compile(rb"""hidden *= *["'](?:1|true)["']""")
_TAIL = 512  # bytes kept from the previous chunk, so a tag cut in two is still seen


@dataclass
class _SheetScan:
    """Streams a worksheet part once: the used area its cell references span (the reader
    allocates every cell of it) and the rows marked hidden."""

    limits: Limits
    #: count every reference (a part in several chunks); else only when one is far out
    exact: bool = False
    rows: int = 0
    columns: int = 0
    hidden_rows: set[int] = field(default_factory=set)
    tail: bytes = b""

    def feed(self, chunk: bytes) -> None:
        text = self.tail + chunk.translate(_SPACES)
        self.tail = text[-_TAIL:]
        near = not self.exact and _within(*_FAR_BOUND, self.limits)
        if not (near and _FAR_REF.search(text) is None):
            for letters, digits in set(_REF.findall(text)):
                self.rows = max(self.rows, int(digits))
                self.columns = max(self.columns, _column_number(letters))
        if b"hidden" in text:
            for tag in _ROW_TAG.findall(text):
                number = _ROW_NUMBER.search(tag)
                if number and _HIDDEN.search(tag):
                    self.hidden_rows.add(int(number.group(1)) - 1)

    @property
    def size(self) -> tuple[int, int]:
        return self.rows, self.columns

    @property
    def oversize(self) -> bool:
        return not _within(self.rows, self.columns, self.limits)


def _within(rows: int, columns: int, limits: Limits) -> bool:
    return rows <= limits.rows and columns <= limits.columns and rows * columns <= limits.cells


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, from the workbook part and its relationships."""
    from defusedxml.ElementTree import fromstring

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    package = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    try:
        workbook = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # without the map, sheets are only checked as they load
        return {}
    targets = {
        r.get("Id"): _part_name(r.get("Target", "")) for r in rels.iter(f"{package}Relationship")
    }
    return {
        targets[s.get(rel)]: s.get("name", "")
        for s in workbook.iter(f"{main}sheet")
        if s.get(rel) in targets
    }


def _part_name(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


# ------------------------------------------------------------------ reading


def read_grids(
    path: str | Path, display: str | None = None, limits: Limits | None = None
) -> list[Grid]:
    """Every sheet of a workbook as a grid (values only, via python-calamine).

    Raises SourceError when the file cannot be used; a sheet that cannot be used is a grid
    without rows and with a note saying why. A note about the whole file (its name says
    another format than its content) rides on the first grid."""
    path = Path(path)
    name = display or str(path)
    limits = limits or DEFAULT_LIMITS
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise SourceError("XG007", suffix=path.suffix or path.name)
    package = _inspect(_load(path, limits), limits)
    if package.kind not in _SUFFIX:
        raise _not_a_workbook(package.kind)
    grids = _read_package(package, name, limits)
    actual = _SUFFIX[package.kind]
    if grids and _FAMILY[path.suffix.lower()] != package.kind:
        note = _note("XG023", name, actual=actual, suffix=path.suffix)
        grids[0].notes.insert(0, note)
    return grids


def _not_a_workbook(kind: str) -> SourceError:
    if kind in _KINDS:
        return SourceError("XG012", kind_zh=_KINDS[kind][0], kind=_KINDS[kind][1])
    if kind == "zip":
        return SourceError("XG012", kind_zh=_KINDS["archive"][0], kind=_KINDS["archive"][1])
    return SourceError(
        "XG001",
        reason="不是有效的 Excel 文件（内容已损坏或并非 xlsx 格式）",
        reason_en="not a valid Excel file (damaged, or not in xlsx format)",
    )


def _read_package(package: _Package, name: str, limits: Limits) -> list[Grid]:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(package.data))  # format by content
    except PasswordError as exc:  # an old .xls with a password
        raise SourceError("XG002") from exc
    except BaseException as exc:  # calamine's own errors, and a Rust panic on odd bytes
        _reraise_interrupt(exc)
        kind = _SUFFIX[package.kind]
        raise SourceError(
            "XG001",
            reason=f"{_DAMAGED}（{kind}：{_reason(exc)}）",
            reason_en=f"{_DAMAGED_EN} ({kind}: {_reason(exc)})",
        ) from exc
    try:
        return [_grid(workbook, meta, package, name, limits) for meta in workbook.sheets_metadata]
    finally:
        workbook.close()


def _grid(workbook: Any, meta: Any, package: _Package, name: str, limits: Limits) -> Grid:
    from python_calamine import SheetVisibleEnum

    sheet_name = meta.name
    grid = Grid(name, sheet_name, [], hidden=meta.visible != SheetVisibleEnum.Visible)
    grid.hidden_rows = package.by_sheet(package.hidden_rows).get(sheet_name, ())
    far = package.by_sheet(package.oversize).get(sheet_name)
    if far:
        grid.notes.append(_too_large(name, sheet_name, far, limits))
        return grid
    try:
        sheet = workbook.get_sheet_by_name(sheet_name)
        end = sheet.end
        size = (end[0] + 1, end[1] + 1) if end else (0, 0)
        if not _within(*size, limits):  # formats whose parts are not scanned (xls, xlsb, ods)
            grid.notes.append(_too_large(name, sheet_name, size, limits))
            return grid
        rows = sheet.to_python(skip_empty_area=False)
        grid.merged = [_merged(r) for r in (sheet.merged_cell_ranges or [])]
    except BaseException as exc:  # a part missing or damaged: the other sheets are still read
        _reraise_interrupt(exc)
        grid.notes.append(_note("XG022", name, sheet_name, sheet=sheet_name, detail=_reason(exc)))
        return grid
    # most cells are text, which plain_value leaves alone: the call is spared for them
    grid.rows = [[v if v.__class__ is str else plain_value(v) for v in r] for r in rows]
    _cut_long_cells(grid, limits.cell_chars)
    return grid


def _reraise_interrupt(exc: BaseException) -> None:
    """Calamine reports a Rust panic as a BaseException; Ctrl+C and exit still stop the run."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc


def _too_large(name: str, sheet: str, size: tuple[int, int], limits: Limits) -> Any:
    rows, columns = size
    return _note(
        "XG020",
        name,
        sheet,
        sheet=sheet,
        rows=f"{rows:,}",
        columns=f"{columns:,}",
        max_rows=f"{limits.rows:,}",
        max_columns=f"{limits.columns:,}",
        max_cells=f"{limits.cells:,}",
    )


def _cut_long_cells(grid: Grid, limit: int) -> None:
    """A cell longer than the limit keeps its first `limit` characters, with a note."""
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if value.__class__ is str and len(value) > limit:
                row[c] = value[:limit]
                cell = a1(r, c)
                grid.notes.append(
                    _note("XG021", grid.file, grid.sheet, cell, length=len(value), limit=limit)
                )


def _note(
    code: str, file: str, sheet: str | None = None, cell: str | None = None, /, **params: Any
):
    """A finding made while opening (findings import pydantic: only on these rare paths)."""
    from .findings import Where, finding

    return finding(code, Where(file=file, sheet=sheet, cell=cell), **params)


def _merged(cell_range: Any) -> tuple[int, int, int, int]:
    (r1, c1), (r2, c2) = cell_range
    return r1, c1, r2, c2


_SHEET_NAME = re.compile(rb"""<(?:\w+:)?sheet\s[^>]*?\bname\s*=\s*["']([^"']*)["']""")


def sheet_names(path: str | Path) -> list[str] | None:
    """The sheet names of an .xlsx/.xlsm package, found in its workbook part alone (by pattern,
    no XML parser: nothing to expand); None when it is no such package."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > _MB or info.flag_bits & 0x1:
                return None
            workbook = archive.read(info)
    except Exception:  # any trouble is the reader's to report
        return None
    return [html.unescape(n.decode("utf-8", "replace")) for n in _SHEET_NAME.findall(workbook)]


# ------------------------------------------------------------------ values


def plain_value(value: Any) -> Any:
    """One normalisation for every source of cells (files here, open workbooks in
    xlgoals.excel): numbers come as floats; integers stay int so `400` stays `400`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def to_decimal(value: Any) -> Decimal | None:
    """A cell's number as an exact Decimal (floats go through their shortest repr)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):  # NaN or ∞: an open workbook may pass one; no amount
            return None
        number = Decimal(repr(value))
        # a formula's cached float (920.7399999999999) is read at the precision it was meant
        if number.as_tuple().exponent < -10:  # type: ignore[operator]
            number = round(number, 10).normalize()
        return number
    if isinstance(value, Decimal):
        return value
    return None
