"""Build the 绩效目标 ribbon add-in (``xlgoals.xlam``) and macro workbook (``xlgoals.xlsm``).

Everything is generated from text: the VBA modules (xlwings' standalone module from the
installed package, our ``macros/*.bas``, empty document modules) are packed by
:mod:`xlgoals.addin.ovba`, the ribbon is ``macros/customUI.xml`` (both package data,
:mod:`xlgoals.data`). Same inputs give the same bytes: zip entries carry a fixed date and order,
the compound file has no timestamps.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import posixpath
import re
import zipfile
from importlib.resources import as_file
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from xlgoals.addin.ovba import (
    WORKBOOK_BASE,
    WORKSHEET_BASE,
    Module,
    document_module,
    vba_project_bin,
)
from xlgoals.data import macros_dir, template_file
from xlgoals.write.common import atomic_path

if TYPE_CHECKING:
    from importlib.abc import Traversable

MACROS_DIR = macros_dir()
DEFAULT_TEMPLATE = template_file()
ADDIN_NAME, WORKBOOK_NAME = "xlgoals.xlam", "xlgoals.xlsm"

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOC = NS_REL + "/officeDocument"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_STYLES = NS_REL + "/styles"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_UI = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CT_ADDIN = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
CT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RIBBON_PART = "customUI/customUI14.xml"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# --- VBA modules ----------------------------------------------------------------------------


def _vb_name(source: str, origin: str) -> str:
    match = re.search(r'^Attribute VB_Name = "([^"]+)"', source, re.MULTILINE)
    if not match:
        raise ValueError(f"{origin}: no 'Attribute VB_Name' line")
    return match.group(1)


def xlwings_module() -> Module:
    """The standalone xlwings module shipped by the installed xlwings, checked for version."""
    # located, not imported: only xlgoals.excel imports xlwings
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("xlwings is not installed: pip install xlwings")
    path = Path(next(iter(spec.submodule_search_locations))) / "xlwings.bas"
    version = importlib.metadata.version("xlwings")
    source = path.read_text(encoding="ascii")
    match = re.search(r"^'Version: (\S+)", source, re.MULTILINE)
    if not match or match.group(1) != version:
        raise ValueError(f"{path} is not for xlwings {version}")
    return Module(_vb_name(source, str(path)), source)


def macro_modules(macros_dir: Traversable = MACROS_DIR) -> list[Module]:
    """Our own modules, ``macros/*.bas`` in name order."""
    modules = []
    for path in sorted(macros_dir.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".bas"):
            source = path.read_text(encoding="utf-8")
            modules.append(Module(_vb_name(source, str(path)), source))
    return modules


def project_modules(
    sheet_code_names: list[str], macros_dir: Traversable = MACROS_DIR
) -> list[Module]:
    docs = [document_module("ThisWorkbook", WORKBOOK_BASE)]
    docs += [document_module(name, WORKSHEET_BASE) for name in sheet_code_names]
    return [*docs, xlwings_module(), *macro_modules(macros_dir)]


# --- zip and small XML helpers ---------------------------------------------------------------


def _write_zip(path: Path, parts: dict[str, bytes]) -> None:
    """Write parts in the given order with fixed metadata, so the bytes are reproducible;
    atomically, so a failed write leaves any earlier file as it was."""
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data)


def _rels(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in items)
    return (XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>').encode()


def _add_rel(xml: bytes, rel_type: str, target: str) -> bytes:
    """Append a relationship with an unused id."""
    text = xml.decode("utf-8")
    ids = set(re.findall(r'\bId="([^"]+)"', text))
    n = 1
    while f"rIdXg{n}" in ids:
        n += 1
    rel = f'<Relationship Id="rIdXg{n}" Type="{rel_type}" Target="{target}"/>'
    return text.replace("</Relationships>", rel + "</Relationships>", 1).encode("utf-8")


def _drop_rels(xml: bytes, rel_type: str) -> tuple[bytes, list[str]]:
    """Remove relationships of one type; return the new XML and the removed targets."""
    text = xml.decode("utf-8")
    pattern = re.compile(r"<Relationship\b[^>]*/>")
    targets: list[str] = []

    def drop(m: re.Match[str]) -> str:
        if f'Type="{rel_type}"' not in m.group(0):
            return m.group(0)
        targets.append(re.search(r'Target="([^"]+)"', m.group(0)).group(1))  # type: ignore[union-attr]
        return ""

    return pattern.sub(drop, text).encode("utf-8"), targets


def _set_code_name(xml: bytes, pr_tag: str, root_tag: str, name: str) -> tuple[bytes, str]:
    """Give ``<pr_tag>`` a codeName unless it has one; return the XML and the name in force.

    Edited as text so the part keeps its namespace prefixes and mc:Ignorable declarations.
    """
    text = xml.decode("utf-8")
    pr = re.search(rf"<{pr_tag}\b([^>]*?)/?>", text)
    if pr:
        existing = re.search(r'\bcodeName="([^"]*)"', pr.group(1))
        if existing:
            return xml, existing.group(1)
        at = pr.start() + len(pr_tag) + 1
        return (text[:at] + f' codeName="{name}"' + text[at:]).encode("utf-8"), name
    anchor = None
    if pr_tag == "workbookPr":  # goes after fileVersion and fileSharing if present
        anchor = re.search(r"<fileSharing\b[^>]*/>", text) or re.search(
            r"<fileVersion\b[^>]*/>", text
        )
    anchor = anchor or re.search(rf"<{root_tag}\b[^>]*>", text)
    if anchor is None:
        raise ValueError(f"no <{root_tag}> start tag without a prefix")
    at = anchor.end()
    return (text[:at] + f'<{pr_tag} codeName="{name}"/>' + text[at:]).encode("utf-8"), name


# --- the add-in ------------------------------------------------------------------------------


def _addin_parts(ribbon: bytes, macros_dir: Traversable) -> dict[str, bytes]:
    types = (
        f'<Types xmlns="{CT_TYPES_NS}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Default Extension="bin" ContentType="{CT_VBA}"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT_ADDIN}"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT_SHEET}"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{CT_STYLES}"/>'
        "</Types>"
    )
    workbook = (
        f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        '<workbookPr codeName="ThisWorkbook"/><bookViews><workbookView/></bookViews>'
        '<sheets><sheet name="xlgoals" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    sheet = (
        f'<worksheet xmlns="{NS_MAIN}"><sheetPr codeName="Sheet1"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>xlgoals 绩效目标加载项：'
        "按钮在「绩效目标」选项卡。</t></is></c></row></sheetData></worksheet>"
    )
    styles = (
        f'<styleSheet xmlns="{NS_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    vba = vba_project_bin(project_modules(["Sheet1"], macros_dir))
    return {
        "[Content_Types].xml": (XML_DECL + types).encode(),
        "_rels/.rels": _rels(
            [("rId1", REL_OFFICE_DOC, "xl/workbook.xml"), ("rId2", REL_UI, RIBBON_PART)]
        ),
        "xl/workbook.xml": (XML_DECL + workbook).encode(),
        "xl/_rels/workbook.xml.rels": _rels(
            [
                ("rId1", REL_WORKSHEET, "worksheets/sheet1.xml"),
                ("rId2", REL_STYLES, "styles.xml"),
                ("rId3", REL_VBA, "vbaProject.bin"),
            ]
        ),
        "xl/worksheets/sheet1.xml": (XML_DECL + sheet).encode(),
        "xl/styles.xml": (XML_DECL + styles).encode(),
        "xl/vbaProject.bin": vba,
        RIBBON_PART: ribbon,
    }


# --- the macro-enabled template --------------------------------------------------------------


def _rel_targets(xml: bytes, base_dir: str) -> dict[str, tuple[str, str]]:
    """rId -> (type, part name) for one .rels part."""
    out = {}
    for rel in ET.fromstring(xml).iter(f"{{{NS_PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join(base_dir, target)
        out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(part))
    return out


def _content_types(xml: bytes, workbook_part: str) -> bytes:
    text = xml.decode("utf-8")
    override = re.compile(
        rf'<Override\b[^>]*PartName="/{re.escape(workbook_part)}"[^>]*/>', re.IGNORECASE
    )
    match = override.search(text)
    if not match:
        raise ValueError("the template has no content type for its workbook part")
    fixed = re.sub(r'ContentType="[^"]*"', f'ContentType="{CT_XLSM}"', match.group(0))
    text = text[: match.start()] + fixed + text[match.end() :]
    defaults = {
        "bin": CT_VBA,
        "xml": "application/xml",
    }
    for ext, ctype in defaults.items():
        if not re.search(rf'<Default\b[^>]*Extension="{ext}"', text, re.IGNORECASE):
            start = re.search(r"<Types\b[^>]*>", text)
            if start is None:
                raise ValueError("[Content_Types].xml has no <Types> start tag")
            default = f'<Default Extension="{ext}" ContentType="{ctype}"/>'
            text = text[: start.end()] + default + text[start.end() :]
    if not re.search(rf'Extension="bin"[^>]*ContentType="{re.escape(CT_VBA)}"', text):
        raise ValueError("the template maps .bin parts to another content type")
    return text.encode("utf-8")


def _xlsm_parts(template: Path, ribbon: bytes, macros_dir: Traversable) -> dict[str, bytes]:
    with zipfile.ZipFile(template) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    top = _rel_targets(parts["_rels/.rels"], "")
    workbook_part = next(p for t, p in top.values() if t == REL_OFFICE_DOC)
    wb_dir = posixpath.dirname(workbook_part)
    wb_rels_part = posixpath.join(wb_dir, "_rels", posixpath.basename(workbook_part) + ".rels")
    wb_rels = _rel_targets(parts[wb_rels_part], wb_dir)

    # Every worksheet gets a code name and an empty document module, as Excel would give it.
    ns = {"m": NS_MAIN}
    used = set()
    for part in (p for t, p in wb_rels.values() if t == REL_WORKSHEET):
        used.update(re.findall(r'<sheetPr\b[^>]*\bcodeName="([^"]*)"', parts[part].decode()))
    code_names = []
    for sheet in ET.fromstring(parts[workbook_part]).findall("m:sheets/m:sheet", ns):
        rel_type, part = wb_rels[sheet.get(f"{{{NS_REL}}}id", "")]
        if rel_type != REL_WORKSHEET:
            continue  # chart sheets keep no code module
        n = len(code_names) + 1
        while f"Sheet{n}" in used:
            n += 1
        parts[part], name = _set_code_name(parts[part], "sheetPr", "worksheet", f"Sheet{n}")
        used.add(name)
        code_names.append(name)
    parts[workbook_part], book_name = _set_code_name(
        parts[workbook_part], "workbookPr", "workbook", "ThisWorkbook"
    )
    modules = project_modules(code_names, macros_dir)
    modules[0] = document_module(book_name, WORKBOOK_BASE)

    # Replace whatever VBA project and ribbon the template had.
    parts[wb_rels_part], old_vba = _drop_rels(parts[wb_rels_part], REL_VBA)
    parts["_rels/.rels"], old_ui = _drop_rels(parts["_rels/.rels"], REL_UI)
    for target in old_vba:
        parts.pop(posixpath.normpath(posixpath.join(wb_dir, target)), None)
    for target in old_ui:
        parts.pop(posixpath.normpath(target.lstrip("/")), None)
    parts[wb_rels_part] = _add_rel(parts[wb_rels_part], REL_VBA, "vbaProject.bin")
    parts["_rels/.rels"] = _add_rel(parts["_rels/.rels"], REL_UI, RIBBON_PART)
    parts["[Content_Types].xml"] = _content_types(parts["[Content_Types].xml"], workbook_part)
    parts[posixpath.join(wb_dir, "vbaProject.bin")] = vba_project_bin(modules)
    parts[RIBBON_PART] = ribbon
    return parts


class TemplateNotFound(FileNotFoundError):
    """The workbook template for the .xlsm is not there (an input, not a write)."""


def build(
    output: Path,
    template: Path | Traversable | None = None,
    macros_dir: Traversable = MACROS_DIR,
) -> list[Path]:
    """Write the add-in and the macro workbook; return the paths written.

    `output` is a folder (``xlgoals.xlam`` and ``xlgoals.xlsm`` go in it) or a file name ending
    in .xlam or .xlsm (just that file is written)."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix in (".xlam", ".xlsm"):
        xlam, xlsm = (output, None) if suffix == ".xlam" else (None, output)
    else:
        xlam, xlsm = output / ADDIN_NAME, output / WORKBOOK_NAME
    template = template if template is not None else DEFAULT_TEMPLATE
    if xlsm is not None and not template.is_file():
        raise TemplateNotFound(f"找不到工作簿模板 / workbook template not found: {template}")
    ribbon = macros_dir.joinpath("customUI.xml").read_bytes()
    ET.fromstring(ribbon)  # refuse to ship a ribbon Office would silently drop
    written = []
    if xlam is not None:
        _write_zip(xlam, _addin_parts(ribbon, macros_dir))
        written.append(xlam)
    if xlsm is not None:
        with as_file(template) as path:
            parts = _xlsm_parts(path, ribbon, macros_dir)
        _write_zip(xlsm, parts)
        written.append(xlsm)
    return written
