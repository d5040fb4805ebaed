"""The ribbon add-in and macro workbook, checked without Excel: oletools and LibreOffice read
the VBA projects independently of our writer."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import uuid
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
import xlwings

from xlgoals.addin import build
from xlgoals.addin.build import (
    CT_ADDIN,
    CT_VBA,
    CT_XLSM,
    DEFAULT_TEMPLATE,
    MACROS_DIR,
    REL_UI,
    REL_VBA,
    RIBBON_PART,
)

with warnings.catch_warnings():  # oletools' pyparsing grammar warns on import
    warnings.simplefilter("ignore")
    from oletools.olevba import VBA_Parser

CUSTOMUI_NS = "{http://schemas.microsoft.com/office/2009/07/customui}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ACTIONS = [
    "validate",
    "subtotals",
    "comparators",
    "clear_marks",
    "add_project_sheet",
    "score",
    "merge",
]
XLWINGS_BAS = Path(xlwings.__file__).parent / "xlwings.bas"


def _template(path: Path) -> Path:
    """A small stand-in for the standard template: Chinese sheet names, one sheetPr already."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "部门整体绩效目标表"
    ws["A1"] = "部门（单位）名称"
    project = wb.create_sheet("项目绩效目标表")
    project.sheet_properties.tabColor = "FF0000"
    project["B2"] = "年度资金总额"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("addin")
    template = _template(root / "template.xlsx")
    xlam, xlsm = build(root / "out", template)
    return xlam, xlsm, template


def _norm(text: str) -> str:
    """Compare sources modulo line endings and trailing blank lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")


def _olevba_modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {
            stream.split("/")[-1]: code
            for _, stream, _, code in parser.extract_macros()
            if stream.startswith("VBA/")
        }
    finally:
        parser.close()


def _expected_sources() -> dict[str, str]:
    sources = {"xlwings": XLWINGS_BAS.read_text(encoding="ascii")}
    for bas in MACROS_DIR.glob("*.bas"):
        name = re.search(r'Attribute VB_Name = "([^"]+)"', bas.read_text()).group(1)
        sources[name] = bas.read_text(encoding="utf-8")
    return sources


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


# --- the VBA project, read by oletools -------------------------------------------------------


@pytest.mark.parametrize("which", [0, 1], ids=["xlam", "xlsm"])
def test_olevba_reads_every_module(built: tuple[Path, Path, Path], which: int) -> None:
    modules = _olevba_modules(built[which])
    expected = _expected_sources()
    for name, source in expected.items():
        assert _norm(modules[name]) == _norm(source), name
    documents = set(modules) - set(expected)
    assert "ThisWorkbook" in documents
    for name in documents:
        assert modules[name].startswith(f'Attribute VB_Name = "{name}"')


def test_xlwings_module_matches_installed_version(built: tuple[Path, Path, Path]) -> None:
    source = _olevba_modules(built[0])["xlwings"]
    assert f"'Version: {xlwings.__version__}" in source
    assert f"xlwings64-{xlwings.__version__}.dll" in source


def test_macros_are_ascii() -> None:
    # VBA keeps source in the project's ANSI code page; ASCII reads the same in all of them.
    for bas in MACROS_DIR.glob("*.bas"):
        bas.read_text(encoding="utf-8").encode("ascii")


def test_one_sub_per_action_calls_xlgoals_excel() -> None:
    source = (MACROS_DIR / "xlgoals.bas").read_text()
    for action in ACTIONS:
        call = f'RunPython "import xlgoals.excel as xg; xg.{action}()"'
        assert source.count(call) == 1, action


# --- the ribbon ------------------------------------------------------------------------------


def _ribbon(parts: dict[str, bytes]) -> ET.Element:
    rels = ET.fromstring(parts["_rels/.rels"])
    targets = [
        r.get("Target", "").lstrip("/")
        for r in rels.iter(f"{PKG_REL_NS}Relationship")
        if r.get("Type") == REL_UI
    ]
    assert targets == [RIBBON_PART]
    return ET.fromstring(parts[RIBBON_PART])


@pytest.mark.parametrize("which", [0, 1], ids=["xlam", "xlsm"])
def test_ribbon_actions_name_existing_subs(built: tuple[Path, Path, Path], which: int) -> None:
    ribbon = _ribbon(_parts(built[which]))
    assert ribbon.tag == f"{CUSTOMUI_NS}customUI"
    code = "\n".join(_olevba_modules(built[which]).values())
    subs = set(re.findall(r"^Sub (\w+)\(control As IRibbonControl\)", code, re.MULTILINE))
    buttons = list(ribbon.iter(f"{CUSTOMUI_NS}button"))
    assert sorted(b.get("tag") for b in buttons) == sorted(ACTIONS)
    for button in buttons:
        assert button.get("onAction") in subs
        assert button.get("imageMso") and button.get("label")
    tab = ribbon.find(f".//{CUSTOMUI_NS}tab")
    assert tab is not None and tab.get("label") == "绩效目标"
    groups = {g.get("label"): [b.get("tag") for b in g] for g in tab}
    assert groups == {
        "部门填报": [
            "validate",
            "subtotals",
            "comparators",
            "clear_marks",
            "add_project_sheet",
            "score",
        ],
        "财政局汇总": ["merge"],
    }


# --- the packages ----------------------------------------------------------------------------


def _content_types(parts: dict[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    root = ET.fromstring(parts["[Content_Types].xml"])
    defaults = {e.get("Extension"): e.get("ContentType") for e in root if "Default" in e.tag}
    overrides = {e.get("PartName"): e.get("ContentType") for e in root if "Override" in e.tag}
    return defaults, overrides


@pytest.mark.parametrize(("which", "ctype"), [(0, CT_ADDIN), (1, CT_XLSM)], ids=["xlam", "xlsm"])
def test_package_types_and_vba_relationship(
    built: tuple[Path, Path, Path], which: int, ctype: str
) -> None:
    parts = _parts(built[which])
    defaults, overrides = _content_types(parts)
    assert overrides["/xl/workbook.xml"] == ctype
    assert defaults["bin"] == CT_VBA
    rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    vba = [r.get("Target") for r in rels if r.get("Type") == REL_VBA]
    assert vba == ["vbaProject.bin"] and "xl/vbaProject.bin" in parts


def test_xlsm_keeps_the_template(built: tuple[Path, Path, Path]) -> None:
    _, xlsm, template = built
    before, after = _parts(template), _parts(xlsm)
    edited = {
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/_rels/workbook.xml.rels",
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
    }
    for name, data in before.items():
        if name not in edited:
            assert after[name] == data, name
    assert set(after) - set(before) == {"xl/vbaProject.bin", RIBBON_PART}
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    assert wb.sheetnames == ["部门整体绩效目标表", "项目绩效目标表"]
    assert wb.code_name == "ThisWorkbook"
    assert [ws.sheet_properties.codeName for ws in wb] == ["Sheet1", "Sheet2"]
    assert wb["项目绩效目标表"].sheet_properties.tabColor.rgb == "00FF0000"
    assert set(_olevba_modules(xlsm)) >= {"ThisWorkbook", "Sheet1", "Sheet2"}


def test_build_is_reproducible(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    again = build(tmp_path, built[2])
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in built[:2]]


def test_build_replaces_an_existing_vba_project(
    built: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, xlsm = build(tmp_path / "twice", built[1])  # the .xlsm as template
    parts = _parts(xlsm)
    assert parts["_rels/.rels"].count(REL_UI.encode()) == 1
    assert parts["xl/_rels/workbook.xml.rels"].count(REL_VBA.encode()) == 1
    assert parts["[Content_Types].xml"].count(b'Extension="bin"') == 1
    assert _parts(built[1])["xl/vbaProject.bin"] == parts["xl/vbaProject.bin"]


def test_missing_template_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        build(tmp_path, tmp_path / "nope.xlsx")


@pytest.mark.skipif(not DEFAULT_TEMPLATE.is_file(), reason="standard template not built yet")
def test_build_with_the_standard_template(tmp_path: Path) -> None:
    _, xlsm = build(tmp_path)
    assert "xlgoals" in _olevba_modules(xlsm)


def test_default_paths_point_into_the_repo() -> None:
    assert MACROS_DIR.joinpath("customUI.xml").is_file()


# --- LibreOffice reads the project on its own ------------------------------------------------

LO_SCRIPT = r"""
import json, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

def pv(name, value):
    return PropertyValue(Name=name, Value=value)

doc_path, profile, pipe, filter_name = sys.argv[1:5]
proc = subprocess.Popen(
    ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
     "--nolockcheck", "-env:UserInstallation=" + profile, "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(900):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except NoConnectException:
            time.sleep(0.1)
    else:
        sys.exit("soffice did not answer")
    smgr = ctx.ServiceManager
    provider = smgr.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    vba = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (pv("nodepath", "/org.openoffice.Office.Calc/Filter/Import/VBA"),))
    vba.setPropertyValue("Load", True)
    vba.setPropertyValue("Executable", True)  # import as code, not as comments
    vba.commitChanges()
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(doc_path), "_blank", 0,
        (pv("Hidden", True), pv("MacroExecutionMode", 4), pv("FilterName", filter_name)))
    libs = doc.BasicLibraries
    out = {}
    for name in libs.getElementNames():
        libs.loadLibrary(name)
        lib = libs.getByName(name)
        out[name] = {m: lib.getByName(m) for m in lib.getElementNames()}
    doc.close(True)
    print(json.dumps(out))
finally:
    try:
        if desktop is not None:
            desktop.terminate()
    except Exception:
        pass
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
"""


def _libreoffice_modules(doc: Path, tmp_path: Path, filter_name: str) -> dict[str, str]:
    script = tmp_path / "lo_dump.py"
    script.write_text(LO_SCRIPT)
    profile = (tmp_path / "lo-profile").as_uri()
    pipe = f"xlgoals_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    proc = subprocess.Popen(
        ["/usr/bin/python3", str(script), str(doc), profile, pipe, filter_name],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so a timeout can end soffice too
    )
    try:
        out, err = proc.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("LibreOffice did not finish within 180 s")
    assert proc.returncode == 0, err
    return json.loads(out)["VBAProject"]


def _lo_norm(text: str) -> str:
    """LibreOffice drops Attribute lines and adds its own header; drop both sides' extras."""
    lines = _norm(text).split("\n")
    keep = [
        line
        for line in lines
        if not line.startswith(("Attribute VB_", "Rem Attribute VBA_ModuleType="))
        and line != "Option VBASupport 1"
    ]
    return "\n".join(keep).rstrip("\n")


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
@pytest.mark.parametrize(
    ("which", "filter_name"),
    [(0, "Calc MS Excel 2007 VBA XML"), (1, "Calc MS Excel 2007 VBA XML")],
    ids=["xlam", "xlsm"],
)
def test_libreoffice_reads_the_same_modules(
    built: tuple[Path, Path, Path], tmp_path: Path, which: int, filter_name: str
) -> None:
    lo = _libreoffice_modules(built[which], tmp_path, filter_name)
    ours = _olevba_modules(built[which])
    assert set(lo) == set(ours)
    for name, source in _expected_sources().items():
        assert _lo_norm(lo[name]) == _lo_norm(source), name
    assert "VBADocumentModule" in lo["ThisWorkbook"]
    assert "VBAModule" in lo["xlgoals"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
@pytest.mark.skipif(not DEFAULT_TEMPLATE.is_file(), reason="standard template not built yet")
def test_libreoffice_reads_the_standard_template_build(tmp_path: Path) -> None:
    _, xlsm = build(tmp_path / "out")
    lo = _libreoffice_modules(xlsm, tmp_path, "Calc MS Excel 2007 VBA XML")
    assert _lo_norm(lo["xlgoals"]) == _lo_norm(_expected_sources()["xlgoals"])
    sheets = openpyxl.load_workbook(xlsm, keep_vba=True).worksheets
    assert {ws.sheet_properties.codeName for ws in sheets} <= set(lo)


def test_code_names_are_added_in_schema_order_or_reused() -> None:
    from xlgoals.addin.build import _set_code_name

    book = b'<workbook xmlns="m"><fileVersion appName="xl"/><sheets/></workbook>'
    xml, name = _set_code_name(book, "workbookPr", "workbook", "ThisWorkbook")
    assert name == "ThisWorkbook"
    assert xml == (
        b'<workbook xmlns="m"><fileVersion appName="xl"/>'
        b'<workbookPr codeName="ThisWorkbook"/><sheets/></workbook>'
    )
    sheet = b'<worksheet xmlns="m"><sheetPr codeName="Dept"><tabColor rgb="1"/></sheetPr>'
    assert _set_code_name(sheet, "sheetPr", "worksheet", "Sheet1") == (sheet, "Dept")
    bare = b'<worksheet xmlns="m"><sheetProtection/><sheetData/></worksheet>'
    xml, _ = _set_code_name(bare, "sheetPr", "worksheet", "Sheet1")
    assert xml.startswith(b'<worksheet xmlns="m"><sheetPr codeName="Sheet1"/><sheetProtection/>')


@pytest.mark.parametrize("which", [0, 1], ids=["xlam", "xlsm"])
def test_the_vba_client_finds_every_function_xlgoals_server_asks_for(
    built: tuple[Path, Path, Path], which: int
) -> None:
    """xlgoals Server's runMacro actions name subs of xlgoals_remote.bas (workbook first)."""
    from xlgoals.excel.buttons import CLIENT_MACROS

    code = _olevba_modules(built[which])["xlgoalsRemote"]
    subs = re.findall(r"^Sub (\w+)\(wb As Workbook, sheetName As Variant", code, re.MULTILINE)
    assert sorted(subs) == sorted(CLIENT_MACROS)
