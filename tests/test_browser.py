"""The Office.js task pane in a real headless Chromium, loaded from our running server.

Everything the page loads must come from our server (government networks reach no CDN), every
script must load, and every ribbon action must be registered. Then, with a small stand-in for
the Office host object only (tests/support/office_stand_in.js: Office.onReady, requirements,
dialogs, Office.actions.associate, Excel.run over a plain workbook), a click on 检查填报 runs
xlwings-server's own client: it reads the workbook, posts the real payload to the server, and
applies the actions that come back, xlgoals.js included (fills recorded, protection lifted
and given back); 清除标记 then gives back every fill.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import openpyxl
import pytest
from support.chromium import Page, chromium
from support.live_server import TOKEN, running
from support.payloads import book_payload

from xlgoals.problems import problem_list
from xlgoals.server.manifest import ACTIONS
from xlgoals.validation import validate_file
from xlgoals.write.annotate import by_cell, worst
from xlgoals.write.styles import SEVERITY_FILL

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = sorted(ROOT.glob("examples/departments/*.xlsx"))[0]
STAND_IN = (Path(__file__).parent / "support" / "office_stand_in.js").read_text(encoding="utf-8")
CALLBACKS = ("xlgoalsRecordFill", "xlgoalsClearFill", "xlgoalsUnprotect", "xlgoalsReprotect")

pytestmark = pytest.mark.skipif(chromium() is None, reason="chromium is not installed")


def workbook_model(path: Path) -> dict:
    """The example as the stand-in host holds it: values as Office.js reads them, the fills
    and protection of the file."""
    payload = book_payload(path, "Office.js")
    workbook = openpyxl.load_workbook(path)
    sheets = []
    for sheet, sent in zip(workbook.worksheets, payload["sheets"], strict=True):
        fills = {
            cell.coordinate: cell.fill.fgColor.rgb[-6:].upper()
            for row in sheet.iter_rows()
            for cell in row
            if cell.fill.fill_type == "solid" and isinstance(cell.fill.fgColor.rgb, str)
        }
        options = {"allowFormatRows": not sheet.protection.formatRows, "allowSort": False}
        sheets.append(
            {
                "name": sheet.title,
                "values": sent["values"],
                "fills": fills,
                "links": {},
                "protection": {"protected": bool(sheet.protection.sheet), "options": options},
            }
        )
    names = [
        {"name": n["name"], "formula": n["refers_to"]} for n in payload["names"] if n["book_scope"]
    ]
    return {"name": path.name, "sheets": sheets, "names": names, "active": sheets[0]["name"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with running(tmp_path_factory.mktemp("inbox")) as base:
        yield base


@pytest.fixture
def page(server: str):
    browser = Page(chromium())
    try:
        for domain in ("Page", "Runtime", "Network"):
            browser.send(f"{domain}.enable")
        model = json.dumps(workbook_model(EXAMPLE), ensure_ascii=False)
        browser.send(
            "Page.addScriptToEvaluateOnNewDocument",
            source=f"globalThis.xlgoalsTestBook = {model};\n{STAND_IN}",
        )
        browser.send("Page.navigate", url=server + "/taskpane.html")
        browser.wait_for("Page.loadEventFired")
        wait_until(
            browser, f"Object.keys(globalThis.xlgoalsRibbon || {{}}).length === {len(ACTIONS)}"
        )
        yield browser
    finally:
        browser.close()


def wait_until(page: Page, condition: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not page.evaluate(f"Boolean({condition})"):
        assert time.monotonic() < deadline, f"not within {seconds} s: {condition}"
        page.drain(0.2)


def events(page: Page, method: str) -> list[dict]:
    return [e["params"] for e in page.events if e.get("method") == method]


def click(page: Page, action: str) -> dict:
    """Run a ribbon button as Office would (the function associated with its FunctionName) and
    return the workbook afterwards."""
    name = json.dumps(action)
    page.evaluate(
        f"new Promise((done) => globalThis.xlgoalsRibbon[{name}]({{ completed: done }}))",
        timeout=120,
    )
    return page.evaluate("globalThis.xlgoalsTestBook")


def save_token(page: Page, token: str) -> None:
    """As a clerk does: type the token into the task pane and save it."""
    value = json.dumps(token)
    page.evaluate(
        f"document.getElementById('xlgoals-token').value = {value};"
        "document.getElementById('xlgoals-token-form').requestSubmit(); true"
    )


def test_the_task_pane_loads_everything_from_our_server(page: Page, server: str) -> None:
    page.drain(1)
    requested = [e["request"]["url"] for e in events(page, "Network.requestWillBeSent")]
    assert requested and all(url.startswith(server + "/") for url in requested), [
        url for url in requested if not url.startswith(server)
    ]
    statuses = {
        e["response"]["url"]: e["response"]["status"]
        for e in events(page, "Network.responseReceived")
    }
    scripts = page.evaluate("[...document.scripts].filter((s) => s.src).map((s) => s.src)")
    assert len(scripts) > 10
    for src in scripts:
        assert statuses.get(src) == 200, src
    assert any("office.js" in s for s in scripts) and any("xlgoals.js" in s for s in scripts)
    assert not events(page, "Network.loadingFailed")
    assert [e["exceptionDetails"] for e in events(page, "Runtime.exceptionThrown")] == []
    assert sorted(page.evaluate("Object.keys(globalThis.xlgoalsStandIn.registry)")) == sorted(
        ACTIONS
    )
    callbacks = page.evaluate("Object.keys(globalThis.callbacks)")
    assert set(CALLBACKS) <= set(callbacks)
    buttons = page.evaluate(
        "[...document.querySelectorAll('[xw-click]')].map((b) => b.getAttribute('xw-click'))"
    )
    assert buttons == list(ACTIONS)


def test_a_click_posts_the_workbook_and_applies_the_marks(page: Page) -> None:
    before = page.evaluate("globalThis.xlgoalsTestBook")
    save_token(page, TOKEN)
    after = click(page, "validate")
    findings = validate_file(EXAMPLE).findings
    marked = {cell: SEVERITY_FILL[worst(items).value] for cell, items in by_cell(findings).items()}
    sheets = {s["name"]: s for s in after["sheets"]}
    for (sheet, cell), colour in marked.items():
        assert sheets[sheet]["fills"][cell] == colour, (sheet, cell)
    recorded = [n["name"] for n in after["names"] if n["name"].startswith("xlgoals_mark_")]
    assert len(recorded) == len(marked)
    assert [s["name"] for s in after["sheets"]][-1] == problem_list.SHEET
    listing = sheets[problem_list.SHEET]["values"]
    assert tuple(listing[0]) == problem_list.COLUMNS and len(listing) == len(findings) + 1
    for original in before["sheets"]:  # protection given back with the sheet's own options
        assert sheets[original["name"]]["protection"] == original["protection"]
    dialogs = page.evaluate("globalThis.xlgoalsStandIn.dialogs")
    assert any("检查完成" in d and f"已标出 {len(marked)} 个单元格" in d for d in dialogs), dialogs

    cleared = click(page, "clear_marks")
    assert [s["name"] for s in cleared["sheets"]] == [s["name"] for s in before["sheets"]]
    for now, original in zip(cleared["sheets"], before["sheets"], strict=True):
        assert now["fills"] == original["fills"], now["name"]  # none where none was
        assert now["protection"] == original["protection"]
    assert cleared["names"] == before["names"]
    dialogs = page.evaluate("globalThis.xlgoalsStandIn.dialogs")
    assert any(f"已清除 {len(marked)} 个单元格的标记和问题清单" in d for d in dialogs), dialogs


def test_without_the_token_nothing_is_changed_and_the_clerk_is_told(page: Page) -> None:
    before = page.evaluate("globalThis.xlgoalsTestBook")
    after = click(page, "validate")
    assert after == before
    dialogs = page.evaluate("globalThis.xlgoalsStandIn.dialogs")
    assert any("访问口令" in d for d in dialogs), dialogs
