"""Files that travel inside the wheel: the ribbon's VBA and XML (`macros/`) and the standard
template (`workbook_templates/`); the Office.js add-in's files are in xlgoals/server/project.

Found through `importlib.resources`, so they are there for `pip install xlgoals` as for a source
checkout. The repository's top-level `macros/` and `workbook_templates/` are symbolic links to
these folders: one copy of each file.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable

TEMPLATE_NAME = "绩效目标表模板.xlsx"
SELF_TEMPLATE_NAME = "绩效自评表模板.xlsx"


def data_dir() -> Traversable:
    return files(__name__)


def macros_dir() -> Traversable:
    """The ribbon's sources: `customUI.xml` and our VBA modules (`*.bas`)."""
    return data_dir() / "macros"


def template_file(name: str = TEMPLATE_NAME) -> Traversable:
    """A committed template: the standard one (what `xlgoals template` writes) or, by
    SELF_TEMPLATE_NAME, the 自评 form."""
    return data_dir() / "workbook_templates" / name
