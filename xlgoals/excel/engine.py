"""xlwings' remote interpreter (the engine behind xlwings Server), registered on demand."""

from __future__ import annotations

from typing import Any

import xlwings as xw


def enable_remote_engine() -> Any:
    """Register xlwings' remote interpreter (xlwings Server) if xlwings was imported before
    XLWINGS_LICENSE_KEY was set; return the engine added, or None when it was there already.

    xlwings registers its PRO engines at import time, and only with a licence key."""
    if "remote" in [engine.name for engine in xw.engines]:
        return None
    from xlwings.pro import _xlremote  # checks the licence key

    engine = xw.Engine(impl=_xlremote.engine)
    xw.engines.add(engine)
    return engine


def disable_engine(engine: Any) -> None:
    """Undo `enable_remote_engine` (tests)."""
    if engine is not None:
        xw.engines.engines.remove(engine)
        xw.engines.engines_by_name.pop(engine.name, None)
