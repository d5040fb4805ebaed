"""xlgoals on xlwings-server, running for real (tests/support/live_server.py): each action is a
script that takes both clients' payloads and answers actions those clients replay; the shared
token guards them; the manifest and the task pane come from our project.

Microsoft publishes no add-in manifest schema (XSD) in a PyPI or npm package (the npm
`office-addin-manifest` validates through a web service), so the manifest is checked here for
what Office needs of it: its parts, the ExcelApi level, every URL on our server."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import openpyxl
import pytest
import xlwings as xw
from support.live_server import OTHER_TOKEN, TOKEN, running
from support.payloads import book_payload
from test_excel import EXAMPLES, ROOT, licence  # noqa: F401 (the licence fixture)

from xlgoals.excel import buttons as excel
from xlgoals.problems import problem_list
from xlgoals.server import ACTIONS, BUTTONS
from xlgoals.server.manifest import EXCEL_API

NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
SCRIPT = "/xlwings/custom-scripts-call/"


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inbox")
    shutil.copytree(ROOT / "examples" / "departments", root / "东湖区")
    return root


@pytest.fixture(scope="module")
def server(inbox: Path):
    with running(inbox) as base:
        yield base


def post(base: str, action: str, payload: dict, token: str | None = TOKEN) -> httpx.Response:
    headers = {} if token is None else {"Authorization": token}
    return httpx.post(base + SCRIPT + action, json=payload, headers=headers, timeout=120)


def expected(action: str, payload: dict) -> list[dict]:
    book = xw.Book(json=payload)
    getattr(excel, action)(book)
    return book.json()["actions"]


@pytest.mark.parametrize("kind", ("VBA", "Office.js"))
@pytest.mark.parametrize("action", [a for a in ACTIONS if a != "merge"])
def test_every_action_is_a_script(server: str, action: str, kind: str) -> None:
    payload = book_payload(EXAMPLES[0], kind)
    response = post(server, action, payload)
    assert response.status_code == 200, response.text
    actions = response.json()["actions"]
    assert actions == expected(action, payload)
    assert {a["func"] for a in actions} <= excel.CLIENT_ACTIONS[kind]
    assert actions[-1]["func"] == "alert"


def test_the_scripts_are_exactly_the_six_actions(server: str) -> None:
    meta = httpx.get(server + "/xlwings/custom-scripts-meta.json", timeout=30).json()
    assert sorted(m["function_name"] for m in meta) == sorted(ACTIONS)
    unknown = post(server, "format_disk", book_payload(EXAMPLES[0]))
    assert unknown.status_code >= 400 and "actions" not in unknown.text


def test_validate_marks_and_lists(server: str) -> None:
    payload = book_payload(EXAMPLES[1], "Office.js")
    actions = post(server, "validate", payload).json()["actions"]
    funcs = [a["func"] for a in actions]
    assert "setRangeColor" in funcs and "addNote" in funcs
    recorded = [a["args"] for a in actions if a["func"] == "runMacro"]
    assert any(args[0] == excel.RECORD_FILL_MACRO for args in recorded)
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added == [problem_list.SHEET]
    header = next(a for a in actions if a["func"] == "setValues")["values"][0]
    assert tuple(header) == problem_list.COLUMNS


def _consolidation(tmp_path: Path, folder: str) -> dict:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = excel.SOURCE_LABEL
    workbook.active["B1"] = folder
    path = tmp_path / "汇总.xlsx"
    workbook.save(path)
    return book_payload(path)


def test_merge_reads_the_inbox(server: str, tmp_path: Path) -> None:
    actions = post(server, "merge", _consolidation(tmp_path, "东湖区")).json()["actions"]
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added == ["预算汇总", "项目汇总", "指标明细", "问题清单"]


@pytest.mark.parametrize("folder", ["/", "/etc", "../..", str(ROOT / "examples")])
def test_merge_reads_nothing_outside_the_inbox(server: str, tmp_path: Path, folder: str) -> None:
    actions = post(server, "merge", _consolidation(tmp_path, folder)).json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    assert "收件箱" in actions[0]["args"][0] or "完整路径" in actions[0]["args"][0]


def test_a_payload_from_another_xlwings_version_is_refused(server: str) -> None:
    payload = book_payload(EXAMPLES[0], "VBA")
    payload["version"] = "0.0.1"
    response = post(server, "validate", payload)
    assert response.status_code >= 400 and "actions" not in response.text


# ---------------------------------------------------------------- authentication


@pytest.mark.parametrize(
    "header, status",
    [
        (None, 401),
        ("", 401),
        ("wrong-token-0123456789", 401),
        (TOKEN[:-1], 401),
        (TOKEN + "x", 401),
        ("Bearer " + TOKEN, 200),
        (OTHER_TOKEN, 200),
    ],
)
def test_scripts_need_the_shared_token(server: str, header: str | None, status: int) -> None:
    response = post(server, "validate", book_payload(EXAMPLES[0]), token=header)
    assert response.status_code == status, response.text
    if status == 401:
        assert "口令" in response.json()["detail"] and "actions" not in response.text


@pytest.mark.parametrize(
    "environ, status, says",
    [
        ({"XLGOALS_TOKEN": ""}, 503, "XLGOALS_TOKEN"),
        ({"XLGOALS_TOKEN": "short"}, 503, "太短"),
        ({"XLGOALS_TOKEN": "", "XLGOALS_AUTH": "none"}, 200, "actions"),
    ],
)
def test_a_server_without_a_token_refuses_unless_told_to_be_open(
    inbox: Path, environ: dict, status: int, says: str
) -> None:
    with running(inbox, **environ) as base:
        response = post(base, "validate", book_payload(EXAMPLES[0]), token=None)
    assert response.status_code == status and says in response.text


def test_the_public_parts_need_no_token(server: str) -> None:
    for url in ("/manifest.xml", "/taskpane.html", "/static/images/icons/icon-32.png"):
        assert httpx.get(server + url, timeout=30).status_code == 200, url


# ---------------------------------------------------------------- manifest and task pane


def manifest(base: str) -> ET.Element:
    return ET.fromstring(httpx.get(base + "/manifest.xml", timeout=30).content)


def test_the_manifest_names_every_button(server: str) -> None:
    root = manifest(server)
    strings = {s.get("id"): s.get("DefaultValue") for s in root.iter(f"{{{NS['bt']}}}String")}
    assert strings["Tab.Label"] == "绩效目标"
    controls = root.findall(".//v:Control", NS)
    assert [c.find("v:Action/v:FunctionName", NS).text for c in controls] == list(ACTIONS)
    for control, button in zip(controls, BUTTONS, strict=True):
        assert control.get(XSI_TYPE) == "Button"
        assert strings[control.find("v:Label", NS).get("resid")] == button.label
    path = "v:VersionOverrides/v:Hosts/v:Host/v:DesktopFormFactor/v:FunctionFile"
    assert root.find(path, NS) is not None


def test_the_manifest_asks_for_the_excel_api_the_client_needs(server: str) -> None:
    sets = manifest(server).findall("o:Requirements/o:Sets/o:Set", NS)
    assert [(s.get("Name"), s.get("MinVersion")) for s in sets] == [("ExcelApi", EXCEL_API)]
    assert EXCEL_API == "1.9"  # getBookData's print areas, RangeFill.pattern (xlgoals.js)
    used = (ROOT / "xlgoals/server/project/static/js/xlgoals.js").read_text(encoding="utf-8")
    assert "pattern" in used and "protection.options" in used


def test_every_url_of_the_manifest_is_served_by_our_server(server: str) -> None:
    root = manifest(server)
    urls = [e.get("DefaultValue") for e in root.iter() if "://" in (e.get("DefaultValue") or "")]
    urls += [e.text for e in root.iter(f"{{{NS['o']}}}AppDomain")]
    assert len(urls) >= 8
    for url in urls:
        assert url.startswith(server), url
        if url != server:
            assert httpx.get(url, timeout=30).status_code == 200, url


def test_the_manifest_uses_the_public_host_name(inbox: Path) -> None:
    with running(inbox, XLWINGS_HOSTNAME="czj.example.gov.cn") as base:
        text = httpx.get(base + "/manifest.xml", timeout=30).text
    assert "https://czj.example.gov.cn/taskpane.html" in text and "127.0.0.1" not in text


def test_the_manifest_labels_match_the_desktop_ribbon() -> None:
    ribbon = ET.parse(ROOT / "macros" / "customUI.xml").getroot()
    desktop = {b.get("tag"): b.get("label") for b in ribbon.iter() if b.get("tag")}
    assert desktop == {b.action: b.label for b in BUTTONS}


def test_the_task_pane_has_every_button(server: str) -> None:
    page = httpx.get(server + "/taskpane.html", timeout=30).text
    for button in BUTTONS:
        assert f'xw-click="{button.action}"' in page and button.label in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert len(assets) > 10 and all(a.startswith("/") for a in assets), assets
    assert "/static/js/xlgoals.js" in page and "/static/vendor/office-js/" in page
