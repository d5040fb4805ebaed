"""xlwings Server for the 绩效目标 ribbon in Excel on the web, Mac and Windows (Office.js), and for
the VBA client: no Python on the clerks' computers.

    XLWINGS_LICENSE_KEY=noncommercial uvicorn xlgoals.server:app --host 0.0.0.0 --port 8000 \\
        --ssl-keyfile key.pem --ssl-certfile cert.pem

Routes:

* `POST /xlgoals/<action>` for each ribbon action (validate, subtotals, comparators, clear_marks,
  add_project_sheet, merge): takes the xlwings client's payload, runs `xlgoals.excel.<action>` on
  `xw.Book(json=payload)` and returns the actions for the client (`book.json()`);
* `GET /manifest.xml`: the add-in manifest, pointing at this server (XLGOALS_PUBLIC_URL, else the
  URL the request came to);
* `GET /taskpane.html`: the page Office loads for the buttons (and a small task pane);
* `GET /icons/icon-<16|32|64|80>.png`, `GET /xlwings/alert` (the dialog behind xlwings alerts).

Needs the `server` extra (fastapi, uvicorn, jinja2). xlwings Server is xlwings PRO code: free for
noncommercial use, which includes government institutions, under the PolyForm Noncommercial
License 1.0.0 (set XLWINGS_LICENSE_KEY=noncommercial); any other use needs a paid key.
"""

# No `from __future__ import annotations` here: FastAPI reads the endpoints' annotations at
# runtime, and the types are imported inside create_app.
import os
from typing import Any

from xlgoals import excel
from xlgoals.data import ICON_SIZES, data_dir
from xlgoals.data import icon as icon_png
from xlgoals.excel.engine import enable_remote_engine
from xlgoals.server import token
from xlgoals.server.manifest import ACTIONS, BUTTONS, manifest

__all__ = ["ACTIONS", "BUTTONS", "app", "create_app", "manifest"]

#: xlwings.js from the CDN, same version as the Python package (override: XLGOALS_XLWINGS_JS)
XLWINGS_JS = "https://cdn.jsdelivr.net/gh/xlwings/xlwings@{version}/xlwingsjs/dist/xlwings.min.js"
OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"


def create_app() -> Any:
    """The FastAPI app (a function, so tests and deployments can build their own)."""
    import jinja2
    import xlwings as xw
    from fastapi import Body, FastAPI, Header, HTTPException, Request
    from fastapi.responses import HTMLResponse, PlainTextResponse, Response
    from fastapi.templating import Jinja2Templates

    app = FastAPI(title="xlgoals 绩效目标", docs_url=None, redoc_url=None)
    templates = Jinja2Templates(
        env=jinja2.Environment(loader=jinja2.PackageLoader("xlwings", "html"), autoescape=True)
    )

    def run(action: str, payload: dict) -> Any:
        if action not in ACTIONS:
            raise HTTPException(404, f"unknown action {action}")
        try:
            enable_remote_engine()
            book = xw.Book(json=payload)
        except Exception as exc:  # no licence key, or a payload from another xlwings version
            return PlainTextResponse(f"xlgoals 服务器无法打开工作簿：{exc}", status_code=500)
        try:
            getattr(excel, action)(book)
            return book.json()
        finally:
            book.close()

    @app.post("/xlgoals/{action}")
    def action_endpoint(
        action: str, payload: dict = Body(...), authorization: str | None = Header(None)
    ) -> Any:
        try:
            token.check(authorization)
        except token.Refused as refused:
            return PlainTextResponse(refused.message, status_code=refused.status)
        return run(action, payload)

    @app.get("/manifest.xml")
    def manifest_endpoint(request: Request) -> Response:
        base = os.environ.get("XLGOALS_PUBLIC_URL") or str(request.base_url)
        return Response(manifest(base), media_type="application/xml; charset=utf-8")

    @app.get("/taskpane.html", response_class=HTMLResponse)
    def taskpane() -> str:
        return taskpane_html(
            os.environ.get("XLGOALS_XLWINGS_JS") or XLWINGS_JS.format(version=xw.__version__)
        )

    @app.get("/icons/icon-{size}.png")
    def icon(size: int) -> Response:
        if size not in ICON_SIZES:
            raise HTTPException(404)
        return Response(icon_png(size), media_type="image/png")

    @app.get("/xlwings/alert", response_class=HTMLResponse)
    def alert(
        request: Request, prompt: str, title: str, buttons: str, mode: str, callback: str
    ) -> Any:
        return templates.TemplateResponse(
            request,
            "xlwings-alert.html",
            {"prompt": prompt, "title": title, "buttons": buttons, "mode": mode,
             "callback": callback},
        )  # fmt: skip

    @app.get("/", response_class=PlainTextResponse)
    def root() -> str:
        return "xlgoals 绩效目标 server: /manifest.xml"

    return app


def taskpane_html(xlwings_js: str) -> str:
    """The function file of the ribbon buttons, also shown as a task pane with the same buttons."""
    buttons = "\n".join(
        f'    <p><button type="button" data-action="{b.action}">{b.label}</button> {b.tip}</p>'
        for b in BUTTONS
    )
    actions = ", ".join(f'"{a}"' for a in ACTIONS)
    client_js = (data_dir() / "static" / "xlgoals.js").read_text(encoding="utf-8")

    return f"""<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>绩效目标</title>
  <script src="{OFFICE_JS}"></script>
  <script src="{xlwings_js}"></script>
</head>
<body>
  <h3>绩效目标表</h3>
{buttons}
  <script>
    const actions = [{actions}];
    function run(action) {{
      return xlwings.runPython(window.location.origin + "/xlgoals/" + action);
    }}
{client_js}
    xlgoalsCallbacks.forEach(function (callback) {{ xlwings.registerCallback(callback); }});
    Office.onReady(function () {{
      actions.forEach(function (action) {{
        Office.actions.associate(action, function (event) {{
          Promise.resolve(run(action)).finally(function () {{ event.completed(); }});
        }});
      }});
      document.querySelectorAll("button[data-action]").forEach(function (button) {{
        button.addEventListener("click", function () {{ run(button.dataset.action); }});
      }});
    }});
  </script>
</body>
</html>
"""


def __getattr__(name: str) -> Any:
    """`xlgoals.server:app` for uvicorn, built on first use."""
    if name == "app":
        value = create_app()
        globals()["app"] = value
        return value
    raise AttributeError(name)
