"""The store spider with a callback that always raises: the "spider exception" way to end a run
(``scrapy runspider tests/production/exploding_spider.py -a store=… -a config=…``)."""

from __future__ import annotations

from spiders.spiders.store import StoreSpider


class ExplodingStoreSpider(StoreSpider):
    """Renders pages like the store spider, then fails in the callback."""

    name = "store-exploding"

    def parse_product(self, response):
        raise RuntimeError(f"spider bug on {response.url}")
