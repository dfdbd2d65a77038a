"""``crawl --due`` crawls only what its schedule says, a store held by another process's lease is
refused (reliability row E11), and the browser switch's settings are what we expect."""

from __future__ import annotations

from scrapy.settings import Settings

from spiders.browser.rendering import HANDLER, PLAYWRIGHT_RETRY_EXCEPTIONS, apply_browser, is_tracker
from storage import Database, leases, upgrade
from tests.production.conftest import FAST, rivalwatch, write_config
from core.testing.stores import CountingStore, store_yaml


def test_crawl_due_then_nothing_due_and_lease_refusal(tmp_path):
    with CountingStore(products=2) as shop:
        urls = [f"{shop.base_url}/p/{i}" for i in range(2)]
        config = write_config(tmp_path / "cfg", {"s": store_yaml("s", urls, politeness=FAST)})
        db_url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
        args = ("--config", str(config), "--database-url", db_url)
        first = rivalwatch("crawl", "--due", "--no-progress", *args)
        assert first.returncode == 0 and "run 1" in first.stdout, first.stderr[-2000:]
        again = rivalwatch("crawl", "--due", *args)
        assert again.returncode == 0 and "nothing due" in again.stdout
        db = Database.connect(db_url)
        upgrade(db)
        assert leases.acquire(db, "crawl:s", "other-host:1:abc", 300)
        refused = rivalwatch("crawl", "--store", "s", "--no-progress", *args)
        assert refused.returncode == 1 and "already being crawled by other-host:1:abc" in refused.stderr
        assert len(shop.hits("/p/")) == 2  # only the first crawl fetched anything
        db.dispose()


def test_browser_settings_limits_trackers_and_retries():
    settings = Settings({"DOWNLOAD_HANDLERS": {"file": None}, "PLAYWRIGHT_MAX_CONTEXTS": 1,
                         "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 8, "RETRY_EXCEPTIONS": ["x.Error"]})
    apply_browser(settings)
    assert settings.getdict("DOWNLOAD_HANDLERS") == {"file": None, "http": HANDLER, "https": HANDLER}
    assert settings.getint("PLAYWRIGHT_MAX_CONTEXTS") == 1 and settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") == 8
    assert settings.getlist("RETRY_EXCEPTIONS") == ["x.Error", *PLAYWRIGHT_RETRY_EXCEPTIONS]
    assert is_tracker("https://www.google-analytics.com/g/collect") and is_tracker("https://x.hotjar.com/a")
    assert not is_tracker("https://shop.example/analytics.js") and not is_tracker("https://notdoubleclick.net/")
