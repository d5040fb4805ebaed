"""What an .xlsx package's workbook part says about its sheets, parsed with defusedxml."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Collection
from pathlib import Path

from defusedxml.ElementTree import fromstring

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: a workbook part larger than this is not read just to list its sheets
_WORKBOOK_PART_BYTES = 1024 * 1024


def part_name(target: str) -> str:
    """A relationship target of the workbook part as a path inside the package."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet part (`xl/worksheets/sheet1.xml`), in workbook order.
    Raises what the zip or the XML parser raise on a damaged package."""
    workbook = fromstring(archive.read("xl/workbook.xml"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        r.get("Id"): part_name(r.get("Target", "")) for r in rels.iter(f"{_PACKAGE}Relationship")
    }
    return {
        s.get("name", ""): targets[s.get(_REL_ID)]
        for s in workbook.iter(f"{_MAIN}sheet")
        if s.get(_REL_ID) in targets
    }


def sheet_names(path: str | Path, among: Collection[str] = ()) -> list[str] | None:
    """The sheet names of an .xlsx/.xlsm package; None when it is no such package, or one too
    odd to list (damaged, encrypted, a huge workbook part): the reader then says why.

    `among`: only these names are wanted; a workbook part that holds none of them as UTF-8
    (as every writer puts them) gives [] without being parsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > _WORKBOOK_PART_BYTES or info.flag_bits & 0x1:
                return None
            if among:
                part = archive.read(info)
                if not any(name.encode() in part for name in among):
                    return []
            return list(sheet_parts(archive))
    except Exception:  # any trouble is the reader's to report
        return None
