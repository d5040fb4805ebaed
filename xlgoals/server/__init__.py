"""The 绩效目标 ribbon in Excel on the web, on the Mac and on Windows without local Python:
xlgoals as an xlwings-server project (the maintained `xlwings-server` package, which serves the
Office.js client, office.js itself and the task pane's other scripts, and authenticates).

    XLWINGS_LICENSE_KEY=noncommercial XLGOALS_TOKEN=… XLGOALS_INBOX=/srv/xlgoals/inbox \\
        uvicorn xlgoals.server:app --host 0.0.0.0 --port 443 \\
        --ssl-keyfile key.pem --ssl-certfile cert.pem

`project/` is the xlwings-server project (XLWINGS_PROJECT_DIR): the ribbon's actions as its scripts
(`POST /xlwings/custom-scripts-call/<action>`), our task pane and manifest (`/taskpane.html`,
`/manifest.xml`), the ribbon wiring, the client-side functions the marks need and the icons;
nothing is loaded from another server. Authentication: the shared token (`xlgoals.server.token`)
unless the administrator sets xlwings-server's own providers (XLWINGS_AUTH_PROVIDERS, e.g.
'["entraid"]'). xlwings-server's other settings (XLWINGS_*) work as documented there.

xlwings-server and xlwings' remote interpreter are xlwings PRO code: free for noncommercial use,
which includes government institutions, under the PolyForm Noncommercial License 1.0.0
(XLWINGS_LICENSE_KEY=noncommercial); any other use needs a paid key.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from xlgoals.server.manifest import ACTIONS, BUTTONS, manifest

__all__ = ["ACTIONS", "BUTTONS", "PROJECT_DIR", "app", "create_app", "manifest"]

PROJECT_DIR = Path(__file__).resolve().parent / "project"
#: xlwings-server settings xlgoals starts from; an administrator's own XLWINGS_* win
DEFAULTS = {
    "XLWINGS_AUTH_PROVIDERS": '["xlgoals_token"]',
    "XLWINGS_PROJECT_NAME": "绩效目标",
    "XLWINGS_ENABLE_SOCKETIO": "false",
    "XLWINGS_ENABLE_EXAMPLES": "false",
}


def create_app() -> Any:
    """xlwings-server's ASGI app with our project. xlwings-server reads its settings when it is
    first imported, so this sets them first, and a process has one such app."""
    os.environ["XLWINGS_PROJECT_DIR"] = str(PROJECT_DIR)  # our scripts, whatever the folder
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    from xlwings_server.main import main_app

    from xlgoals.excel.engine import enable_remote_engine

    enable_remote_engine()  # if xlwings was imported before the licence key was set
    return main_app


def __getattr__(name: str) -> Any:
    """`xlgoals.server:app` for uvicorn, built on first use."""
    if name == "app":
        value = create_app()
        globals()["app"] = value
        return value
    raise AttributeError(name)
