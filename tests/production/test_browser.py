"""Browser rendering under load and faults: 200 JS renders with 4 pages, a Chromium crash mid-run,
and a run killed with its process group (the scheduler's watchdog) — none leaves a chromium or node
process behind. The five ordinary ways to end a run, cycled: test_browser_cycles.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from storage import Database
from storage.models import ChangeEvent, CrawlRun
from tests.browser_support import require_chromium
from tests.production.conftest import FAST, REPO, write_config
from tests.production.proctrack import browser_main_pids, new_tag, tagged
from core.testing.stores import CountingStore, store_yaml

pytestmark = pytest.mark.browser
LIMITS = ["-s", "PLAYWRIGHT_MAX_CONTEXTS=1", "-s", "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=4", "-s", "LOG_LEVEL=INFO"]


def start_crawl(tmp_path, shop, pages: int, tag: dict, *extra: str) -> tuple[subprocess.Popen, str]:
    urls = [f"{shop.base_url}/js/{i}" for i in range(pages)]
    config = write_config(tmp_path / "cfg", {"js": store_yaml("js", urls, render="browser", wait_for="#ready",
                                                              politeness=FAST)})
    db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=js", "-a", f"config={config}",
           "-s", f"RIVALWATCH_DATABASE_URL={db_url}", *LIMITS, *extra]
    process = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, **tag}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    return process, db_url


def run_stats(db_url: str) -> CrawlRun:
    db = Database.connect(db_url)
    with db.session() as s:
        run = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
    db.dispose()
    return run


def change_events(db_url: str) -> int:
    db = Database.connect(db_url)
    with db.session() as s:
        count = s.scalar(select(func.count()).select_from(ChangeEvent))
    db.dispose()
    return count


def assert_nothing_left(tag: dict, settle: float = 5.0) -> None:
    deadline = time.monotonic() + settle
    while tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert tagged(tag) == [], f"left behind: {tagged(tag)}"


def test_200_js_renders_with_4_pages_extract_every_item(tmp_path):
    require_chromium()
    tag = new_tag()
    with CountingStore(products=200) as shop:
        process, db_url = start_crawl(tmp_path, shop, 200, tag)
        try:
            _, stderr = process.communicate(timeout=300)  # a freeze guard; 2 shared cores can be slow
        except subprocess.TimeoutExpired:
            from rivalwatch.procs import stop_tree

            stop_tree(process, grace_seconds=0)  # never leave a frozen crawl and its browser behind
            raise
        assert process.returncode == 0, stderr[-3000:]
    run = run_stats(db_url)
    assert run.healthy and run.stats["rivalwatch/items/product_priced"] == 200
    assert run.stats.get("playwright/page_count/max_concurrent", 4) <= 4
    assert_nothing_left(tag)


# It used to freeze about one run in three: a context.new_page() in flight at the kill never settled.
# spiders/browser/handler.py now fails such calls when the browser disconnects (reliability E1).
def test_chromium_killed_mid_run_is_relaunched(tmp_path):
    require_chromium()
    tag = new_tag()
    with CountingStore(products=60) as shop:
        process, db_url = start_crawl(tmp_path, shop, 60, tag)
        deadline = time.monotonic() + 60
        while len(shop.hits("/api/")) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        victims = browser_main_pids(tag)
        assert victims, "no chromium browser process found"
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        try:
            _, stderr = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            from rivalwatch.procs import stop_tree

            stop_tree(process, grace_seconds=0)  # never leave a frozen crawl and its browser behind
            raise
        rendered_after = [t for t in shop.hits("/api/") if t > killed_at + 0.5]
    assert stderr.count("Launching browser") >= 2, stderr[-3000:]
    assert len(rendered_after) >= 20  # the relaunched browser kept rendering
    run = run_stats(db_url)
    assert run.status in ("finished", "failed") and run.stats["rivalwatch/items/product_priced"] >= 45
    # A page lost with the browser is a failed fetch (or retried), never a change.
    assert run.stats.get("rivalwatch/browser_disconnected", 0) >= 1
    assert change_events(db_url) == 0
    assert_nothing_left(tag)


def _end(process: subprocess.Popen, how: str) -> None:
    if how in ("sigterm", "sigint"):
        process.send_signal(signal.SIGTERM if how == "sigterm" else signal.SIGINT)
    elif how == "sigkill-group":  # what the scheduler's watchdog does after its grace period
        from rivalwatch.procs import stop_tree
        stop_tree(process, grace_seconds=0)


# Normal end, spider exception, SIGTERM, SIGINT and CLOSESPIDER_TIMEOUT: test_browser_cycles.py (E7).
@pytest.mark.parametrize("how", ["sigkill-group"])
def test_no_browser_process_survives_the_end_of_a_run(tmp_path, how):
    require_chromium()
    tag = new_tag()
    extra = ["-s", "CLOSESPIDER_TIMEOUT=4"] if how == "closespider_timeout" else []
    pages = 300
    with CountingStore(products=pages) as shop:
        process, _ = start_crawl(tmp_path, shop, pages, tag, *extra)
        deadline = time.monotonic() + 60
        while len(shop.hits("/api/")) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        _end(process, how)
        process.communicate(timeout=90)
    assert_nothing_left(tag)
