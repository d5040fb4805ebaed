"""A corpus of bad inputs, built on the spot from the example departments (never downloaded).

Each case is a file (or a file and its neighbour) that a district clerk might receive: empty,
cut short, encrypted, in another format, hostile, too large, with hidden parts. `build(folder)`
writes every case that this machine can make and returns them by name; the names are the test
ids of tests/test_bad_input.py and the rows of docs/reference/bad-input.md.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from support.libreoffice import convert, soffice_available

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "departments"
EXAMPLE = EXAMPLES / "东湖区人社局.xlsx"  # 部门整体 is sheet2.xml, 项目1 sheet3.xml
DEPARTMENT_PART = "xl/worksheets/sheet2.xml"
PROJECT_PART = "xl/worksheets/sheet3.xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: a billion laughs: ten to the ninth `lol`s if any parser expanded it
LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{"&lol{};".format(i - 1 if i > 1 else "") * 10}">' for i in range(1, 10)
    )
    + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" '
    'uniqueCount="2"><si><t>&lol9;</t></si><si><t>一级指标</t></si></sst>'
).encode()


@dataclass(frozen=True)
class Case:
    name: str
    #: the file the case is about, relative to the corpus folder
    file: str
    #: the input-family codes (XG0xx) that file gets, sorted
    codes: tuple[str, ...]
    #: tables still read from it
    tables: int
    build: Callable[[Path], None]
    #: "libreoffice" or "setpriv" when the case needs it; None: any machine
    needs: str | None = None


def rezip(
    source: Path,
    target: Path | io.BytesIO,
    change: Callable[[str, bytes], bytes | None] = lambda name, data: data,
    extra: dict[str, bytes] | None = None,
) -> None:
    """Copy a package part by part; `change` may rewrite a part or drop it (None)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = change(item.filename, old.read(item))
            if data is not None:
                new.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)


def in_part(part: str, edit: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    return lambda name, data: edit(data) if name == part else data


def add_cell(ref: str, text: str) -> Callable[[bytes], bytes]:
    """A row holding one text cell, put at the end of the sheet's data."""
    row = re.sub(r"[A-Z]", "", ref)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'
    return lambda xml: xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>")


# ---------------------------------------------------------------------- builders


def _empty_file(folder: Path) -> None:
    (folder / "空文件.xlsx").write_bytes(b"")


def _truncated_zip(folder: Path) -> None:
    data = EXAMPLE.read_bytes()
    (folder / "半截文件.xlsx").write_bytes(data[: len(data) // 2])


def _corrupt_zip(folder: Path) -> None:
    (folder / "损坏的压缩包.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)


def _text_named_xlsx(folder: Path) -> None:
    (folder / "文本文件.xlsx").write_text("部门名称,东湖区人社局\n收入预算合计,100\n", "utf-8")


def _web_page_named_xls(folder: Path) -> None:
    page = (
        "<html><body><table><tr><td>部门名称</td><td>东湖区人社局</td></tr></table></body></html>"
    )
    (folder / "网页导出.xls").write_text(page, "utf-8")


def _word_named_xlsx(folder: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("东湖区人社局 2024 年度部门整体支出绩效目标表")
    document.save(str(folder / "Word文档.xlsx"))


def _zip_of_workbooks(folder: Path) -> None:
    with zipfile.ZipFile(folder / "打包的工作簿.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(EXAMPLE, EXAMPLE.name)


def _password_protected(folder: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with EXAMPLE.open("rb") as plain, (folder / "设了密码.xlsx").open("wb") as out:
        OOXMLFile(plain).encrypt("secret", out)


def _encrypted_zip_entry(folder: Path) -> None:
    """A package whose worksheet part carries the zip 'encrypted' flag (Python cannot write
    real zip encryption; the flag is what a reader must refuse on)."""
    buffer = io.BytesIO()
    rezip(EXAMPLE, buffer)
    data = bytearray(buffer.getvalue())
    name = DEPARTMENT_PART.encode()
    for signature, flag_at, name_at, length_at in ((b"PK\x03\x04", 6, 30, 26),
                                                   (b"PK\x01\x02", 8, 46, 28)):  # fmt: skip
        for match in re.finditer(re.escape(signature), data):
            start = match.start()
            (length,) = struct.unpack_from("<H", data, start + length_at)
            if data[start + name_at : start + name_at + length] == name:
                data[start + flag_at] |= 0x01
    (folder / "加密的部件.xlsx").write_bytes(bytes(data))


def _converted(folder: Path, target: str, name: str) -> None:
    scratch = folder / ".libreoffice"
    made = convert(EXAMPLE, scratch, target)
    shutil.move(made, folder / name)
    shutil.rmtree(scratch, ignore_errors=True)


def _old_xls(folder: Path) -> None:
    _converted(folder, "xls", "旧格式.xls")


def _xls_named_xlsx(folder: Path) -> None:
    _converted(folder, "xls", "旧格式改名.xlsx")


def _ods(folder: Path) -> None:
    _converted(folder, "ods", "开放格式.ods")


def _xlsx_named_xls(folder: Path) -> None:
    shutil.copy(EXAMPLE, folder / "新格式改名.xls")


def _damaged_xls(folder: Path) -> None:
    from xlgoals.addin.cfb import write_cfb

    (folder / "损坏的旧格式.xls").write_bytes(write_cfb({"Workbook": b"\x09\x08" + bytes(200)}))


def _xlsm_with_macros(folder: Path) -> None:
    """The department's workbook with the xlgoals VBA project inside (`xlgoals addin build`)."""
    from xlgoals.addin.build import build

    scratch = folder / ".addin"
    _, xlsm = build(scratch, template=EXAMPLE)
    shutil.move(xlsm, folder / "带宏.xlsm")
    shutil.rmtree(scratch, ignore_errors=True)


def _record(kind: int, body: bytes = b"") -> bytes:
    """One BIFF12 record: its type and size as 7-bit groups, then the body ([MS-XLSB] 2.1.4)."""
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    size, length = len(body), b""
    while True:
        length += bytes([(size & 0x7F) | (0x80 if size > 0x7F else 0)])
        size >>= 7
        if not size:
            break
    return head + length + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _xlsb_sheet(rows: list[list]) -> bytes:
    height, width = len(rows), max((len(r) for r in rows), default=1)
    dimension = struct.pack("<IIII", 0, max(height - 1, 0), 0, width - 1)
    out = [_record(0x0094, dimension), _record(0x0091)]  # BrtWsDim, BrtBeginSheetData
    for r, row in enumerate(rows):
        out.append(_record(0x0000, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0)))  # BrtRowHdr
        for c, value in enumerate(row):
            cell = struct.pack("<II", c, 0)  # column, style 0
            if isinstance(value, bool):
                out.append(_record(0x0004, cell + bytes([value])))
            elif isinstance(value, (int, float)):
                out.append(_record(0x0005, cell + struct.pack("<d", value)))  # BrtCellReal
            elif value not in (None, ""):
                out.append(_record(0x0006, cell + _wide(str(value))))  # BrtCellSt
    out.append(_record(0x0092))  # BrtEndSheetData
    return b"".join(out)


def write_xlsb(source: Path, target: Path) -> None:
    """A real .xlsb (binary Excel) holding the values of `source`'s sheets. Neither LibreOffice
    nor any Python package writes .xlsb, so the records are written here ([MS-XLSB])."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    book = CalamineWorkbook.from_path(str(source))
    sheets = [
        (m.name, m.visible != SheetVisibleEnum.Visible, book.get_sheet_by_name(m.name).to_python())
        for m in book.sheets_metadata
    ]
    book.close()
    ns = "http://schemas.openxmlformats.org/"
    sheet_type = ns + "officeDocument/2006/relationships/worksheet"
    bundle = b"".join(
        _record(0x009C, struct.pack("<II", hidden, n) + _wide(f"rId{n}") + _wide(name))
        for n, (name, hidden, _) in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{sheet_type}" Target="worksheets/sheet{n}.bin"/>'
        for n in range(1, len(sheets) + 1)
    )
    book_type = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}package/2006/content-types"><Default Extension="bin" ContentType="{book_type}"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>',  # noqa: E501
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}package/2006/relationships"><Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>',  # noqa: E501
        "xl/_rels/workbook.bin.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}package/2006/relationships">{rels}</Relationships>',  # noqa: E501
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
        book_parts = _record(0x0083) + _record(0x008F) + bundle + _record(0x0090) + _record(0x0084)
        archive.writestr("xl/workbook.bin", book_parts)  # BrtBeginBook … BrtEndBook
        for n, (_, _, rows) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{n}.bin", _xlsb_sheet(rows))


def _xlsb(folder: Path) -> None:
    write_xlsb(EXAMPLE, folder / "二进制格式.xlsb")


def _damaged_xlsb(folder: Path) -> None:
    """A real .xlsb whose sheets point at relationships it does not have."""
    whole = folder / ".whole.xlsb"
    write_xlsb(EXAMPLE, whole)
    rezip(
        whole, folder / "损坏的二进制格式.xlsb", lambda n, d: None if n.endswith("bin.rels") else d
    )
    whole.unlink()


def _no_target_table(folder: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "会议纪要"
    book.save(folder / "会议纪要.xlsx")


def _missing_sheet(folder: Path) -> None:
    rezip(
        EXAMPLE,
        folder / "缺了工作表.xlsx",
        lambda name, data: None if name == PROJECT_PART else data,
    )


def _hidden_sheet(folder: Path) -> None:
    shown, hidden = (
        f'name="项目1" sheetId="3" state="{s}"'.encode() for s in ("visible", "hidden")
    )
    edit = in_part("xl/workbook.xml", lambda xml: xml.replace(shown, hidden))
    rezip(EXAMPLE, folder / "隐藏工作表.xlsx", edit)


def _hidden_rows(folder: Path) -> None:
    def hide(xml: bytes) -> bytes:
        for row in (15, 16):
            xml = re.sub(
                f'<row r="{row}"(?=[ >])'.encode(), f'<row r="{row}" hidden="1"'.encode(), xml
            )
        return xml

    rezip(EXAMPLE, folder / "隐藏行.xlsx", in_part(DEPARTMENT_PART, hide))


def _locked_by_excel(folder: Path) -> None:
    shutil.copy(EXAMPLE, folder / "正被打开.xlsx")
    owner = "张三".encode("utf-16-le")  # Excel's owner file: the user's name, padded
    (folder / "~$正被打开.xlsx").write_bytes(bytes([len(owner) // 2]) + owner + bytes(162))


def _no_permission(folder: Path) -> None:
    path = folder / "没有权限.xlsx"
    shutil.copy(EXAMPLE, path)
    path.chmod(0)


def _directory_named_xlsx(folder: Path) -> None:
    (folder / "文件夹.xlsx").mkdir()


def _billion_laughs(folder: Path) -> None:
    """A real workbook with shared strings (XlsxWriter), its sharedStrings.xml a billion laughs."""
    import xlsxwriter

    plain = folder / ".plain.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    sheet = book.add_worksheet("部门整体")
    sheet.write("A1", "部门名称")
    sheet.write("A2", "一级指标")
    book.close()
    laughs = in_part("xl/sharedStrings.xml", lambda xml: LAUGHS)
    rezip(plain, folder / "实体炸弹.xlsx", laughs)
    plain.unlink()


def _zip_bomb(folder: Path) -> None:
    """200 MB of zeros deflated to about 200 KB, inside a real workbook."""
    target = folder / "压缩炸弹.xlsx"
    rezip(EXAMPLE, target)
    with (
        zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/image1.bin", "w") as part,
    ):
        for _ in range(200):
            part.write(bytes(1024 * 1024))


def _lying_sizes(folder: Path) -> None:
    """项目1's worksheet part padded to 50 MB, its directory entries claiming 1 000 bytes."""
    target = folder / "谎报大小.xlsx"
    padding = b" " * 50 * 1024 * 1024 + b"</worksheet>"
    pad = in_part(PROJECT_PART, lambda xml: xml.replace(b"</worksheet>", padding))
    rezip(EXAMPLE, target, pad)
    data = bytearray(target.read_bytes())
    name = PROJECT_PART.encode()
    for signature, size_at, name_at, length_at in ((b"PK\x03\x04", 22, 30, 26),
                                                   (b"PK\x01\x02", 24, 46, 28)):  # fmt: skip
        for match in re.finditer(re.escape(signature), data):
            start = match.start()
            (length,) = struct.unpack_from("<H", data, start + length_at)
            if data[start + name_at : start + name_at + length] == name:
                struct.pack_into("<I", data, start + size_at, 1000)
    target.write_bytes(bytes(data))


def _too_many_parts(folder: Path) -> None:
    extra = {f"customXml/item{n}.xml": b"<a/>" for n in range(10_001)}
    rezip(EXAMPLE, folder / "部件过多.xlsx", extra=extra)


def _too_many_rows(folder: Path) -> None:
    rezip(EXAMPLE, folder / "行数过多.xlsx", in_part(PROJECT_PART, add_cell("A100001", "多余")))


def _too_many_columns(folder: Path) -> None:
    rezip(EXAMPLE, folder / "列数过多.xlsx", in_part(PROJECT_PART, add_cell("ALM200", "多余")))


def _stray_far_cell(folder: Path) -> None:
    """The accident behind most huge sheets: something typed in the very last cell."""
    rezip(EXAMPLE, folder / "远处的单元格.xlsx", in_part(PROJECT_PART, add_cell("XFD1048576", "x")))


def _long_cell(folder: Path) -> None:
    rezip(
        EXAMPLE,
        folder / "超长单元格.xlsx",
        in_part(PROJECT_PART, add_cell("H200", "很长" * 20_000)),
    )


# ---------------------------------------------------------------------- second round (issue 18)


def set_cell(ref: str, cell: str) -> Callable[[bytes], bytes]:
    """Replace the cell `ref` with `cell`, an XML fragment such as `<v>1</v>` (a number) or
    `<is><t>…</t></is>` (text)."""
    kind = ' t="inlineStr"' if cell.startswith("<is>") else ""
    pattern = re.compile(f'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'.encode())
    new = f'<c r="{ref}"{kind}>{cell}</c>'.encode()
    return lambda xml: pattern.sub(lambda _: new, xml, count=1)


def text_cell(text: str) -> str:
    return f"<is><t>{text}</t></is>"


#: 收入预算合计 of 部门整体, and the target of its first indicator (社保卡“一卡通”宣传活动次数)
INCOME_CELL, TARGET_CELL = "B4", "E11"


def _huge_text_amount(folder: Path) -> None:
    edit = set_cell(INCOME_CELL, text_cell("1" + "0" * 400))
    rezip(EXAMPLE, folder / "四百个零.xlsx", in_part(DEPARTMENT_PART, edit))


def _amounts_beyond_a_float(folder: Path) -> None:
    """Two departments of 1.7E+308 each: either fits a float, their sum does not."""
    for name in ("天文数字甲.xlsx", "天文数字乙.xlsx"):
        rezip(
            EXAMPLE,
            folder / name,
            in_part(DEPARTMENT_PART, set_cell(INCOME_CELL, "<v>1.7E+308</v>")),
        )


def _hundred_digit_target(folder: Path) -> None:
    edit = set_cell(TARGET_CELL, text_cell("9" * 100))
    rezip(EXAMPLE, folder / "一百位指标值.xlsx", in_part(DEPARTMENT_PART, edit))


def _full_width_amount(folder: Path) -> None:
    edit = set_cell(INCOME_CELL, text_cell("１７２８．３７７７"))
    rezip(EXAMPLE, folder / "全角金额.xlsx", in_part(DEPARTMENT_PART, edit))


def _negative_amount_and_target(folder: Path) -> None:
    """项目支出 and a target with a minus sign (收入 and 支出 then do not add up either)."""
    edit = in_part(
        DEPARTMENT_PART,
        lambda xml: set_cell("E7", "<v>-90.1</v>")(set_cell(TARGET_CELL, "<v>-5</v>")(xml)),
    )
    rezip(EXAMPLE, folder / "负数.xlsx", edit)


GBK_NAME = "报送文件".encode("gbk")


def _gbk_file_name(folder: Path) -> None:
    """What unzipping a Windows zip on Linux gives: the name in GBK bytes, no UTF-8."""
    shutil.copy(EXAMPLE, os.path.join(os.fsencode(folder), GBK_NAME + b".xlsx"))


def _control_character_name(folder: Path) -> None:
    shutil.copy(EXAMPLE, folder / "控制\x01字符\x1b[31m.xlsx")


def _symlink_loop(folder: Path) -> None:
    (folder / "循环链接.xlsx").symlink_to("循环链接.xlsx")


def _named_pipe(folder: Path) -> None:
    os.mkfifo(folder / "管道.xlsx")


def _link_to_a_device(folder: Path) -> None:
    (folder / "zero.xlsx").symlink_to("/dev/zero")


def sixty_sheets(path: Path, sheets: int = 60) -> None:
    """A workbook of 38 KB whose sheets each hold A1 and ALL5000: each sheet under the caps,
    together 300 million cells."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    for n in range(sheets):
        sheet = book.add_worksheet(f"项目{n + 1}")
        sheet.write("A1", "一级指标")
        sheet.write("ALL5000", "x")
    book.close()


def _sixty_sheets(folder: Path) -> None:
    sixty_sheets(folder / "六十个工作表.xlsx")


def _sixty_sheets_ods(folder: Path) -> None:
    """The same in OpenDocument: empty cells repeated up to one far out (calamine reads every
    sheet of an .ods on opening)."""
    ns = " ".join(
        f'xmlns:{p}="urn:oasis:names:tc:opendocument:xmlns:{p}:1.0"'
        for p in ("office", "table", "text")
    )
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    table = (
        '<table:table table:name="项目{n}"><table:table-row>'
        + cell.format("一级指标")
        + "</table:table-row>"
        '<table:table-row table:number-rows-repeated="4998"><table:table-cell '
        'table:number-columns-repeated="1000"/></table:table-row><table:table-row>'
        '<table:table-cell table:number-columns-repeated="999"/>'
        + cell.format("x")
        + "</table:table-row></table:table>"
    )
    body = "".join(table.replace("{n}", str(n)) for n in range(1, 61))
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(folder / "六十个工作表.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def _far_sheets_xls(folder: Path) -> None:
    """Four .xls sheets each with A1 and IV65536, the last cell of the format (calamine reads
    every sheet of an .xls on opening)."""
    import xlsxwriter

    plain = folder / ".far.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    for n in range(4):
        sheet = book.add_worksheet(f"项目{n + 1}")
        sheet.write("A1", "一级指标")
        sheet.write("IV65536", "x")
    book.close()
    _converted_from(plain, folder, "xls", "远处单元格.xls")
    plain.unlink()


def _converted_from(source: Path, folder: Path, target: str, name: str) -> None:
    scratch = folder / ".libreoffice"
    shutil.move(convert(source, scratch, target), folder / name)
    shutil.rmtree(scratch, ignore_errors=True)


def _far_cell_xlsb(folder: Path) -> None:
    """A real .xlsb whose 项目1 holds one more cell far out (calamine would make a dense range
    of 16 billion cells, and abort)."""
    whole = folder / ".whole.xlsb"
    write_xlsb(EXAMPLE, whole)
    far_row = _record(0x0000, struct.pack("<IIHBBBI", 1_000_000, 0, 300, 0, 0, 0, 0))
    far = far_row + _record(0x0006, struct.pack("<II", 16_000, 0) + _wide("x"))
    end = _record(0x0092)  # BrtEndSheetData
    rezip(
        whole,
        folder / "远处单元格.xlsb",
        in_part("xl/worksheets/sheet3.bin", lambda data: data[: -len(end)] + far + end),
    )
    whole.unlink()


CASES = [
    Case("empty_file", "空文件.xlsx", ("XG011",), 0, _empty_file),
    Case("truncated_zip", "半截文件.xlsx", ("XG001",), 0, _truncated_zip),
    Case("corrupt_zip", "损坏的压缩包.xlsx", ("XG001",), 0, _corrupt_zip),
    Case("text_named_xlsx", "文本文件.xlsx", ("XG001",), 0, _text_named_xlsx),
    Case("web_page_named_xls", "网页导出.xls", ("XG012",), 0, _web_page_named_xls),
    Case("word_named_xlsx", "Word文档.xlsx", ("XG012",), 0, _word_named_xlsx),
    Case("zip_of_workbooks", "打包的工作簿.xlsx", ("XG012",), 0, _zip_of_workbooks),
    Case("password_protected", "设了密码.xlsx", ("XG002",), 0, _password_protected),
    Case("encrypted_zip_entry", "加密的部件.xlsx", ("XG002",), 0, _encrypted_zip_entry),
    Case("old_xls", "旧格式.xls", (), 2, _old_xls, "libreoffice"),
    Case("xls_named_xlsx", "旧格式改名.xlsx", ("XG023",), 2, _xls_named_xlsx, "libreoffice"),
    Case("xlsx_named_xls", "新格式改名.xls", ("XG023",), 2, _xlsx_named_xls),
    Case("damaged_xls", "损坏的旧格式.xls", ("XG001",), 0, _damaged_xls),
    Case("xlsm_with_macros", "带宏.xlsm", (), 2, _xlsm_with_macros),
    Case("ods", "开放格式.ods", (), 2, _ods, "libreoffice"),
    Case("xlsb", "二进制格式.xlsb", (), 2, _xlsb),
    Case("damaged_xlsb", "损坏的二进制格式.xlsb", ("XG001",), 0, _damaged_xlsb),
    Case("no_target_table", "会议纪要.xlsx", ("XG003",), 0, _no_target_table),
    Case("missing_sheet", "缺了工作表.xlsx", ("XG022",), 1, _missing_sheet),
    Case("hidden_sheet", "隐藏工作表.xlsx", ("XG018",), 2, _hidden_sheet),
    Case("hidden_rows", "隐藏行.xlsx", ("XG019",), 2, _hidden_rows),
    Case("locked_by_excel", "正被打开.xlsx", ("XG017",), 2, _locked_by_excel),
    Case("no_permission", "没有权限.xlsx", ("XG016",), 0, _no_permission, "setpriv"),
    Case("directory_named_xlsx", "文件夹.xlsx", ("XG012",), 0, _directory_named_xlsx),
    Case("billion_laughs", "实体炸弹.xlsx", ("XG013",), 0, _billion_laughs),
    Case("zip_bomb", "压缩炸弹.xlsx", ("XG014",), 0, _zip_bomb),
    Case("lying_sizes", "谎报大小.xlsx", ("XG001",), 0, _lying_sizes),
    Case("too_many_parts", "部件过多.xlsx", ("XG015",), 0, _too_many_parts),
    Case("too_many_rows", "行数过多.xlsx", ("XG020",), 1, _too_many_rows),
    Case("too_many_columns", "列数过多.xlsx", ("XG020",), 1, _too_many_columns),
    Case("stray_far_cell", "远处的单元格.xlsx", ("XG020",), 1, _stray_far_cell),
    Case("long_cell", "超长单元格.xlsx", ("XG021",), 2, _long_cell),
    Case("huge_text_amount", "四百个零.xlsx", ("XG026",), 2, _huge_text_amount),
    Case("amounts_beyond_a_float", "天文数字甲.xlsx", ("XG026",), 2, _amounts_beyond_a_float),
    Case("hundred_digit_target", "一百位指标值.xlsx", ("XG026",), 2, _hundred_digit_target),
    Case("full_width_amount", "全角金额.xlsx", (), 2, _full_width_amount),
    Case("gbk_file_name", os.fsdecode(GBK_NAME + b".xlsx"), (), 2, _gbk_file_name),
    Case("control_character_name", "控制\x01字符\x1b[31m.xlsx", (), 2, _control_character_name),
    Case("symlink_loop", "循环链接.xlsx", ("XG024",), 0, _symlink_loop),
    Case("named_pipe", "管道.xlsx", ("XG024",), 0, _named_pipe),
    Case("link_to_a_device", "zero.xlsx", ("XG024",), 0, _link_to_a_device),
    Case("sixty_sheets", "六十个工作表.xlsx", ("XG025",), 0, _sixty_sheets),
    Case("sixty_sheets_ods", "六十个工作表.ods", ("XG025",), 0, _sixty_sheets_ods),
    Case("far_sheets_xls", "远处单元格.xls", ("XG025",), 0, _far_sheets_xls, "libreoffice"),
    Case("far_cell_xlsb", "远处单元格.xlsb", ("XG025",), 0, _far_cell_xlsb),
]
BY_NAME = {case.name: case for case in CASES}


def setpriv_available() -> bool:
    return shutil.which("setpriv") is not None


def available(case: Case) -> bool:
    if case.needs == "libreoffice":
        return soffice_available()
    if case.needs == "setpriv":  # root reads any file unless setpriv takes that away
        return os.geteuid() != 0 or setpriv_available()
    return True


def as_clerk(command: list[str]) -> list[str]:
    """`command` run so that file modes bind it, as they bind a clerk (root ignores them)."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]


def build(folder: Path, names: list[str] | None = None) -> dict[str, Case]:
    """Write the cases this machine can make into `folder`; return them by name."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for case in CASES:
        if (names is None or case.name in names) and available(case):
            case.build(folder)
            made[case.name] = case
    return made
