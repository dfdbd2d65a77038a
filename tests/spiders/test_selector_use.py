"""Selector use is counted from the item's provenance: matched fields say ``selector:``."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from spiders import pages
from spiders.extensions.selector_use import count_product, never_matched

PAGE = '<html><body><h1>Book</h1><p class="p">51.77</p><span class="cur">GBP</span><p class="s">In stock</p></body></html>'


def test_matched_and_unmatched_selectors_are_counted_per_field():
    stats = get_crawler().stats
    selectors = {"price": "css:.p::text", "currency": "css:.cur::text", "availability": "css:.s::text",
                 "sku": "css:.sku::text", "product_links": "css:a.x::attr(href)"}
    for _ in range(2):
        item = pages.extract_product(PAGE, "http://shop.example/p/1", selectors=selectors)
        count_product(stats, selectors, item.provenance)
    assert never_matched(stats.get_stats()) == [("sku", "css:.sku::text", 2)]
