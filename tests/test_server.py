"""xlwings Server for the Office.js ribbon: FastAPI's TestClient posts client payloads to each
action and reads back the actions; the manifest is served and names every button."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from fastapi.testclient import TestClient
from support.payloads import book_payload
from test_excel import EXAMPLES, ROOT, licence  # noqa: F401 (the licence fixture)

from xlgoals.excel import buttons as excel
from xlgoals.problems import problem_list
from xlgoals.server import ACTIONS, BUTTONS, create_app

NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


TOKEN = "dhq-czj-2025-0123456789abcdef"


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("XLGOALS_TOKEN", f"another-bureau-token-xyz, {TOKEN}")
    monkeypatch.delenv("XLGOALS_AUTH", raising=False)
    return TestClient(
        create_app(),
        base_url="https://xlgoals.example.gov.cn",
        headers={"Authorization": TOKEN},
    )


def expected(action: str, payload: dict) -> list[dict]:
    book = xw.Book(json=payload)
    getattr(excel, action)(book)
    return book.json()["actions"]


@pytest.mark.parametrize("kind", ("VBA", "Office.js"))
@pytest.mark.parametrize("action", [a for a in ACTIONS if a != "merge"])
def test_every_action_endpoint(client: TestClient, action: str, kind: str) -> None:
    payload = book_payload(EXAMPLES[0], kind)
    response = client.post(f"/xlgoals/{action}", json=payload)
    assert response.status_code == 200, response.text
    actions = response.json()["actions"]
    assert actions == expected(action, payload)
    assert {a["func"] for a in actions} <= excel.CLIENT_ACTIONS[kind]
    assert actions[-1]["func"] == "alert"


def test_validate_endpoint_marks_and_lists(client: TestClient) -> None:
    payload = book_payload(EXAMPLES[1], "Office.js")
    actions = client.post("/xlgoals/validate", json=payload).json()["actions"]
    funcs = [a["func"] for a in actions]
    assert "setRangeColor" in funcs and "addNote" in funcs
    recorded = [a["args"] for a in actions if a["func"] == "runMacro"]
    assert any(args[0] == excel.RECORD_FILL_MACRO for args in recorded)
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added == [problem_list.SHEET]
    header = next(a for a in actions if a["func"] == "setValues")["values"][0]
    assert tuple(header) == problem_list.COLUMNS


def test_merge_endpoint(client: TestClient, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XLGOALS_INBOX", str(ROOT / "examples"))
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = excel.SOURCE_LABEL
    workbook.active["B1"] = "departments"
    path = tmp_path / "汇总.xlsx"
    workbook.save(path)
    actions = client.post("/xlgoals/merge", json=book_payload(path)).json()["actions"]
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added == ["预算汇总", "项目汇总", "指标明细", "问题清单"]


def test_unknown_action(client: TestClient) -> None:
    payload = book_payload(EXAMPLES[0])
    assert client.post("/xlgoals/format_disk", json=payload).status_code == 404


def test_payload_from_another_xlwings_version_is_refused_with_a_message(client) -> None:
    payload = book_payload(EXAMPLES[0], "VBA")
    payload["version"] = "0.0.1"
    response = client.post("/xlgoals/validate", json=payload)
    assert response.status_code == 500 and "无法打开工作簿" in response.text


def test_manifest_names_every_button(client: TestClient) -> None:
    response = client.get("/manifest.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    strings = {s.get("id"): s.get("DefaultValue") for s in root.iter(f"{{{NS['bt']}}}String")}
    assert strings["Tab.Label"] == "绩效目标"
    controls = root.findall(".//v:Control", NS)
    assert [c.find("v:Action/v:FunctionName", NS).text for c in controls] == list(ACTIONS)
    for control, button in zip(controls, BUTTONS, strict=True):
        assert control.get(XSI_TYPE) == "Button"
        assert strings[control.find("v:Label", NS).get("resid")] == button.label
    urls = [e.get("DefaultValue") for e in root.iter() if e.get("DefaultValue", "").startswith("h")]
    assert urls and all(u.startswith("https://xlgoals.example.gov.cn/") for u in urls)


def test_manifest_labels_match_the_desktop_ribbon(client: TestClient) -> None:
    ribbon = ET.parse(ROOT / "macros" / "customUI.xml").getroot()
    desktop = {b.get("tag"): b.get("label") for b in ribbon.iter() if b.get("tag")}
    assert desktop == {b.action: b.label for b in BUTTONS}


def test_manifest_uses_the_public_url(client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLGOALS_PUBLIC_URL", "https://czj.example.gov.cn/xlgoals/")
    text = client.get("/manifest.xml").text
    assert "https://czj.example.gov.cn/xlgoals/taskpane.html" in text


def test_taskpane_and_icons(client: TestClient) -> None:
    page = client.get("/taskpane.html").text
    assert f"xlwings@{xw.__version__}" in page and "office.js" in page
    for macro in excel.CLIENT_MACROS:
        assert f"async function {macro}(context, sheetName" in page
    assert "xlgoalsCallbacks.forEach" in page
    for button in BUTTONS:
        assert f'"{button.action}"' in page and button.label in page
    for size in (16, 32, 80):
        png = client.get(f"/icons/icon-{size}.png").content
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert struct.unpack(">II", png[16:24]) == (size, size)
    assert client.get("/icons/icon-7.png").status_code == 404


def test_alert_dialog(client: TestClient) -> None:
    response = client.get(
        "/xlwings/alert",
        params={"prompt": "检查完成", "title": "绩效目标", "buttons": "ok", "mode": "info",
                "callback": ""},
    )  # fmt: skip
    assert response.status_code == 200 and "检查完成" in response.text


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
        ("another-bureau-token-xyz", 200),
    ],
)
def test_actions_need_the_shared_token(client: TestClient, header, status: int) -> None:
    headers = {} if header is None else {"Authorization": header}
    anonymous = TestClient(client.app, base_url=str(client.base_url), headers=headers)
    response = anonymous.post("/xlgoals/validate", json=book_payload(EXAMPLES[0]))
    assert response.status_code == status, response.text
    if status == 401:
        assert "口令" in response.text and "actions" not in response.text


@pytest.mark.parametrize(
    "environ, status, says",
    [
        ({}, 503, "XLGOALS_TOKEN"),
        ({"XLGOALS_TOKEN": "short"}, 503, "太短"),
        ({"XLGOALS_AUTH": "none"}, 200, ""),
    ],
)
def test_a_server_without_a_token_refuses_unless_told_to_be_open(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, environ: dict, status: int, says: str
) -> None:
    monkeypatch.delenv("XLGOALS_TOKEN")
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    response = client.post("/xlgoals/validate", json=book_payload(EXAMPLES[0]))
    assert response.status_code == status and says in response.text


def test_the_public_parts_need_no_token(client: TestClient) -> None:
    anonymous = TestClient(client.app, base_url=str(client.base_url))
    for url in ("/manifest.xml", "/taskpane.html", "/icons/icon-32.png"):
        assert anonymous.get(url).status_code == 200, url
