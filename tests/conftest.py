"""Shared test set-up. Keep it small: helpers live in their own modules (libreoffice.py)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from support.libreoffice import soffice_available

# CI must not go red at random: the same examples on every run (derandomize), no timing
# (deadline, too_slow), and no example database carried over from an earlier run. Failures
# hypothesis finds elsewhere are kept as explicit @example cases in the tests.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip `@pytest.mark.libreoffice` tests on machines without soffice."""
    if soffice_available():
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)
