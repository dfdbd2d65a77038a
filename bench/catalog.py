"""A synthetic store catalogue and a fast local server for the benchmarks.

``Catalog(n)`` generates ``n`` deterministic products (no clock, no randomness beyond a seeded
``random.Random``) and pre-renders, into memory, what a mid-size shop serves:

* ``/products/<handle>`` — ~30 KB product pages: schema.org ``Product`` + ``Offer`` JSON-LD (sku,
  gtin13, price, currency, availability), OpenGraph tags, navigation, breadcrumbs, description,
  spec table, reviews, a related-products strip and a footer (realistic HTML filler);
* ``/sitemap.xml`` (every product page), ``/robots.txt`` (allow all), ``/`` (home);
* ``/policies/shipping`` and ``/policies/returns`` — English policy pages RivalWatch's policy
  parser reads (shipping table, free-shipping threshold, 30-day returns);
* ``/products.json?limit=250&page=N`` — the Shopify-style platform feed (same products and prices).

``catalog.version`` switches prices without restarting the server: version 1 is the base
catalogue; at version ``v >= 2`` every 20th product (5 %) costs ``base * 0.92 ** (v - 1)``
(rounded to Rp 100), so each version bump is a -8 % price change on exactly 5 % of products.

``CatalogServer`` serves a catalogue from an asyncio HTTP/1.1 server (keep-alive, bounded number
of connections) on ``127.0.0.1:0`` in a daemon thread and counts requests per route, so the
platform benchmark counts requests at the server, not in the crawler.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import parse_qsl, urlsplit

CHANGE_EVERY = 20  # every 20th product changes price at version >= 2 (5 %)
CURRENCY = "IDR"
TARGET_PAGE_BYTES = 30_000

_WORDS = ["organic", "premium", "handmade", "natural", "fresh", "roasted", "aromatic", "classic", "rich", "smooth", "gentle", "daily", "family", "local", "artisan", "pure", "light", "dark", "golden", "crunchy", "creamy", "spicy", "sweet", "savoury", "balanced", "traditional", "selected", "harvest", "highland", "valley", "island", "village", "garden", "kitchen", "pantry", "breakfast", "snack", "gift", "bundle", "pack", "bottle", "jar", "pouch", "box", "refill", "sachet", "limited", "seasonal", "bestseller", "favourite", "quality", "texture", "flavour", "aroma", "finish", "blend", "origin", "process", "storage", "serving", "recipe", "ingredient", "nutrition"]
_NOUNS = ("Coffee", "Tea", "Honey", "Palm Sugar", "Coconut Oil", "Rice", "Chili Sauce", "Soy Sauce",
          "Cocoa", "Vanilla", "Cinnamon", "Ginger", "Turmeric", "Peanut Butter", "Granola", "Noodles")
_ORIGINS = ("Gayo", "Toraja", "Kintamani", "Flores", "Java", "Sumbawa", "Bali", "Lampung", "Papua", "Aceh")
_SIZES = ("100g", "250g", "500g", "1kg", "250ml", "500ml", "1L")
_CATEGORIES = ("Coffee & Tea", "Pantry", "Spices", "Sauces", "Oils", "Snacks", "Breakfast", "Gifts",
               "Organic", "Bulk", "New", "Sale", "Kitchen", "Beverages", "Baking", "Local Heroes")


@dataclass(frozen=True)
class Product:
    index: int
    handle: str
    title: str
    sku: str
    gtin: str
    brand: str
    base_price: int
    in_stock: bool
    category: str

    @property
    def changes(self) -> bool:
        return self.index % CHANGE_EVERY == 0


def _gtin13(number: int) -> str:
    digits = f"899{number:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def price_at(product: Product, version: int) -> int:
    """Price of a product at a catalogue version (integer rupiah)."""
    if version <= 1 or not product.changes:
        return product.base_price
    return int(round(product.base_price * 0.92 ** (version - 1), -2))


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


class Catalog:
    """``n`` products, pre-rendered pages and a switchable price version."""

    def __init__(self, n: int, *, seed: int = 7, page_bytes: int = TARGET_PAGE_BYTES):
        self.n = n
        self.page_bytes = page_bytes
        self.version = 1
        self.base_url = "http://127.0.0.1"  # set by the server once bound
        rng = random.Random(seed)
        self.products = [self._product(i, rng) for i in range(n)]
        self.by_handle = {p.handle: p for p in self.products}
        self._filler = self._make_filler(rng)

    # -- generation ------------------------------------------------------------------------------
    def _product(self, i: int, rng: random.Random) -> Product:
        noun, origin, size = rng.choice(_NOUNS), rng.choice(_ORIGINS), rng.choice(_SIZES)
        title = f"{origin} {rng.choice(_WORDS).title()} {noun} {size}"
        handle = f"{origin}-{noun}-{size}-{i}".lower().replace(" ", "-").replace("&", "and")
        return Product(
            index=i, handle=handle, title=title, sku=f"BW-{i:06d}", gtin=_gtin13(100000 + i),
            brand=f"{origin} Trading Co.", base_price=rng.randrange(150, 5000) * 100,
            in_stock=rng.random() > 0.08, category=rng.choice(_CATEGORIES),
        )

    @staticmethod
    def _sentence(rng: random.Random, words: int) -> str:
        text = " ".join(rng.choice(_WORDS) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def _make_filler(self, rng: random.Random) -> dict[str, str]:
        nav = "".join(
            f'<li class="nav-item"><a class="nav-link" href="/collections/{c.lower().replace(" ", "-").replace("&", "and")}">'
            f"{escape(c)}</a><ul class=\"sub\">"
            + "".join(f'<li><a href="/collections/{j}">{escape(rng.choice(_WORDS).title())}</a></li>' for j in range(6))
            + "</ul></li>"
            for c in _CATEGORIES
        )
        footer = "".join(
            f'<div class="footer-col"><h4>{escape(rng.choice(_WORDS).title())}</h4><ul>'
            + "".join(f'<li><a href="/pages/{rng.choice(_WORDS)}-{k}">{escape(self._sentence(rng, 3))}</a></li>' for k in range(8))
            + "</ul></div>"
            for _ in range(5)
        )
        css = "".join(f".c{k}{{margin:{k % 7}px;padding:{k % 5}px;color:#{k * 2654435761 % 0xFFFFFF:06x}}}" for k in range(120))
        return {"nav": nav, "footer": footer, "css": css}

    # -- rendering -------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base_url + path

    def product_page(self, product: Product, version: int) -> bytes:
        price = price_at(product, version)
        availability = "https://schema.org/InStock" if product.in_stock else "https://schema.org/OutOfStock"
        page_url = self.url(f"/products/{product.handle}")
        jsonld = {
            "@context": "https://schema.org", "@type": "Product", "name": product.title,
            "sku": product.sku, "gtin13": product.gtin, "brand": {"@type": "Brand", "name": product.brand},
            "category": product.category, "url": page_url,
            "image": [self.url(f"/cdn/{product.handle}-{k}.jpg") for k in range(3)],
            "description": f"{product.title}: {product.category.lower()} from {product.brand}.",
            "offers": {
                "@type": "Offer", "url": page_url, "price": str(price), "priceCurrency": CURRENCY,
                "availability": availability, "itemCondition": "https://schema.org/NewCondition",
                "seller": {"@type": "Organization", "name": "Bench Warung"},
            },
            "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.6", "reviewCount": 20 + product.index % 300},
        }
        breadcrumbs = {
            "@context": "https://schema.org", "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": self.url("/")},
                {"@type": "ListItem", "position": 2, "name": product.category, "item": self.url("/collections/all")},
            ],
        }
        rng = random.Random(product.index)  # page text depends on the product only, never the version
        description = "".join(f"<p>{escape(self._sentence(rng, 40))}</p>" for _ in range(8))
        specs = "".join(
            f"<tr><th>{escape(rng.choice(_WORDS).title())}</th><td>{escape(self._sentence(rng, 5))}</td></tr>" for _ in range(14)
        )
        reviews = "".join(
            f'<div class="review c{k}"><span class="stars">{"★" * (3 + k % 3)}</span><h5>{escape(self._sentence(rng, 4))}</h5>'
            f"<p>{escape(self._sentence(rng, 30))}</p><small>Verified buyer</small></div>"
            for k in range(8)
        )
        related = "".join(
            f'<li class="card"><a href="/products/{other.handle}">{escape(other.title)}</a></li>'
            for other in (self.products[(product.index + k * 37) % self.n] for k in range(1, 9))
        )
        head = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(product.title)} – Bench Warung</title>"
            f'<meta name="description" content="{escape(product.title)} from {escape(product.brand)}">'
            f'<link rel="canonical" href="{page_url}">'
            f'<meta property="og:type" content="product"><meta property="og:title" content="{escape(product.title)}">'
            f'<meta property="og:url" content="{page_url}">'
            f"<style>{self._filler['css']}</style>"
            f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>'
            f'<script type="application/ld+json">{json.dumps(breadcrumbs)}</script>'
            "</head>"
        )
        body = (
            '<body><header class="site-header"><a class="logo" href="/">Bench Warung</a>'
            f'<nav><ul class="nav">{self._filler["nav"]}</ul></nav></header>'
            f'<main><nav class="breadcrumbs"><a href="/">Home</a> › <a href="/collections/all">{escape(product.category)}</a></nav>'
            f'<div class="product"><h1 class="product-title">{escape(product.title)}</h1>'
            f'<div class="price-box"><span class="price">{_rupiah(price)}</span></div>'
            f'<p class="stock">{"In stock" if product.in_stock else "Sold out"}</p>'
            '<form action="/cart/add" method="post"><button type="submit" class="btn add-to-cart">Add to cart</button></form>'
            f'<section class="description">{description}</section>'
            f'<table class="specs">{specs}</table><section class="reviews">{reviews}</section></div>'
            f'<section class="related"><h3>You may also like</h3><ul>{related}</ul></section></main>'
            f'<footer class="site-footer">{self._filler["footer"]}</footer>'
        )
        html = head + body
        pad = self.page_bytes - len(html.encode()) - 30
        if pad > 0:  # comment padding keeps every page near the target size without changing its text
            html += f"<!-- {'x' * pad} -->"
        return (html + "</body></html>").encode()

    def sitemap(self) -> bytes:
        urls = "".join(f"<url><loc>{self.url('/products/' + p.handle)}</loc></url>" for p in self.products)
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()

    def robots(self) -> bytes:
        return f"User-agent: *\nAllow: /\nSitemap: {self.url('/sitemap.xml')}\n".encode()

    def home(self) -> bytes:
        links = "".join(f'<li><a href="/products/{p.handle}">{escape(p.title)}</a></li>' for p in self.products[:40])
        return f"<!DOCTYPE html><html><head><title>Bench Warung</title></head><body><h1>Bench Warung</h1><ul>{links}</ul></body></html>".encode()

    def shipping_page(self) -> bytes:
        return (
            "<!DOCTYPE html><html lang=\"en\"><head><title>Shipping policy – Bench Warung</title></head><body>"
            f'<nav><ul class="nav">{self._filler["nav"]}</ul></nav><main><h1>Shipping policy</h1>'
            "<p><strong>Processing time.</strong> All orders are processed within 1–2 business days after payment is confirmed.</p>"
            "<p><strong>Domestic shipping rates and delivery estimates.</strong> We currently ship within Indonesia only.</p>"
            "<table><tr><th>Shipping method</th><th>Rate</th><th>Estimated delivery</th></tr>"
            "<tr><td>JNE Regular</td><td>Rp 18.000</td><td>2–4 business days</td></tr>"
            "<tr><td>JNE YES</td><td>Rp 35.000</td><td>1 business day</td></tr>"
            "<tr><td>SiCepat Halu</td><td>Rp 12.000</td><td>3–5 business days</td></tr></table>"
            "<p><strong>Free shipping:</strong> orders of Rp 250.000 or more ship free with JNE Regular.</p>"
            "<p>Questions? Contact us by email at help@bench.example or chat with us on WhatsApp.</p>"
            f'</main><footer>{self._filler["footer"]}</footer></body></html>'
        ).encode()

    def returns_page(self) -> bytes:
        return (
            "<!DOCTYPE html><html lang=\"en\"><head><title>Refund policy – Bench Warung</title></head><body>"
            f'<nav><ul class="nav">{self._filler["nav"]}</ul></nav><main><h1>Refund policy</h1>'
            "<p>We have a 30-day return policy, which means you have 30 days after receiving your item to request a return, for any reason.</p>"
            "<p>To be eligible for a return, your item must be in the same condition that you received it, unopened and in its original packaging.</p>"
            "<p>Return shipping costs are the customer's responsibility. We do not provide return shipping labels.</p>"
            "<p><strong>Refunds</strong><br>If approved, you'll be refunded to your original payment method within 10 business days.</p>"
            f'</main><footer>{self._filler["footer"]}</footer></body></html>'
        ).encode()

    def shopify_page(self, page: int, limit: int, version: int) -> bytes:
        chunk = self.products[(page - 1) * limit : page * limit] if page >= 1 else []
        products = []
        for p in chunk:
            price = price_at(p, version)
            products.append({
                "id": 7000000 + p.index, "title": p.title, "handle": p.handle, "vendor": p.brand,
                "product_type": p.category, "tags": [p.category, "bench"],
                "body_html": f"<p>{escape(p.title)} from {escape(p.brand)}.</p>",
                "variants": [{
                    "id": 9000000 + p.index, "title": "Default Title", "sku": p.sku, "barcode": p.gtin,
                    "price": f"{price}.00", "compare_at_price": None, "available": p.in_stock,
                    "requires_shipping": True, "grams": 500,
                }],
                "images": [{"src": self.url(f"/cdn/{p.handle}-0.jpg")}],
            })
        return json.dumps({"products": products}).encode()


class _Routes:
    """Pre-rendered answers; version-dependent pages are looked up per request."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        c = catalog
        self.static = {
            "/robots.txt": (b"text/plain", c.robots()),
            "/sitemap.xml": (b"application/xml", c.sitemap()),
            "/": (b"text/html; charset=utf-8", c.home()),
            "/policies/shipping": (b"text/html; charset=utf-8", c.shipping_page()),
            "/policies/returns": (b"text/html; charset=utf-8", c.returns_page()),
        }
        self.pages_v1 = {p.handle: c.product_page(p, 1) for p in c.products}
        self._changed = lru_cache(maxsize=4 * max(1, c.n // CHANGE_EVERY + 1))(
            lambda handle, version: c.product_page(c.by_handle[handle], version)
        )
        self._shopify = lru_cache(maxsize=256)(c.shopify_page)

    def answer(self, target: str) -> tuple[int, bytes, bytes, str]:
        """(status, content type, body, route name)."""
        parts = urlsplit(target)
        path = parts.path
        hit = self.static.get(path)
        if hit is not None:
            return 200, hit[0], hit[1], path.strip("/") or "home"
        version = self.catalog.version
        if path.startswith("/products/"):
            handle = path[len("/products/"):]
            product = self.catalog.by_handle.get(handle)
            if product is not None:
                body = self.pages_v1[handle] if version <= 1 or not product.changes else self._changed(handle, version)
                return 200, b"text/html; charset=utf-8", body, "product_page"
        if path == "/products.json":
            query = dict(parse_qsl(parts.query))
            try:
                limit = max(1, min(250, int(query.get("limit", 30))))
                page = max(1, int(query.get("page", 1)))
            except ValueError:
                limit, page = 30, 1
            return 200, b"application/json", self._shopify(page, limit, version), "products_json"
        return 404, b"text/plain", b"not found", "404"


class CatalogServer:
    """Serve a catalogue on 127.0.0.1 (asyncio HTTP/1.1, keep-alive) from a daemon thread.

    ``with CatalogServer(catalog) as server: server.base_url``; ``server.counts`` holds requests per
    route and ``server.bytes_sent`` the body bytes sent; ``reset_counts()`` zeroes both.
    """

    MAX_CONNECTIONS = 256

    def __init__(self, catalog: Catalog, host: str = "127.0.0.1", port: int = 0):
        self.catalog = catalog
        self.routes: _Routes | None = None  # rendered in start(), once the base URL is known
        self.host, self.port = host, port
        self.counts: Counter[str] = Counter()
        self.bytes_sent = 0
        self.paths: list[str] = []
        self.record_paths = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._slots: asyncio.Semaphore | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def reset_counts(self) -> None:
        self.counts.clear()
        self.bytes_sent = 0
        self.paths = []

    @property
    def requests(self) -> int:
        return sum(self.counts.values())

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with self._slots:
            try:
                while True:
                    head = await reader.readuntil(b"\r\n\r\n")
                    line, _, rest = head.partition(b"\r\n")
                    method, target, _version = line.decode("latin-1").split(" ", 2)
                    headers = rest.lower()
                    close = b"connection: close" in headers
                    length = 0
                    for header in headers.split(b"\r\n"):
                        if header.startswith(b"content-length:"):
                            length = int(header.split(b":", 1)[1])
                    if length:
                        await reader.readexactly(length)
                    status, ctype, body, route = self.routes.answer(target)
                    self.counts[route] += 1
                    if self.record_paths:
                        self.paths.append(target)
                    reason = b"OK" if status == 200 else b"Not Found"
                    send = body if method != "HEAD" else b""
                    self.bytes_sent += len(send)
                    writer.write(
                        b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n"
                        % (status, reason, ctype, len(body), b"Connection: close\r\n" if close else b"")
                    )
                    writer.write(send)
                    await writer.drain()
                    if close:
                        break
            except (asyncio.IncompleteReadError, ConnectionError, ValueError, asyncio.LimitOverrunError):
                pass
            finally:
                writer.close()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        self._slots = asyncio.Semaphore(self.MAX_CONNECTIONS)
        self._server = loop.run_until_complete(asyncio.start_server(self._handle, self.host, self.port, backlog=512))
        self.port = self._server.sockets[0].getsockname()[1]
        self.catalog.base_url = self.base_url
        self._ready.set()
        loop.run_forever()
        self._server.close()
        loop.run_until_complete(self._server.wait_closed())
        loop.close()

    def start(self) -> CatalogServer:
        # Pages embed absolute URLs: bind first, then render with the final base URL.
        import socket

        if self.port == 0:
            with socket.socket() as probe:
                probe.bind((self.host, 0))
                self.port = probe.getsockname()[1]
        self.catalog.base_url = self.base_url
        self.routes = _Routes(self.catalog)
        self._thread = threading.Thread(target=self._run, name="catalog-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("catalog server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> CatalogServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.catalog --pages N``: serve a catalogue in the foreground."""
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Serve a synthetic benchmark catalogue on 127.0.0.1")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--version", type=int, default=1)
    args = parser.parse_args(argv)
    catalog = Catalog(args.pages)
    catalog.version = args.version
    with CatalogServer(catalog, port=args.port) as server:
        print(f"serving {args.pages} products at {server.base_url}/sitemap.xml (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
