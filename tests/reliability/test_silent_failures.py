"""No silent failures (issue #16 item 4), each checked by a real crawl of a local fake store:

- an analyst selector that matches nothing on every page is reported per selector in the run's health
  and the crawl summary; a price / availability selector that never matched makes the run unhealthy,
  another field's is a warning;
- a listing that yields no product links is ``broken: listing <url> found 0 product links``;
- product pages found from a browser listing wait for ``product_wait_for``, never the listing's ``wait_for``;
- a browser crawl without an item for ``no_item_minutes`` ends unhealthy with the likely cause (pages
  timing out on a wait_for selector), logged as a warning, instead of running to its budget.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from storage import Database
from storage.models import CrawlRun
from tests.browser_support import require_chromium
from core.testing.loopback import LoopbackStore

REPO = Path(__file__).resolve().parents[2]
HTML = "text/html; charset=utf-8"


class ListingShop(LoopbackStore):
    """``/list`` (an ``ol#products`` of 3 product tiles), ``/empty`` (no products), ``/p/<n>`` (JSON-LD)."""

    def answer(self, handler) -> None:
        path = handler.path
        if path == "/robots.txt":
            return self.send(handler, 200, "User-agent: *\nAllow: /\n", "text/plain")
        if path == "/list":
            tiles = "".join(f'<li class="product"><a href="/p/{n}">Item {n}</a></li>' for n in (1, 2, 3))
            return self.send(handler, 200, f"<html><body><h1>All items</h1><ol id='products'>{tiles}</ol></body></html>", HTML)
        if path == "/gap":  # page numbers 3 and 4 are linked, page 2 is not: the pagination is broken
            tiles = "".join(f'<li class="product"><a href="/p/{n}">Item {n}</a></li>' for n in (1, 2))
            pager = '<a href="/gap?page=3">3</a> <a href="/gap?page=4">4</a>'
            return self.send(handler, 200, f"<html><body><h1>Sale items this week</h1><ol>{tiles}</ol>{pager}</body></html>", HTML)
        if path == "/empty":
            return self.send(handler, 200, "<html><body><h1>Category</h1><p>Our new range arrives soon.</p></body></html>", HTML)
        if path.startswith("/p/"):
            n = path.rsplit("/", 1)[1]
            data = {"@context": "https://schema.org", "@type": "Product", "name": f"Item {n}", "sku": f"SKU-{n}",
                    "offers": {"@type": "Offer", "price": f"1{n}.50", "priceCurrency": "USD",
                               "availability": "https://schema.org/InStock"}}
            body = (f"<html><head><script type='application/ld+json'>{json.dumps(data)}</script></head>"
                    f"<body><h1 class='name'>Item {n}</h1><p class='cost'>${1}{n}.50</p></body></html>")
            return self.send(handler, 200, body, HTML)
        self.send(handler, 404, "<h1>404</h1>", HTML)


def _crawl(tmp_path: Path, sources: str, *settings: str, politeness: str = "") -> tuple[CrawlRun, subprocess.CompletedProcess]:
    config = tmp_path / "config"
    config.mkdir()
    (config / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
    (config / "shop.yaml").write_text(
        "slug: shop\nname: Shop\ncurrency: USD\n"
        f"politeness: {{download_delay: 0, concurrency: 4, autothrottle: false{politeness}}}\n"
        f"sources:\n{sources}", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "store", "-a", "store=shop", "-a", f"config={config}",
           "-s", f"RIVALWATCH_DATABASE_URL={url}", "-s", "LOG_LEVEL=INFO", *[a for s in settings for a in ("-s", s)]]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=180)
    db = Database.connect(url)
    with db.session() as s:
        run = s.scalars(select(CrawlRun)).one()
    db.dispose()
    return run, result


def test_a_price_selector_that_never_matched_makes_the_run_unhealthy(tmp_path):
    with ListingShop() as shop:
        sources = (f"  - kind: listing\n    url: {shop.base_url}/list\n"
                   "    selectors: {price: 'css:.product-price::text', title: 'css:h2.title::text'}\n")
        run, result = _crawl(tmp_path, sources)
    assert not run.healthy, result.stderr[-2000:]
    assert "broken: selector price 'css:.product-price::text' matched nothing on 3 page(s)" in " ".join(run.health_reasons)
    assert any(r.startswith("warning: selector title 'css:h2.title::text'") for r in run.health_reasons)


def test_a_title_selector_that_never_matched_is_a_warning_in_the_summary(tmp_path):
    with ListingShop() as shop:
        config = tmp_path / "config"
        config.mkdir()
        (config / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
        (config / "shop.yaml").write_text(
            "slug: shop\nname: Shop\ncurrency: USD\npoliteness: {download_delay: 0, autothrottle: false}\n"
            f"sources:\n  - kind: listing\n    url: {shop.base_url}/list\n    selectors: {{title: 'css:h2.title::text'}}\n",
            encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "rivalwatch", "crawl", "--config", str(config), "--no-progress",
                                 "--database-url", f"sqlite:///{tmp_path / 'rw.sqlite'}"],
                                cwd=REPO, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "healthy (warning: selector title 'css:h2.title::text' matched nothing on 3 page(s)" in result.stdout


def test_a_listing_without_product_links_is_broken_even_when_another_source_is_priced(tmp_path):
    with ListingShop() as shop:
        sources = (f"  - kind: product\n    url: {shop.base_url}/p/1\n"
                   f"  - kind: listing\n    url: {shop.base_url}/empty\n")
        run, result = _crawl(tmp_path, sources)
    assert not run.healthy, result.stderr[-2000:]
    assert f"broken: listing {shop.base_url}/empty found 0 product links" in run.health_reasons


def test_product_pages_from_a_browser_listing_do_not_wait_for_the_listings_selector(tmp_path):
    require_chromium()
    with ListingShop() as shop:
        sources = (f"  - kind: listing\n    url: {shop.base_url}/list\n    render: browser\n"
                   "    wait_for: 'ol#products'\n")
        run, result = _crawl(tmp_path, sources, "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT=3000", "RETRY_TIMES=0")
    assert run.healthy, (run.health_reasons, result.stderr[-3000:])
    assert run.items == 3


def test_a_browser_crawl_without_items_ends_early_with_the_likely_cause(tmp_path):
    require_chromium()
    started = time.monotonic()
    with ListingShop() as shop:
        sources = (f"  - kind: listing\n    url: {shop.base_url}/list\n    render: browser\n"
                   "    wait_for: 'ol#products'\n    product_wait_for: '.price-that-never-shows'\n")
        run, result = _crawl(tmp_path, sources, "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT=1500",
                             politeness=", no_item_minutes: 0.1, max_run_minutes: 30")
    assert time.monotonic() - started < 120  # not the 30-minute budget
    assert run.finish_reason == "closespider_timeout_no_item", result.stderr[-3000:]
    assert not run.healthy
    reason = run.health_reasons[0]
    assert reason.startswith("broken:") and "likely cause" in reason and "wait_for" in reason
    assert "WARNING" in result.stderr and "likely cause" in result.stderr


def test_a_listing_that_links_later_pages_without_a_next_link_says_so(tmp_path):
    with ListingShop() as shop:
        run, result = _crawl(tmp_path, f"  - kind: listing\n    url: {shop.base_url}/gap\n")
    assert not run.healthy, result.stderr[-2000:]
    assert f"broken: listing {shop.base_url}/gap links to later pages but no next-page link was found" in run.health_reasons
