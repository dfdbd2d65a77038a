"""A fake store on 127.0.0.1:0 that serves validators and answers conditional requests.

URL map: ``/list`` (listing linking every product; ETag too, to show listings are never asked
conditionally), ``/p/<i>`` product pages with JSON-LD, ``ETag`` and ``Last-Modified``,
``/shipping`` (``ETag`` only) and ``/returns`` (``Last-Modified`` only), ``/robots.txt``.
``If-None-Match`` is compared with the current ETag (weak comparison, as RFC 9110 asks);
without it, ``If-Modified-Since`` is compared with the page's Last-Modified. Matching requests get
``304 Not Modified`` with no body. Per path it counts requests, conditional requests and 304s,
and it counts the body bytes sent.

``captcha`` is a set of product indices answered with a challenge page (which carries an ETag:
a block page must never be remembered).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from email.utils import format_datetime, parsedate_to_datetime
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler

from core.testing.loopback import LoopbackStore
from tests.fakes.scripted_store import CAPTCHA, RETURNS, SHIPPING

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


class ValidatorStore(LoopbackStore):
    """Context manager running the store; change ``prices`` / ``captcha`` between crawls."""

    def __init__(self, products: int = 6, price: str = "19.99"):
        super().__init__()
        self.prices = [price] * products
        self.versions = [1] * products  # bumped by set_price: drives Last-Modified
        self.captcha: set[int] = set()
        self.requests: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.bytes_sent = 0
        self._lock = threading.Lock()

    def reset_counts(self) -> None:
        with self._lock:
            self.requests.clear()
            self.conditional.clear()
            self.not_modified.clear()
            self.bytes_sent = 0

    def set_price(self, index: int, price: str) -> None:
        self.prices[index] = price
        self.versions[index] += 1

    # -- pages -------------------------------------------------------------------------------
    def product_html(self, index: int) -> str:
        data = {"@context": "https://schema.org", "@type": "Product", "name": f"Item {index}", "sku": f"SKU-{index}",
                "offers": {"@type": "Offer", "price": self.prices[index], "priceCurrency": "USD",
                           "availability": "https://schema.org/InStock"}}
        return (f"<html><head><script type='application/ld+json'>{json.dumps(data)}</script></head>"
                f"<body><h1>Item {index}</h1><p class='price'>${self.prices[index]}</p>"
                f"<button>Add to cart</button></body></html>")

    def listing_html(self) -> str:
        links = "".join(f"<li><a class='product' href='/p/{i}'>Item {i}</a></li>" for i in range(len(self.prices)))
        return f"<html><body><h1>All items</h1><ul>{links}</ul></body></html>"

    def _page(self, path: str) -> tuple[str, bool, datetime | None] | None:
        """(body, send an ETag, Last-Modified or None) of a path, None if unknown."""
        if path == "/list":
            return self.listing_html(), True, None
        if path.startswith("/p/") and path[3:].isdigit() and int(path[3:]) < len(self.prices):
            index = int(path[3:])
            if index in self.captcha:
                return CAPTCHA, True, None
            return self.product_html(index), True, EPOCH + timedelta(hours=self.versions[index])
        if path == "/shipping":
            return SHIPPING, True, None
        if path == "/returns":
            return RETURNS, False, EPOCH
        return None

    # -- HTTP --------------------------------------------------------------------------------
    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self._send(handler, 200, "User-agent: *\nAllow: /\n", "text/plain", {})
        page = self._page(path)
        if page is None:
            return self._send(handler, 404, "not found", "text/plain", {})
        body, with_etag, modified = page
        headers = {}
        etag = f'"{hashlib.sha256(body.encode()).hexdigest()[:20]}"' if with_etag else None
        if etag:
            headers["ETag"] = etag
        if modified:
            headers["Last-Modified"] = format_datetime(modified, usegmt=True)
        if_none_match = handler.headers.get("If-None-Match")
        if_modified_since = handler.headers.get("If-Modified-Since")
        with self._lock:
            self.requests[path] += 1
            if if_none_match or if_modified_since:
                self.conditional[path] += 1
        if self._unchanged(etag, modified, if_none_match, if_modified_since):
            with self._lock:
                self.not_modified[path] += 1
            return self._send(handler, 304, "", None, headers)
        return self._send(handler, 200, body, "text/html; charset=utf-8", headers)

    @staticmethod
    def _unchanged(etag, modified, if_none_match, if_modified_since) -> bool:
        if if_none_match is not None:  # RFC 9110 13.1.2: If-None-Match wins over If-Modified-Since
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return etag is not None and (etag.removeprefix("W/") in tags or "*" in tags)
        if if_modified_since and modified:
            try:
                return modified <= parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, handler, status: int, body: str, content_type: str | None, headers: dict) -> None:
        data = body.encode("utf-8")
        with self._lock:
            self.bytes_sent += len(data)
        try:
            handler.send_response(status)
            if content_type:
                handler.send_header("Content-Type", content_type)
            for name, value in headers.items():
                handler.send_header(name, value)
            if status != 304:
                handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            if status != 304:
                handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def config_yaml(self, slug: str = "rival", *, conditional: bool = True, price_selector: str | None = None) -> str:
        selectors = "    selectors:\n      product_links: 'css:a.product::attr(href)'\n"
        if price_selector:
            selectors += f"      price: '{price_selector}'\n"
        return (
            f"slug: {slug}\nname: Rival\ncountry: US\ncurrency: USD\nconfirm_runs: 1\n"
            "politeness: {download_delay: 0, concurrency: 8, autothrottle: false, "
            f"conditional_requests: {str(conditional).lower()}}}\n"
            "sources:\n"
            f"  - kind: listing\n    url: {self.base_url}/list\n{selectors}"
            f"  - kind: shipping\n    url: {self.base_url}/shipping\n"
            f"  - kind: returns\n    url: {self.base_url}/returns\n"
        )
