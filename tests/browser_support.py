"""Finding Chromium for browser tests: skip when absent locally, fail under CI=true."""

from __future__ import annotations

import os

import pytest

from spiders.browser.config import CHROMIUM_ENV, default_chromium


def require_chromium() -> str:
    """Path of the Chromium to test with."""
    path = os.environ.get(CHROMIUM_ENV) or default_chromium()
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is required in CI; scripts/setup.sh installs it with apt-get")
    pytest.skip("Chromium not installed (apt-get install chromium, or set RIVALWATCH_CHROMIUM)")
