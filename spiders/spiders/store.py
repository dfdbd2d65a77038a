"""The generic store spider: crawls every configured source of one store.

``scrapy crawl store -a store=SLUG [-a config=DIR]``. Callbacks only route: extraction lives in
``spiders.pages`` (page objects), storage in the pipeline and the ``RunRecorder`` extension.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, AsyncIterator

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

from core.config import load_config_dir
from core.config.global_settings import load_global_settings
from core.config.loader import default_config_dir
from core.config.models import Source, StoreConfig
from spiders import pages
from spiders.extensions import selector_use
from spiders.pages.categories import find_category_links
from spiders.pages.listing import shows_more_pages
from spiders.middlewares.conditional import replays_not_modified
from spiders.extensions.fetch_errors import FETCH_ERRORS, describe_failure, install_log_filters
from spiders.browser.rendering import apply_browser
from spiders.politeness import apply_politeness, browser_no_item_seconds
from spiders.items import SupportItem
from spiders.pages.platform_detect import api_url, detect_platform
from spiders.middlewares.ssrf import ALLOW_SETTING
from spiders.wording import with_wording


# Policy pages: the page object that reads each kind (one callback, ``parse_policy``, for both).
POLICY_EXTRACTORS = {"shipping": pages.extract_shipping, "returns": pages.extract_returns}


class StoreConfigError(ValueError):
    """The store named on the command line cannot be crawled as configured."""


def load_store(slug: str, config_dir: str | None) -> StoreConfig:
    """The validated config of one store, or a clear error."""
    directory = config_dir or str(default_config_dir())
    configs = load_config_dir(directory)
    store = configs.get(slug)
    if store is None:
        problems = [str(e) for e in configs.errors if slug in e.file] or [
            f"no store with slug {slug!r} in {directory} (known: {', '.join(s.slug for s in configs.stores) or 'none'})"
        ]
        raise StoreConfigError("; ".join(problems))
    return store


class StoreSpider(scrapy.Spider):
    """Crawl one store's product, listing, sitemap, platform and policy sources."""

    name = "store"

    def __init__(self, store: str | None = None, config: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if not store:
            raise StoreConfigError("pass the store to crawl: scrapy crawl store -a store=SLUG")
        self.store_config = load_store(store, config)
        install_log_filters()  # one line per failed URL, not Scrapy's retry/robots.txt tracebacks
        self.global_settings, _errors = load_global_settings(Path(config or default_config_dir()))
        self.run_id: int | None = None
        self._walked_categories: dict[str, set[str]] = {}  # per listing source: category URLs requested

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Settings are still mutable here (Scrapy >= 2.11): per-store politeness, and Playwright
        # only for stores that need a browser.
        apply_politeness(crawler.settings, spider.store_config.politeness, spider.global_settings)
        if spider.global_settings.allow_private_targets:  # the config directory's SSRF switch, per crawler
            crawler.settings.set(ALLOW_SETTING, True, priority="spider")
        if spider.store_config.needs_browser:
            apply_browser(crawler.settings)
            # A rendered page that never shows its wait_for selector times out again and again: close
            # the run as broken after no_item_minutes without an item, not at the end of its budget.
            crawler.settings.set("CLOSESPIDER_TIMEOUT_NO_ITEM", browser_no_item_seconds(spider.store_config.politeness),
                                 priority="spider")
        crawler.signals.connect(spider.on_dropped, signal=signals.request_dropped)
        return spider

    def on_dropped(self, request, spider=None):
        # A redirect back to a URL already fetched is a loop: the scheduler drops it silently,
        # but for run health it is a failed page.
        if request.meta.get("redirect_times"):
            self.crawler.stats.inc_value("rivalwatch/fetch_errors")
            self.logger.warning("redirect loop: %s", request.meta.get("redirect_urls", [request.url])[0])

    # -- requests --------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for source in self.store_config.sources:
            for request in self._requests_for(source):
                yield request
        declared = self.store_config.declared
        if declared and declared.support:
            fields = declared.support.model_dump(exclude_none=True)
            yield SupportItem(url="config:declared", provenance={k: "declared:config" for k in fields}, **fields)

    def _requests_for(self, source: Source):
        root = source.url.rstrip("/")
        if source.kind == "shopify":
            yield self._request(f"{root}/products.json?limit=250&page=1", source, self.parse_shopify, page=1)
        elif source.kind == "woocommerce":
            url = f"{root}/wp-json/wc/store/v1/products?per_page=100&page=1"
            yield self._request(url, source, self.parse_woocommerce, page=1)
        else:
            callback = {
                "product": self.parse_product,
                "listing": self.parse_listing,
                "sitemap": self.parse_sitemap,
                "shipping": self.parse_policy,
                "returns": self.parse_policy,
                "support": self.parse_support,
            }[source.kind]
            yield self._request(source.url, source, callback, page=1)

    def _request(self, url: str, source: Source, callback, *, page: int, browser: bool | None = None,
                 found_product: bool = False, depth: int = 0):
        """``found_product``: a product page found from a listing or sitemap, which waits for the
        source's ``product_wait_for`` — never for its ``wait_for``, which names the listing's markup."""
        meta: dict[str, Any] = {"source": source, "page": page, "category_depth": depth}
        if source.render == "browser" if browser is None else browser:
            meta["playwright"] = True
            wait_for = source.product_wait_for if found_product else source.wait_for
            from scrapy_playwright.page import PageMethod

            # Bounded like a navigation: a selector that never shows is a timeout, not a 30 s default.
            timeout = self.crawler.settings.getint("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", 30_000)
            if wait_for:
                meta["playwright_page_methods"] = [PageMethod("wait_for_selector", wait_for, timeout=timeout)]
            else:  # no selector named: read the page once its scripts' requests are done (never fails)
                from spiders.browser.settle import settle

                meta["playwright_page_methods"] = [PageMethod(settle, timeout_ms=timeout)]
        return scrapy.Request(url, callback=callback, meta=meta, errback=self.on_error)

    def on_error(self, failure):
        self.crawler.stats.inc_value(FETCH_ERRORS)
        self.logger.warning("fetch failed: %s (%s)", failure.request.url, describe_failure(failure))

    # -- callbacks ---------------------------------------------------------------------------
    def _page_ok(self) -> None:
        # Pages that reached a callback; with rivalwatch/fetch_errors it gives the failure share.
        self.crawler.stats.inc_value("rivalwatch/pages_ok")

    @property
    def _money_context(self) -> dict[str, Any]:
        return {"currency": self.store_config.currency, "country": self.store_config.country}

    @replays_not_modified  # a 304 replays the page's remembered items
    def parse_product(self, response: Response):
        self._page_ok()
        source: Source = response.meta["source"]
        selectors = source.selectors.model_dump(exclude_none=True) if source.selectors else None
        item = pages.extract_product(response.text, response.url, selectors=selectors, **self._money_context)
        selector_use.count_product(self.crawler.stats, selectors, item.provenance)
        yield item

    def parse_listing(self, response: Response):
        self._page_ok()
        source: Source = response.meta["source"]
        selectors = source.selectors.model_dump(exclude_none=True) if source.selectors else None
        platform = detect_platform(response.text) if selectors is None and response.meta["page"] == 1 else None
        if platform is not None:
            # A Shopify / WooCommerce store: its product API gives the whole listing in a few requests.
            self.logger.info("%s detected on %s: reading its product API", platform, response.url)
            callback = self.parse_shopify if platform == "shopify" else self.parse_woocommerce
            yield self._request(api_url(platform, response.url), source, callback, page=1, browser=False)
            return
        links = pages.find_product_links(response.text, response.url, selectors)
        if selectors and "product_links" in selectors:
            selector_use.count(self.crawler.stats, "product_links", selectors["product_links"], bool(links))
        for url in links:
            yield self._request(url, source, self.parse_product, page=1, found_product=True)
        categories = list(self._categories(response, source, links))
        yield from categories
        yield from self._next_listing_page(response, source, selectors)
        depth = response.meta.get("category_depth", 0)
        if not links and not categories and (depth == 0 or response.meta["page"] > 1):
            selector_use.listing_problem(self.crawler.stats, f"listing {response.url} found 0 product links")

    def _categories(self, response: Response, source: Source, links: list[str]):
        """With ``follow_categories``: the category pages linked from the first page of a listing."""
        depth = response.meta.get("category_depth", 0)
        if not source.follow_categories or response.meta["page"] != 1 or depth >= source.category_depth:
            return
        walked = self._walked_categories.setdefault(source.url, {source.url})
        for url in find_category_links(response.text, response.url, exclude=set(links)):
            if url in walked:
                continue
            if len(walked) > source.max_categories:
                self.logger.info("max_categories (%s) reached for %s", source.max_categories, source.url)
                return
            walked.add(url)
            yield self._request(url, source, self.parse_listing, page=1, depth=depth + 1)

    def _next_listing_page(self, response: Response, source: Source, selectors: dict | None):
        page, depth = response.meta["page"], response.meta.get("category_depth", 0)
        next_url = pages.find_next_page(response.text, response.url, selectors)
        if next_url and page < source.max_pages:
            yield self._request(next_url, source, self.parse_listing, page=page + 1, depth=depth)
        elif next_url is None and shows_more_pages(response.text, response.url):
            selector_use.listing_problem(
                self.crawler.stats, f"listing {response.url} links to later pages but no next-page link was found")

    def parse_sitemap(self, response: Response):
        self._page_ok()
        source: Source = response.meta["source"]
        body = gunzip(response.body) if gzip_magic_number(response) else response.body
        sitemap = Sitemap(body)  # lxml with entity resolution off: no XXE
        for entry in sitemap:
            url = entry.get("loc", "").strip()
            if not url.startswith(("http://", "https://")):
                continue
            if sitemap.type == "sitemapindex":
                yield self._request(url, source, self.parse_sitemap, page=response.meta["page"] + 1)
            else:
                yield self._request(url, source, self.parse_product, page=1, found_product=True)

    def parse_shopify(self, response: Response):
        self._page_ok()
        source: Source = response.meta["source"]
        products = pages.products_from_shopify(response.body, response.url, currency=self.store_config.currency)
        yield from products
        page = response.meta["page"]
        if len(products) >= 250 and page < source.max_pages:
            url = response.url.replace(f"page={page}", f"page={page + 1}")
            yield self._request(url, source, self.parse_shopify, page=page + 1, browser=False)

    def parse_woocommerce(self, response: Response):
        self._page_ok()
        source: Source = response.meta["source"]
        products = pages.products_from_woocommerce(response.body, response.url)
        yield from products
        page = response.meta["page"]
        if len(products) >= 100 and page < source.max_pages:
            url = response.url.replace(f"page={page}", f"page={page + 1}")
            yield self._request(url, source, self.parse_woocommerce, page=page + 1, browser=False)

    @replays_not_modified  # a 304 replays the page's remembered items
    def parse_policy(self, response: Response):
        """A shipping or returns page (its source's kind says which): its terms, then its support signals."""
        self._page_ok()
        extract = POLICY_EXTRACTORS[response.meta["source"].kind]
        item = extract(response.text, response.url, **self._money_context)
        if item is not None:
            yield with_wording(item, response.text)
        yield pages.extract_support(response.text, response.url)

    @replays_not_modified  # a 304 replays the page's remembered items
    def parse_support(self, response: Response):
        self._page_ok()
        yield pages.extract_support(response.text, response.url)
