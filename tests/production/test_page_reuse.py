"""Browser pages are reused across requests (spiders/browser/page_pool.py) without breaking the page limit:
a crawl of JS pages opens far fewer tabs than it renders, never more at once than
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT, retires a page after RIVALWATCH_BROWSER_PAGE_USES downloads, closes
a page whose download failed instead of reusing it, and extracts every item."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.browser_support import require_chromium
from tests.production.conftest import FAST, REPO, write_config
from core.testing.stores import CountingStore, store_yaml
from tests.production.test_browser import run_stats

pytestmark = pytest.mark.browser


def crawl(tmp_path, urls: list[str], *settings: str) -> dict:
    config = write_config(tmp_path / "cfg", {"js": store_yaml("js", urls, render="browser", wait_for="#ready",
                                                              politeness=FAST)})
    db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=js", "-a", f"config={config}",
           "-s", f"RIVALWATCH_DATABASE_URL={db_url}", "-s", "PLAYWRIGHT_MAX_CONTEXTS=1", "-s", "RETRY_TIMES=0",
           *[arg for setting in settings for arg in ("-s", setting)]]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return run_stats(db_url).stats


def test_pages_are_reused_within_the_limits(tmp_path):
    require_chromium()
    with CountingStore(products=24) as shop:
        stats = crawl(tmp_path, [f"{shop.base_url}/js/{i}" for i in range(24)],
                      "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=2", "RIVALWATCH_BROWSER_PAGE_USES=5")
    assert stats["rivalwatch/items/product_priced"] == 24
    assert stats["playwright/page_count/max_concurrent"] <= 2
    opened, reused = stats["playwright/page_count"], stats.get("rivalwatch/browser_page_reused", 0)
    assert opened + reused == 24  # every download had exactly one page, new or reused
    assert opened >= 24 // 5  # no page served more than 5 downloads
    assert reused >= 12


def test_a_page_whose_download_failed_is_closed_not_reused(tmp_path):
    require_chromium()
    with CountingStore(products=12, hang_seconds=10) as shop:
        urls = [f"{shop.base_url}/js/{i}" for i in range(10)] + [f"{shop.base_url}/hang/{i}" for i in (10, 11)]
        stats = crawl(tmp_path, urls, "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=1", "RIVALWATCH_BROWSER_PAGE_USES=50",
                      "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT=4000")  # generous for a loaded box
    assert stats["rivalwatch/items/product_priced"] == 10
    assert stats["playwright/page_count/max_concurrent"] == 1
    # one tab would serve all 12 downloads; each of the two timeouts retires its tab
    assert stats["playwright/page_count"] >= 2
    assert stats["playwright/page_count"] + stats.get("rivalwatch/browser_page_reused", 0) == 12


def test_reuse_can_be_switched_off(tmp_path):
    require_chromium()
    with CountingStore(products=6) as shop:
        stats = crawl(tmp_path, [f"{shop.base_url}/js/{i}" for i in range(6)],
                      "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=2", "RIVALWATCH_BROWSER_PAGE_USES=1")
    assert stats["rivalwatch/items/product_priced"] == 6
    assert stats["playwright/page_count"] == 6 and "rivalwatch/browser_page_reused" not in stats
