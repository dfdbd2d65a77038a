"""The conditional-request middleware on single requests (no crawl): which requests carry validators,
what a full page leaves behind, and what a 304 replays."""

from __future__ import annotations

import scrapy
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler
from sqlalchemy import update

from core.config.models import StoreConfig
from spiders.middlewares.conditional import ConditionalRequestsMiddleware, config_fingerprint, replays_not_modified
from spiders.items import ProductItem
from storage import StoreInfo, start_run, sync_store
from storage.models import CrawlRun, utcnow
from storage.validators import load_validators, save_validators

BASE = "http://shop.example"
PAGE = """<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Product", "name": "Kopi", "sku": "K-1",
 "offers": {"@type": "Offer", "price": "45000", "priceCurrency": "IDR"}}</script></head>
<body><h1>Kopi</h1></body></html>"""


class PageSpider(scrapy.Spider):
    name = "pages"

    @replays_not_modified
    def parse_page(self, response):
        yield ProductItem(url=response.url, title="Kopi", sku="K-1", price="45000", currency="IDR")

    def parse_listing(self, response):
        yield from ()


def make(db, *, applied: bool = True):
    config = StoreConfig.model_validate({
        "slug": "warung", "name": "Warung", "currency": "IDR",
        "sources": [{"kind": "listing", "url": f"{BASE}/all"}],
    })
    sync_store(db, StoreInfo(slug="warung", name="Warung", currency="IDR"))
    crawler = get_crawler(PageSpider)
    spider = PageSpider()
    spider.crawler, spider.store_config, spider.db = crawler, config, db
    source = config.sources[0]
    old_run = start_run(db, "warung", "pages")
    save_validators(db, "warung", old_run, [{
        "url": f"{BASE}/p/1", "etag": '"v1"', "last_modified": "Wed, 01 Jan 2026 00:00:00 GMT",
        "config_fingerprint": config_fingerprint(config, source),
        "items": [ProductItem(url=f"{BASE}/p/1", title="Kopi", sku="K-1", price="45000", currency="IDR").model_dump(mode="json")],
        "fetched_at": utcnow(),
    }])
    with db.session() as s:
        s.execute(update(CrawlRun).where(CrawlRun.id == old_run).values(
            status="finished", healthy=applied, applied_at=utcnow() if applied else None))
    spider.run_id = start_run(db, "warung", "pages")
    middleware = ConditionalRequestsMiddleware.from_crawler(crawler)
    middleware.spider_opened(spider)
    return spider, source, middleware


def page_request(spider, source, url, callback=None, **meta):
    return Request(url, callback=callback or spider.parse_page, meta={"source": source, "page": 1, **meta})


def test_validators_go_only_on_page_requests_with_a_stored_answer(sqlite_db):
    spider, source, middleware = make(sqlite_db)
    request = page_request(spider, source, f"{BASE}/p/1")
    middleware.process_request(request, spider)
    assert request.headers[b"If-None-Match"] == b'"v1"'
    assert request.headers[b"If-Modified-Since"] == b"Wed, 01 Jan 2026 00:00:00 GMT"
    assert 304 in request.meta["handle_httpstatus_list"]

    listing = page_request(spider, source, f"{BASE}/p/1", callback=spider.parse_listing)
    browser = page_request(spider, source, f"{BASE}/p/1", playwright=True)
    robots = Request(f"{BASE}/robots.txt")
    for other in (listing, browser, robots):
        middleware.process_request(other, spider)
        assert b"If-None-Match" not in other.headers and "handle_httpstatus_list" not in other.meta

    # A redirect copies the request, headers included: the new URL has no validators of its own.
    hop = request.replace(url=f"{BASE}/p/1-new")
    middleware.process_request(hop, spider)
    assert b"If-None-Match" not in hop.headers and b"If-Modified-Since" not in hop.headers


def test_validators_of_an_unapplied_run_are_not_sent(sqlite_db):
    spider, source, middleware = make(sqlite_db, applied=False)
    request = page_request(spider, source, f"{BASE}/p/1")
    middleware.process_request(request, spider)
    assert b"If-None-Match" not in request.headers
    assert load_validators(sqlite_db, "warung") == {}


def test_full_page_is_remembered_and_a_304_replays_it(sqlite_db):
    spider, source, middleware = make(sqlite_db)
    fresh = page_request(spider, source, f"{BASE}/p/2")
    middleware.process_request(fresh, spider)
    response = HtmlResponse(fresh.url, status=200, body=PAGE.encode(), headers={"ETag": 'W/"p2"'}, request=fresh)
    original = list(spider.parse_page(response))
    bare = page_request(spider, source, f"{BASE}/p/3")
    middleware.process_request(bare, spider)
    list(spider.parse_page(HtmlResponse(bare.url, status=200, body=PAGE.encode(), request=bare)))  # no validator
    assert [r["url"] for r in middleware.pending] == [f"{BASE}/p/2"]
    middleware.flush()
    with sqlite_db.session() as s:
        s.execute(update(CrawlRun).where(CrawlRun.id == spider.run_id).values(status="finished", applied_at=utcnow()))

    # Next crawl: the stored answer is sent, the server says 304, the same item comes back.
    middleware = ConditionalRequestsMiddleware.from_crawler(spider.crawler)
    middleware.spider_opened(spider)
    again = page_request(spider, source, f"{BASE}/p/2")
    middleware.process_request(again, spider)
    assert again.headers[b"If-None-Match"] == b'W/"p2"'
    replayed = list(spider.parse_page(Response(again.url, status=304, request=again)))
    assert replayed == original
    stats = spider.crawler.stats
    assert stats.get_value("rivalwatch/not_modified") == 1 and stats.get_value("rivalwatch/pages_ok") == 1

    # A 304 the crawler did not ask for is a failed page, never "seen".
    unasked = page_request(spider, source, f"{BASE}/p/3")
    middleware.process_request(unasked, spider)
    assert list(spider.parse_page(Response(unasked.url, status=304, request=unasked))) == []
    assert stats.get_value("rivalwatch/fetch_errors") == 1


def test_fingerprint_is_computed_once_per_source_and_follows_new_selectors(sqlite_db, monkeypatch):
    import spiders.middlewares.conditional as conditional

    spider, source, middleware = make(sqlite_db)
    calls = []
    real = conditional.config_fingerprint
    monkeypatch.setattr(conditional, "config_fingerprint", lambda config, src, *code: calls.append(src) or real(config, src, *code))
    dumps = []  # serialising the source (pydantic) is the per-request cost the cache removes
    for name in ("model_dump", "model_dump_json"):
        method = getattr(type(source), name)
        monkeypatch.setattr(type(source), name,
                            lambda self, *a, _m=method, **k: dumps.append(self) or _m(self, *a, **k))
    requests = [page_request(spider, source, f"{BASE}/p/{n}") for n in range(200)]
    for request in requests:
        middleware.process_request(request, spider)
    assert len(calls) == 1 and len(dumps) == 1
    first = requests[0].meta["rivalwatch_config_fingerprint"]
    assert {r.meta["rivalwatch_config_fingerprint"] for r in requests} == {first}

    # A reloaded config (new objects) with a selector fix: fingerprinted again, and different.
    reloaded = spider.store_config.model_validate({
        **spider.store_config.model_dump(mode="json"),
        "sources": [{"kind": "listing", "url": f"{BASE}/all", "selectors": {"price": "css:.price-now::text"}}],
    })
    spider.store_config = reloaded
    new_source = reloaded.sources[0]
    fixed = [page_request(spider, new_source, f"{BASE}/p/{n}") for n in range(50)]
    for request in fixed:
        middleware.process_request(request, spider)
    assert len(calls) == 2
    assert {r.meta["rivalwatch_config_fingerprint"] for r in fixed} == {real(reloaded, new_source)} != {first}
    assert b"If-None-Match" not in fixed[1].headers  # the stored answer belongs to the old selectors


def test_copied_sources_share_one_cache_entry(sqlite_db):
    # Requests from the scrapy-redis queue carry an unpickled copy of their source each: the cache
    # must not keep one entry (and one object) per request.
    import copy

    spider, source, middleware = make(sqlite_db)
    requests = [page_request(spider, copy.deepcopy(source), f"{BASE}/p/{n}") for n in range(50)]
    for request in requests:
        middleware.process_request(request, spider)
    assert len(middleware._fingerprints) == 0 and len(middleware._copy_fingerprints) == 1
    own = page_request(spider, source, f"{BASE}/p/own")
    middleware.process_request(own, spider)
    assert {r.meta["rivalwatch_config_fingerprint"] for r in requests} == {own.meta["rivalwatch_config_fingerprint"]}
