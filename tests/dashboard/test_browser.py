"""The running dashboard in headless Chromium: every page loads without browser-console errors, and a
scraped product title that is an HTML injection attempt shows as text and never runs.

Starts ``streamlit run`` on 127.0.0.1 with a free port (through the same command line the
``rivalwatch dashboard`` launcher uses) and waits for ``/_stcore/health``. Screenshots of every page
go to a temporary directory (printed, so a failing run can be looked at).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import pytest

from rivalwatch.dashboard_server import streamlit_command
from storage import Database
from tests.browser_support import require_chromium
from tests.dashboard.sample_db import XSS_TITLE, crawl, product_item

pytestmark = pytest.mark.browser

PAGES = ["", "shipping", "returns", "prices", "changes", "health", "sources"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "streamlit exited early"
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail("dashboard did not become healthy")


@pytest.fixture(scope="module")
def xss_db(demo_db, tmp_path_factory) -> dict:
    """A copy of the demo database where a competitor lists a product titled like an XSS payload."""
    path = Path(tmp_path_factory.mktemp("xss")) / "demo.sqlite"
    with sqlite3.connect(demo_db["url"].split("///", 1)[1]) as source, sqlite3.connect(path) as copy:
        source.backup(copy)  # includes what is still in the WAL file
    url = f"sqlite:///{path}"
    db = Database.connect(url)
    crawl(db, "kedai-rumah", [product_item("kedai-rumah.example", XSS_TITLE, "1000", sku="XSS-1")],
          datetime.now(timezone.utc))
    db.dispose()
    return {"url": url, "config_dir": demo_db["config_dir"]}


@pytest.fixture(scope="module")
def server(xss_db):
    port = _free_port()
    env = dict(os.environ, RIVALWATCH_DATABASE_URL=xss_db["url"], RIVALWATCH_CONFIG_DIR=xss_db["config_dir"])
    env.pop("RIVALWATCH_DASHBOARD_PASSWORD_HASH", None)
    process = subprocess.Popen(streamlit_command(port, "127.0.0.1"), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _probe(url: str) -> bool:
    """Streamlit's frontend finds its base path by trying ``<page path>/_stcore/health`` first; those
    404s on a deep link are expected, not errors of the dashboard."""
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    return "/_stcore/" in url and not path.startswith("_stcore/")


def _open(browser, url: str, shots: Path, name: str) -> tuple[list[str], list[str], str]:
    """Load a page, wait for Streamlit to finish, screenshot it; return (errors, dialogs, page text)."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    errors, dialogs, bad = [], [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda request: bad.append(request.url))
    page.on("response", lambda response: bad.append(response.url) if response.status >= 400 else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=90_000)  # generous: CI shares two cores
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=90_000)  # generous: CI shares two cores
    page.wait_for_timeout(1500)  # charts and data grids draw after the script finishes
    page.screenshot(path=str(shots / f"{name or 'overview'}.png"), full_page=True)
    # Selectboxes keep their shown text in <input> values, not in the element text.
    body = page.inner_text("body") + "\n" + page.evaluate(
        "Array.from(document.querySelectorAll('input')).map(i => i.value).join('\\n')")
    injected = page.locator("img[src=x]").count()
    page.close()
    if injected:
        dialogs.append(f"{injected} injected <img> element(s)")
    unexpected = [u for u in bad if not _probe(u)]
    if not unexpected:  # the probes' 404s are also logged to the console
        errors = [e for e in errors if not e.startswith("Failed to load resource")]
    return [f"{e} (failed: {unexpected})" for e in errors], dialogs, body


def test_every_page_loads_without_console_errors(server, browser, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    print(f"screenshots: {shots}")
    for name in PAGES:
        errors, dialogs, body = _open(browser, f"{server}/{name}", shots, name)
        assert not errors, (name, errors)
        assert not dialogs, (name, dialogs)
        assert "Traceback" not in body and "Error" not in body.split("\n")[0], name


def test_injected_title_is_text_and_never_runs(server, browser, tmp_path_factory):
    shots = tmp_path_factory.mktemp("xss")
    errors, dialogs, body = _open(browser, f"{server}/changes?store=kedai-rumah", shots, "changes-xss")
    assert not dialogs
    assert not errors, errors
    # Data grids draw on a canvas, so the title is looked for in the change picker (plain text); no
    # dialog and no <img src=x> element show it never became markup.
    assert XSS_TITLE in body  # the change picker shows the summary as plain text
