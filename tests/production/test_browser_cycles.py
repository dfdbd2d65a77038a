"""Start/stop cycles of browser crawls ended five ways (reliability.md E7): normal end, spider
exception, SIGTERM, SIGINT and CLOSESPIDER_TIMEOUT. After every cycle no chromium, node or crawl
process of that cycle may remain, zombies included. CI runs 2 cycles per way; the catalogue's 100
cycles (20 per way) run on demand with ``pytest -m slow``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.browser_support import require_chromium
from tests.production.conftest import FAST, REPO, write_config
from tests.production.proctrack import new_tag, still_present, tagged
from core.testing.stores import CountingStore, store_yaml

pytestmark = pytest.mark.browser
MODES = ("normal", "spider_exception", "sigterm", "sigint", "closespider_timeout")
SHORT_RUN_PAGES = 3  # normal and spider-exception runs render every page
LONG_RUN_PAGES = 60  # the other runs are ended while pages are rendering
LIMITS = ["-s", "PLAYWRIGHT_MAX_CONTEXTS=1", "-s", "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=4", "-s", "LOG_LEVEL=INFO"]


def crawl_command(mode: str, config, db_url: str) -> list[str]:
    if mode == "spider_exception":
        head = ["runspider", str(REPO / "tests" / "production" / "exploding_spider.py")]
    else:
        head = ["crawl", "store"]
    extra = ["-s", "CLOSESPIDER_TIMEOUT=4"] if mode == "closespider_timeout" else []
    return [sys.executable, "-m", "scrapy", *head, "-a", "store=js", "-a", f"config={config}",
            "-s", f"RIVALWATCH_DATABASE_URL={db_url}", *LIMITS, *extra]


def one_cycle(shop: CountingStore, config, db_url: str, mode: str) -> None:
    """Start a crawl, end it the given way, and check that every process it started is gone."""
    tag = new_tag()
    rendered_before = len(shop.hits("/api/"))
    process = subprocess.Popen(crawl_command(mode, config, db_url), cwd=REPO, env={**os.environ, **tag},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen: set[int] = set()
    try:
        if mode in ("sigterm", "sigint"):
            deadline = time.monotonic() + 60
            while len(shop.hits("/api/")) == rendered_before and time.monotonic() < deadline:
                seen.update(pid for pid, _, _ in tagged(tag))
                time.sleep(0.05)
            seen.update(pid for pid, _, _ in tagged(tag))
            process.send_signal(signal.SIGTERM if mode == "sigterm" else signal.SIGINT)
        deadline = time.monotonic() + 90
        while process.poll() is None and time.monotonic() < deadline:
            seen.update(pid for pid, _, _ in tagged(tag))
            time.sleep(0.1)
        _, stderr = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        from rivalwatch.procs import stop_tree

        stop_tree(process, grace_seconds=0)
        raise AssertionError(f"{mode}: the crawl did not end within 90 s")
    assert process.returncode in (0, 1), f"{mode}: exit {process.returncode}\n{stderr[-2000:]}"
    if mode == "closespider_timeout":
        # The timer starts when the spider opens; on a loaded machine it may fire before the first
        # page reaches Chromium, so a launch is not required here (it is for the other ways).
        assert "Spider closed (closespider_timeout)" in stderr, stderr[-2000:]
    else:
        assert "Launching browser" in stderr, f"{mode}: the browser never started\n{stderr[-2000:]}"
    if mode == "spider_exception":
        assert "spider bug on" in stderr
    settle = time.monotonic() + 10
    while (tagged(tag) or still_present(sorted(seen))) and time.monotonic() < settle:
        time.sleep(0.2)
    assert tagged(tag) == [], f"{mode}: left behind {tagged(tag)}"
    assert still_present(sorted(seen)) == [], f"{mode}: left behind (zombies?) {still_present(sorted(seen))}"


def run_cycles(tmp_path, per_mode: int) -> dict[str, int]:
    require_chromium()
    done = {mode: 0 for mode in MODES}
    with CountingStore(products=LONG_RUN_PAGES) as shop:
        configs = {}
        for pages in (SHORT_RUN_PAGES, LONG_RUN_PAGES):
            urls = [f"{shop.base_url}/js/{i}" for i in range(pages)]
            configs[pages] = write_config(tmp_path / f"cfg{pages}", {"js": store_yaml(
                "js", urls, render="browser", wait_for="#ready", politeness=FAST)})
        db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
        for cycle in range(per_mode):
            for mode in MODES:
                pages = SHORT_RUN_PAGES if mode in ("normal", "spider_exception") else LONG_RUN_PAGES
                started = time.monotonic()
                one_cycle(shop, configs[pages], db_url, mode)
                done[mode] += 1
                # progress of long soaks (shown with -s, or with the failure report)
                print(f"cycle {cycle + 1}/{per_mode} {mode}: clean in {time.monotonic() - started:.1f} s", flush=True)
    return done


def test_two_cycles_of_each_way_to_end_a_browser_run_leave_no_process(tmp_path):
    assert run_cycles(tmp_path, per_mode=2) == {mode: 2 for mode in MODES}


@pytest.mark.slow
def test_100_start_stop_cycles_leave_no_process(tmp_path):
    assert run_cycles(tmp_path, per_mode=20) == {mode: 20 for mode in MODES}
