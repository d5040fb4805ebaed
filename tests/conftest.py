"""Shared test set-up. Keep it small: helpers live in their own modules (libreoffice.py)."""

from __future__ import annotations

import pytest
from support.libreoffice import soffice_available


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip `@pytest.mark.libreoffice` tests on machines without soffice."""
    if soffice_available():
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)
