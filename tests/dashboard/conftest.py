"""Dashboard fixtures: a database filled by crawling the demo stores twice (built once per session),
an AppTest factory bound to loopback, and cache isolation between tests.

The demo crawl runs ``python -m rivalwatch crawl`` in child processes, as users do; pasar-kilat
needs Chromium, so the crawl fixture skips without it (and fails under ``CI=true``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from tests.browser_support import require_chromium

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def loopback_server(monkeypatch):
    """AppTest runs with Streamlit's defaults (all interfaces); the guard needs to see loopback."""
    previous = st_config.get_option("server.address")
    st_config.set_option("server.address", "127.0.0.1")
    monkeypatch.delenv("RIVALWATCH_DASHBOARD_PASSWORD_HASH", raising=False)
    monkeypatch.delenv("RIVALWATCH_DASHBOARD_ALLOWED_EMAILS", raising=False)
    yield
    st_config.set_option("server.address", previous)


def _crawl(config_dir: Path, url: str) -> None:
    cmd = [sys.executable, "-m", "rivalwatch", "crawl", "--config", str(config_dir), "--database-url", url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> dict:
    """The demo stores crawled at version 1 and then version 2: {"url": …, "config_dir": …}."""
    require_chromium()
    from rivalwatch.demo.configs import write_demo_configs
    from rivalwatch.demo.server import DemoStores

    root = tmp_path_factory.mktemp("demo-dashboard")
    url, config_dir = f"sqlite:///{root / 'demo.sqlite'}", root / "competitors"
    with DemoStores(version=1) as stores:
        write_demo_configs(config_dir, stores.base_urls)
        _crawl(config_dir, url)
        stores.set_version(2)
        _crawl(config_dir, url)
    return {"url": url, "config_dir": str(config_dir)}


@pytest.fixture
def open_app(monkeypatch):
    """Open the dashboard under AppTest on a database (and config directory); optionally one page."""

    def _open(url: str, page: str | None = None, config_dir: str | None = None, **query) -> AppTest:
        monkeypatch.setenv("RIVALWATCH_DATABASE_URL", url)
        if config_dir:
            monkeypatch.setenv("RIVALWATCH_CONFIG_DIR", config_dir)
        at = AppTest.from_file(APP, default_timeout=60)
        if page:
            at.switch_page(f"app_pages/{page}.py")
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _open
