"""A scriptable fake store on 127.0.0.1:0 for false-alert tests.

URL map: ``/p/<i>`` product pages with JSON-LD (i = 0..products-1), ``/shipping``, ``/returns``,
``/robots.txt``. ``mode`` selects how the store answers the next crawl:
``ok`` (normal), ``error503`` (every page 503), ``captcha`` (HTTP 200 Cloudflare-style challenge),
``redesign`` (price markup gone: no JSON-LD, price in an unknown widget), ``hang`` (never answers
within the crawl's download timeout).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler

from core.testing.loopback import LoopbackStore

CAPTCHA = (
    "<html><head><title>Just a moment...</title></head><body>"
    "<div id='cf-chl-widget'>Checking if the site connection is secure</div></body></html>"
)
SHIPPING = (
    "<html><body><h1>Shipping</h1><table><tr><th>Method</th><th>Cost</th><th>Delivery</th></tr>"
    "<tr><td>Standard</td><td>$4.95</td><td>3-5 business days</td></tr></table>"
    "<p>Free standard shipping on orders of $50 or more.</p></body></html>"
)
RETURNS = (
    "<html><body><h1>Returns</h1><p>You can return unworn items within 30 days of delivery for a full refund. "
    "Return shipping is free: we email you a prepaid label.</p></body></html>"
)


class ScriptedStore(LoopbackStore):
    """Context manager running the store; change ``prices`` / ``mode`` between crawls."""

    def __init__(self, products: int = 1, price: str = "19.99"):
        super().__init__()
        self.prices = [price] * products
        self.mode = "ok"
        self.delay = 0.0  # seconds per product page, to keep a crawl running for kill tests
        self.hits = 0
        self._lock = threading.Lock()

    def product_html(self, index: int) -> str:
        price = self.prices[index]
        if self.mode == "redesign":
            # The price moved into a widget drawn from a data attribute: nothing readable is left.
            return (f"<html><body><h1>Item {index}</h1><p>Welcome to our new shop design! This soft cotton item is "
                    f"made in small batches and ships in recycled packaging.</p>"
                    f"<div class='new-widget' data-v='{price}'></div></body></html>")
        data = {"@context": "https://schema.org", "@type": "Product", "name": f"Item {index}", "sku": f"SKU-{index}",
                "offers": {"@type": "Offer", "price": price, "priceCurrency": "USD",
                           "availability": "https://schema.org/InStock"}}
        return (f"<html><head><script type='application/ld+json'>{json.dumps(data)}</script></head>"
                f"<body><h1>Item {index}</h1><p class='price'>${price}</p><button>Add to cart</button></body></html>")

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.hits += 1
            mode = self.mode
        path = handler.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self.send(handler, 200, "User-agent: *\nAllow: /\n", "text/plain")
        if mode == "hang":
            time.sleep(4)
            return self.send(handler, 200, "late", "text/plain")
        if mode == "error503":
            return self.send(handler, 503, "Service Unavailable", "text/plain")
        if mode == "captcha":
            return self.send(handler, 200, CAPTCHA, "text/html; charset=utf-8")
        if path.startswith("/p/") and path[3:].isdigit() and int(path[3:]) < len(self.prices):
            time.sleep(self.delay)
            return self.send(handler, 200, self.product_html(int(path[3:])), "text/html; charset=utf-8")
        if path == "/shipping":
            return self.send(handler, 200, SHIPPING, "text/html; charset=utf-8")
        if path == "/returns":
            return self.send(handler, 200, RETURNS, "text/html; charset=utf-8")
        return self.send(handler, 404, "not found", "text/plain")

    def config_yaml(self, slug: str = "rival", *, confirm_runs: int = 1, rule: str = "price_change_percent >= 1") -> str:
        products = "".join(f"  - kind: product\n    url: {self.base_url}/p/{i}\n" for i in range(len(self.prices)))
        return (
            f"slug: {slug}\nname: Rival\ncountry: US\ncurrency: USD\nconfirm_runs: {confirm_runs}\n"
            "politeness: {download_delay: 0, concurrency: 8, autothrottle: false}\n"
            f"sources:\n{products}"
            f"alerts:\n  - when: '{rule}'\n"
        )
