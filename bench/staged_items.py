"""The items a crawl of the benchmark catalogue stages, without running Scrapy's downloader.

``SpiderItems`` feeds catalogue pages, as ``HtmlResponse`` objects, to the real ``store`` spider's
callbacks and validates the items with the real ``StagingPipeline`` (exactly what a crawl stages).
That costs ~10 ms of extraction per page, so ``crawl_items`` builds the product items of large
catalogues from a template taken from one really extracted page, then checks a spread sample of
pages (and every changed product of the version) against the real callbacks and refuses to go on
if a single item differs.
"""

from __future__ import annotations

from pathlib import Path

from bench.catalog import Catalog, price_at
from bench.common import STORE_SLUG


class SpiderItems:
    """Items of catalogue pages as the real spider + pipeline produce them."""

    def __init__(self, catalog: Catalog, config_dir: Path):
        from scrapy.utils.test import get_crawler

        from spiders.pipelines import StagingPipeline
        from spiders.spiders.store import StoreSpider

        self.catalog = catalog
        crawler = get_crawler(StoreSpider, {})
        # Built directly (not from_crawler): get_crawler's settings are frozen and only the callbacks are used.
        self.spider = StoreSpider(store=STORE_SLUG, config=str(config_dir))
        self.spider._set_crawler(crawler)
        self.pipeline = StagingPipeline(crawler, 500)
        self.sources = {s.kind: s for s in self.spider.store_config.sources}

    def _response(self, path: str, body: bytes, kind: str):
        from scrapy.http import HtmlResponse, Request

        url = self.catalog.url(path)
        request = Request(url, meta={"source": self.sources.get(kind) or self.sources["sitemap"], "page": 1})
        return HtmlResponse(url, body=body, encoding="utf-8", request=request)

    def product(self, index: int, version: int) -> dict:
        p = self.catalog.products[index]
        response = self._response(f"/products/{p.handle}", self.catalog.product_page(p, version), "sitemap")
        (item,) = list(self.spider.parse_product(response))
        return self.pipeline._validated(item)

    def policies(self) -> list[dict]:
        items = []
        for kind, path, body, callback in (
            ("shipping", "/policies/shipping", self.catalog.shipping_page(), self.spider.parse_policy),
            ("returns", "/policies/returns", self.catalog.returns_page(), self.spider.parse_policy),
        ):
            items += [self.pipeline._validated(i) for i in callback(self._response(path, body, kind))]
        return items


def _from_template(template: dict, catalog: Catalog, index: int, version: int) -> dict:
    p = catalog.products[index]
    item = dict(template)
    item.update(url=catalog.url(f"/products/{p.handle}"), title=p.title, price=str(price_at(p, version)),
                availability="InStock" if p.in_stock else "OutOfStock", sku=p.sku, gtin=p.gtin, brand=p.brand)
    return item


class CrawlItems:
    """Everything one crawl of the catalogue at a version stages (products + policy pages)."""

    def __init__(self, catalog: Catalog, config_dir: Path, *, verify: int = 100, exact: bool = False):
        self.catalog = catalog
        self.real = SpiderItems(catalog, config_dir)
        self.exact = exact or catalog.n <= verify
        self.verify = verify
        self.template = self.real.product(0, 1)
        self._policies = self.real.policies()
        self.checked = 0

    def items(self, version: int) -> list[dict]:
        n = self.catalog.n
        if self.exact:
            products = [self.real.product(i, version) for i in range(n)]
            self.checked += n
        else:
            products = [_from_template(self.template, self.catalog, i, version) for i in range(n)]
            sample = set(range(0, n, max(1, n // self.verify)))
            if version > 1:
                sample |= {p.index for p in self.catalog.products if p.changes}
            for i in sorted(sample):
                real = self.real.product(i, version)
                if real != products[i]:
                    raise AssertionError(f"template item differs from the spider's for product {i}: {real} != {products[i]}")
            self.checked += len(sample)
        return products + [dict(i) for i in self._policies]
