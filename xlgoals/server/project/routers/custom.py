"""Loaded by xlwings-server after its own routers: gives the templates the manifest and the
buttons, so the task pane, the ribbon and the desktop's customUI.xml share one list."""

from fastapi import APIRouter
from xlwings_server.templates import templates

from xlgoals.server.manifest import ACTIONS, BUTTONS, manifest

router = APIRouter()

templates.env.globals.update(
    xlgoals_manifest=manifest, xlgoals_buttons=BUTTONS, xlgoals_actions=list(ACTIONS)
)
