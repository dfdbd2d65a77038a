"""The baseline: a bare Scrapy spider that reads the same catalogue as the full pipeline.

Same requests as the ``store`` spider on the benchmark store (robots.txt, sitemap, every product
page, the shipping and returns pages); each product page's JSON-LD is parsed with ``json.loads``
and one dict item is yielded. Nothing is validated, stored or compared.
"""

from __future__ import annotations

import json

import scrapy
from scrapy.utils.sitemap import Sitemap


class BareSpider(scrapy.Spider):
    name = "bench-bare"

    def __init__(self, base_url: str, store: str | None = None, config: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        store, config = kwargs.get("store"), kwargs.get("config")
        if store and config:
            # Mirror the store spider: its per-store politeness block (when the project has one) sets
            # delay, concurrency, AutoThrottle and User-Agent at spider priority.
            try:
                from spiders.politeness import politeness_settings
                from spiders.spiders.store import load_store
            except ImportError:
                return spider
            from core.config import load_config_dir

            store_config = load_store(store, config)
            policy = getattr(store_config, "politeness", None)
            if policy is not None:
                for key, value in politeness_settings(policy, load_config_dir(config).settings).items():
                    crawler.settings.set(key, value, priority="spider")
        return spider

    async def start(self):
        yield scrapy.Request(f"{self.base_url}/sitemap.xml", callback=self.parse_sitemap)
        for path in ("/policies/shipping", "/policies/returns"):
            yield scrapy.Request(self.base_url + path, callback=self.parse_page)

    def parse_sitemap(self, response):
        for entry in Sitemap(response.body):
            yield scrapy.Request(entry["loc"], callback=self.parse_product)

    def parse_page(self, response):
        yield {"url": response.url, "length": len(response.body)}

    def parse_product(self, response):
        for text in response.xpath('//script[@type="application/ld+json"]/text()').getall():
            data = json.loads(text)
            if isinstance(data, dict) and data.get("@type") == "Product":
                offer = data.get("offers") or {}
                if offer.get("price"):
                    self.crawler.stats.inc_value("bench/products_priced")
                yield {
                    "url": response.url, "sku": data.get("sku"), "gtin": data.get("gtin13"), "title": data.get("name"),
                    "price": offer.get("price"), "currency": offer.get("priceCurrency"),
                    "availability": offer.get("availability"),
                }
