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

import errno
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from xlgoals.reading import extent
from xlgoals.reading.ooxml import sheet_parts

#: the most characters an Excel cell holds
CELL_TEXT_LIMIT = 32_767
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one input may hold; beyond it the file (or the sheet, or the cell) is refused with
    a finding. Override per call: `read_grids(path, limits=Limits(rows=1000))`."""

    #: the file on disk
    file_bytes: int = 100 * MB
    #: all parts of a zip package, unpacked
    unpacked_bytes: int = 1024 * MB
    #: one part, unpacked
    part_bytes: int = 256 * MB
    #: parts in a zip package
    parts: int = 10_000
    #: unpacked : packed size of one part bigger than 1 MB (zeros deflate about 1000:1)
    ratio: int = 200
    #: the used area of one sheet, counted from A1 as the sheet is read
    rows: int = 100_000
    columns: int = 1_000
    cells: int = 5_000_000
    #: characters in one cell (Excel's own limit)
    cell_chars: int = CELL_TEXT_LIMIT
    #: sheets in one workbook, and the cells of all its sheets' used areas together (a grid
    #: costs about 10 bytes a cell: sixty sheets each under the caps above would take 3 GB)
    sheets: int = 1_000
    workbook_cells: int = 10_000_000
    #: a text file for `import`, and the cells of its grid (a line is a row, a tab a column):
    #: a district's published text holds about 500 a department; every cell left unplaced
    #: is a line in the import log (a million took 4.5 GB and 8 minutes)
    text_bytes: int = 8 * MB
    text_cells: int = 100_000


DEFAULT_LIMITS = Limits()

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: a part smaller than this is never called a zip bomb, whatever its ratio
_RATIO_FROM = MB
_CHUNK = MB
_PROLOGUE = 1024
#: the suffix each kind of workbook content goes by (xlsx and xlsm share one)
WORKBOOK_SUFFIX = {"xlsx": ".xlsx", "xls": ".xls", "xlsb": ".xlsb", "ods": ".ods"}
SUFFIX_FAMILY = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".xlsb": "xlsb", ".ods": "ods"}
#: content that is not a workbook, as a clerk would call it: (zh, en)
KINDS = {
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
DAMAGED, DAMAGED_EN = "文件已损坏或不完整", "the file is damaged or incomplete"
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
    return f"{size / MB:.1f} MB"


def reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


# ------------------------------------------------------------------ opening and telling the type


def _load(path: Path, limits: Limits) -> bytes:
    """The file's bytes, read once for every check and the parser; the OS's refusals and the
    size limit as codes."""
    data = read_regular_file(path, limits.file_bytes)
    if not data:
        raise SourceError("XG011")
    return data


#: what a path may be instead of a regular file, as a clerk would call it: (zh, en)
SPECIAL_FILES = {
    stat.S_IFIFO: ("命名管道（FIFO）", "a named pipe (FIFO)"),
    stat.S_IFCHR: ("设备文件", "a device"),
    stat.S_IFBLK: ("设备文件", "a device"),
    stat.S_IFSOCK: ("套接字", "a socket"),
}
SYMLINK_LOOP = ("循环的符号链接", "a symbolic link that points back to itself")


def read_regular_file(path: Path, cap: int) -> bytes:
    """A regular file's bytes, at most `cap` of them; anything else refused with a code.

    Opened without blocking (a named pipe would wait forever for a writer) and checked to be a
    regular file before a byte is read (a device such as /dev/zero never ends); the cap counts
    the bytes read, not the size `stat` reports (0 for a device, and a file may grow)."""
    if path.is_dir():
        raise SourceError("XG012", kind_zh=KINDS["folder"][0], kind=KINDS["folder"][1])
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:  # missing, gone since the folder was listed, a dead link
        raise SourceError("XG010", path=str(path)) from exc
    except PermissionError as exc:
        raise SourceError("XG016", path=str(path)) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError("XG024", kind_zh=SYMLINK_LOOP[0], kind=SYMLINK_LOOP[1]) from exc
        raise SourceError("XG001", reason=reason(exc)) from exc
    with os.fdopen(fd, "rb", buffering=0) as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind_zh, kind = SPECIAL_FILES.get(stat.S_IFMT(mode), ("特殊文件", "a special file"))
            raise SourceError("XG024", kind_zh=kind_zh, kind=kind)
        os.set_blocking(fd, True)
        return _read_capped(handle, cap)


def _read_capped(handle: IO[bytes], cap: int) -> bytes:
    size = os.fstat(handle.fileno()).st_size
    if size > cap:  # refused before reading when the size is told honestly
        raise SourceError("XG004", size=_size_text(size), limit=_size_text(cap))
    chunks, total = [], 0
    try:
        while chunk := handle.read(min(_CHUNK, cap + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                raise SourceError("XG004", size=f"> {_size_text(cap)}", limit=_size_text(cap))
    except OSError as exc:
        raise SourceError("XG001", reason=reason(exc)) from exc
    return b"".join(chunks)


@dataclass
class Package:
    """What the checks learnt about a file: its kind, and per worksheet part what matters."""

    kind: str
    #: the whole file, read once
    data: bytes = b""
    #: worksheet part → (rows, columns) of a used area beyond the limits
    oversize: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: worksheet part → 0-based hidden rows
    hidden_rows: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: cells of the used areas measured before any parser allocates them: xlsx parts with far
    #: references, every sheet of an .xls or .ods (calamine reads those whole on opening)
    scanned_cells: int = 0
    #: the sheets measured (every worksheet part of an xlsx)
    scanned_sheets: int = 0
    #: worksheet part → {(row, col): formula} of cells holding a constant formula (`=100%`,
    #: `=30`: what Excel makes of a clerk typing a comparator and value)
    constants: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    #: worksheet part → sheet name, read from the workbook part when needed
    names: dict[str, str] = field(default_factory=dict)

    def by_sheet(self, per_part: dict[str, Any]) -> dict[str, Any]:
        return {self.names[part]: value for part, value in per_part.items() if part in self.names}


def check_file(path: str | Path, limits: Limits | None = None) -> str:
    """Refuse what cannot or should not be opened, before any parser sees it; return the kind
    of content (`xlsx`, `xls`, `xlsb`, `ods`, `word`, `zip` …). Raises SourceError."""
    return open_package(Path(path), limits or DEFAULT_LIMITS).kind


def open_package(path: Path, limits: Limits) -> Package:
    """The file read once and checked: its kind and what its worksheet parts hold."""
    return _inspect(_load(path, limits), limits)


def _inspect(data: bytes, limits: Limits) -> Package:
    if data.startswith(_OLE_MAGIC):
        package = Package(_compound_kind(data), data)
        if package.kind == "xls":
            _measured(package, extent.xls_areas(_xls_stream(data)))
        return package
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _inspect_zip(data, limits)
    return Package(_foreign_kind(data[:512]), data)


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


_XLSB_SHEET = re.compile(r"xl/worksheets/[^/]+\.bin$")


def _measured(package: Package, areas: list[tuple[int, int]]) -> None:
    package.scanned_cells = sum(rows * columns for rows, columns in areas)
    package.scanned_sheets = len(areas)


def _xls_stream(data: bytes) -> bytes:
    """The workbook stream of an .xls (empty when it cannot be had: calamine says why)."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            return ole.openstream(name).read()
    except Exception:  # olefile raises OSError, ValueError … on a damaged file
        return b""


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
            reason=f"{DAMAGED}（复合文档：{reason(exc)}）",
            reason_en=f"{DAMAGED_EN} (compound file: {reason(exc)})",
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


def _worksheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name; without the map, sheets are only checked as they load."""
    try:
        return {part: name for name, part in sheet_parts(archive).items()}
    except Exception:
        return {}


def _inspect_zip(data: bytes, limits: Limits) -> Package:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            _check_directory(infos, limits)
            package = Package(_zip_kind(archive, {i.filename for i in infos}), data)
            for info in infos:
                _scan_part(_Member(archive, data, info), limits, package)
            if package.oversize or package.hidden_rows or package.constants:
                package.names = _worksheet_names(archive)
            if package.kind == "ods" and "content.xml" in archive.NameToInfo:
                _measured(package, extent.ods_areas(archive.read("content.xml")))
            if package.kind == "xlsb":
                sheets = [i for i in infos if _XLSB_SHEET.match(i.filename)]
                areas = [extent.xlsb_area(_Member(archive, data, i).read()) for i in sheets]
                _measured(package, areas)
    except SourceError:
        raise
    except _DAMAGE_ERRORS as exc:
        raise SourceError(
            "XG001",
            reason=f"{DAMAGED}（压缩包：{reason(exc)}）",
            reason_en=f"{DAMAGED_EN} (zip: {reason(exc)})",
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


def _scan_part(part: _Member, limits: Limits, package: Package) -> None:
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
    package.scanned_sheets += 1
    if scan.oversize:
        package.oversize[name] = scan.size
    else:
        package.scanned_cells += scan.rows * scan.columns
    if scan.hidden_rows:
        package.hidden_rows[name] = tuple(sorted(scan.hidden_rows))
    if scan.constants:
        package.constants[name] = scan.constants


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
    constants: dict[tuple[int, int], str] = field(default_factory=dict)
    tail: bytes = b""

    def feed(self, chunk: bytes) -> None:
        text = self.tail + chunk.translate(_SPACES)
        self.tail = text[-_TAIL:]
        near = not self.exact and within(*_FAR_BOUND, self.limits)
        if not (near and _FAR_REF.search(text) is None):
            for letters, digits in set(_REF.findall(text)):
                self.rows = max(self.rows, int(digits))
                self.columns = max(self.columns, _column_number(letters))
        if b"<f" in text:
            for letters, digits, formula in _CONSTANT.findall(text):
                cell = (int(digits) - 1, _column_number(letters) - 1)
                self.constants[cell] = "=" + formula.decode("ascii")
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
        return not within(self.rows, self.columns, self.limits)


#: a cell whose formula is a constant: `<c r="D12" …><f>100%</f>`
_CONSTANT = re.compile(
    rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*><f(?:\s[^>]*)?>([<>]?=?\d+(?:\.\d+)?%?)</f>'
)


def within(rows: int, columns: int, limits: Limits) -> bool:
    return rows <= limits.rows and columns <= limits.columns and rows * columns <= limits.cells


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


# ------------------------------------------------------------------ reading


# ------------------------------------------------------------------ values


def not_a_workbook(kind: str) -> SourceError:
    if kind in KINDS:
        return SourceError("XG012", kind_zh=KINDS[kind][0], kind=KINDS[kind][1])
    if kind == "zip":
        return SourceError("XG012", kind_zh=KINDS["archive"][0], kind=KINDS["archive"][1])
    return SourceError(
        "XG001",
        reason="不是有效的 Excel 文件（内容已损坏或并非 xlsx 格式）",
        reason_en="not a valid Excel file (damaged, or not in xlsx format)",
    )
