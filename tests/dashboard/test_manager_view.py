"""What a manager sees, checked on every page of the demo data (AppTest) and in headless Chromium at
1440×900: no ``None``, no hash strings, no raw enum values or field names, the benchmark grid never
wider than the page (also with 8 stores), and time axes without sub-minute ticks on day-spaced data.

Screenshots of every page go to a temporary directory (printed), so a run can be looked at.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from dashboard import charts
from storage import Database, StoreInfo, sync_store
from tests.dashboard.sample_db import build_sample_db, crawl, rival_a_items

pytestmark = pytest.mark.browser  # the demo crawl renders pasar-kilat in Chromium

PAGES = ["overview", "shipping", "returns", "prices", "changes", "health", "sources"]
HASH = re.compile(r"\b[0-9a-f]{8}\b(?: → |$)|\b[0-9a-f]{32,64}\b")
RAW = re.compile(r"\b(InStock|OutOfStock|defect_only|store_credit|text_hash|window_days|free_shipping_threshold|"
                 r"ship_cheapest\w*|own_cheapest_share|return_shipping_paid_by|True|False|nan|NaT)\b")
NONE = re.compile(r"\bNone\b")


def _texts(at) -> list[str]:
    """Every string a manager can read on an AppTest page: tables, text, captions, HTML, pickers."""
    out = []
    for df in at.dataframe:
        frame = df.value
        out += [str(c) for c in frame.columns]
        out += [str(v) for column in frame.columns for v in frame[column] if not isinstance(v, (int, float))]
    for kind in ("markdown", "caption", "text", "title", "subheader", "info", "metric"):
        out += [str(getattr(e, "value", "")) for e in at.get(kind)]
    out += [e.proto.body for e in at.get("html")]
    for box in at.selectbox:
        out += [str(o) for o in box.options]
    return out


def _problems(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        visible = re.sub(r"<style>.*?</style>|<[^>]+>", " ", text, flags=re.S)
        visible = re.sub(r'https?://\S+', " ", visible)  # links may hold anything
        for name, pattern in (("None", NONE), ("hash", HASH), ("raw value", RAW)):
            if pattern.search(visible):
                found.append(f"{name}: {visible.strip()[:160]}")
    return found


@pytest.mark.parametrize("page", PAGES)
def test_no_none_hash_or_raw_value_on_any_page(open_app, demo_db, page):
    at = open_app(demo_db["url"], None if page == "overview" else page, config_dir=demo_db["config_dir"])
    texts = _texts(at)
    assert texts, page
    assert not _problems(texts), (page, _problems(texts)[:5])
    shown = "\n".join(texts)
    assert "WIB" in shown or page in ("returns", "sources", "shipping")  # times in the demo's zone


def _temporal_axes(at) -> list[dict]:
    axes = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        layers = spec.get("layer", [spec])
        for layer in layers:
            x = layer.get("encoding", {}).get("x", {})
            if x.get("type") == "temporal":
                axes.append(x.get("axis", {}))
    return axes


def test_day_spaced_history_has_day_ticks(open_app, tmp_path):
    """The sample's crawls are a week apart: axes tick by day with day labels, never by the second."""
    url = build_sample_db(tmp_path / "sample.sqlite")
    axes = []
    for page in ("shipping", "returns", "prices", "health"):
        axes += _temporal_axes(open_app(url, page, since="2026-10-01"))
    assert axes
    for axis in axes:
        assert axis["format"] == "%d %b"  # day labels
        assert axis["values"] and all(v.get("hours", 0) == 0 and v.get("minutes", 0) == 0 and "seconds" not in v
                                      for v in axis["values"])  # ticks on whole days only


def test_time_axis_fits_the_span():
    day = pd.Series(pd.date_range("2026-11-01", periods=8, freq="D"))
    minutes = pd.Series(pd.date_range("2026-12-06 16:00:17", periods=5, freq="3min"))
    day_axis = charts.time_axis(day).to_dict()["axis"]
    assert day_axis["format"] == "%d %b" and len(day_axis["values"]) >= 8
    minute_axis = charts.time_axis(minutes).to_dict()["axis"]
    assert minute_axis["format"] == "%H:%M" and all("seconds" not in v for v in minute_axis["values"])


# --- in the browser ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def eight_stores_db(demo_db, tmp_path_factory) -> dict:
    """The demo database plus four more competitors with long names: eight stores in the grid."""
    path = Path(tmp_path_factory.mktemp("eight")) / "demo.sqlite"
    with sqlite3.connect(demo_db["url"].split("///", 1)[1]) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    url = f"sqlite:///{path}"
    db = Database.connect(url)
    for number in range(1, 5):
        slug = f"extra-{number}"
        sync_store(db, StoreInfo(slug, f"Toko Serba Ada Nusantara Raya {number}", "IDR", country="ID"))
        crawl(db, slug, rival_a_items(second=True), datetime.now(timezone.utc) - timedelta(hours=1))
    db.dispose()
    return {"url": url, "config_dir": demo_db["config_dir"]}


def _serve(db: dict):
    from tests.dashboard.test_browser import _free_port, _wait_healthy
    import os
    import subprocess

    from rivalwatch.dashboard_server import streamlit_command

    port = _free_port()
    env = dict(os.environ, RIVALWATCH_DATABASE_URL=db["url"], RIVALWATCH_CONFIG_DIR=db["config_dir"])
    env.pop("RIVALWATCH_DASHBOARD_PASSWORD_HASH", None)
    process = subprocess.Popen(streamlit_command(port, "127.0.0.1"), env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    _wait_healthy(base, process)
    return base, process


@pytest.fixture(scope="module")
def servers(demo_db, eight_stores_db):
    started = []
    try:
        for db in (demo_db, eight_stores_db):
            started.append(_serve(db))
        yield [base for base, _ in started]
    finally:
        for _base, process in started:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser_support import require_chromium
    from tests.dashboard.test_browser import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=require_chromium(), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


GRID_FIT = """() => {
  const t = document.querySelector('table.rw-bench');
  if (!t) return null;
  const main = document.querySelector('[data-testid=stMain]') || document.body;
  return {table: t.scrollWidth, box: t.parentElement.clientWidth, right: t.getBoundingClientRect().right,
          viewport: window.innerWidth, pageScroll: main.scrollWidth - main.clientWidth,
          cells: Array.from(t.querySelectorAll('td,th')).filter(c => c.scrollWidth > c.clientWidth + 1).length};
}"""


def _load(browser, url: str, shot: Path) -> tuple[object, str]:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=90_000)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=90_000)
    page.wait_for_function("!document.querySelector('[data-testid=stSkeleton]')", timeout=90_000)
    page.wait_for_timeout(1500)  # charts and grids draw after the script finishes
    page.screenshot(path=str(shot))
    return page, page.inner_text("body")


def test_every_page_at_1440_reads_for_a_manager(servers, browser, tmp_path_factory):
    shots = tmp_path_factory.mktemp("manager-screenshots")
    print(f"screenshots: {shots}")
    demo = servers[0]
    for name in PAGES:
        page, body = _load(browser, f"{demo}/{'' if name == 'overview' else name}", shots / f"{name}.png")
        try:
            assert not _problems([body]), (name, _problems([body])[:5])
            icons = page.locator("[data-testid=stSidebarNav] span[data-testid=stIconMaterial]").count()
            assert icons == len(PAGES), name  # Material icons, not emoji
            if name == "overview":
                fit = page.evaluate(GRID_FIT)
                assert fit and fit["table"] <= fit["box"] and fit["right"] <= fit["viewport"], fit
                assert fit["pageScroll"] <= 0 and fit["cells"] == 0, fit
                assert "Where we lose / where we win" in body and "better than us" in body
        finally:
            page.close()


def test_benchmark_of_eight_stores_fits_1440_without_scrolling(servers, browser, tmp_path_factory):
    shots = tmp_path_factory.mktemp("eight-stores")
    print(f"screenshots: {shots}")
    page, body = _load(browser, servers[1], shots / "overview-8-stores.png")
    try:
        heads = page.locator("table.rw-bench thead th").count()
        assert heads == 1 + 8
        fit = page.evaluate(GRID_FIT)
        assert fit["table"] <= fit["box"] and fit["right"] <= fit["viewport"], fit
        assert fit["pageScroll"] <= 0 and fit["cells"] == 0, fit  # nothing cut off inside a cell either
        page.locator("table.rw-bench").screenshot(path=str(shots / "grid-8-stores.png"))
    finally:
        page.close()
