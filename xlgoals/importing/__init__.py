"""Import what departments already have (published text, older workbooks) into the template."""

from __future__ import annotations

from xlgoals.importing.run import Department, ImportResult, import_paths, import_source, open_source

__all__ = ["Department", "ImportResult", "import_paths", "import_source", "open_source"]
