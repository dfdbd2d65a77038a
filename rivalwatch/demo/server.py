"""Serve the bundled demo stores on 127.0.0.1, one server (own port, own origin) per store.

``DemoStores`` starts every store on ``127.0.0.1:0`` in daemon threads; ``set_version`` switches all
stores between version 1 and 2 at once (one lock-protected attribute read per request; nothing on disk
changes and nothing sleeps). Pages carry no clock time or random content, so re-crawling an unchanged
version yields byte-identical answers. Run ``python -m rivalwatch.demo.server [--version 2]`` to
serve them in the foreground and print the URL map.

URL map (every store also serves ``/robots.txt`` allowing all; unknown paths are 404):

tokoku (own store, Bahasa Indonesia, JSON-LD)
    /  /kategori/semua[?page=2] (4 per page, a.product-link, a[rel=next])  /produk/<handle>
    /pengiriman  /retur  /kontak  /bantuan (FAQ)  /lacak-pesanan
belanja-cepat (JSON-LD competitor, Bahasa)
    /  /sitemap.xml (product pages)  /item/<handle>  /info/pengiriman (OfferShippingDetails JSON-LD
    + text)  /info/pengembalian (Organization.hasMerchantReturnPolicy + text)  /hubungi-kami
    /bantuan  /lacak
kedai-rumah (Shopify, English policies)
    /  /products.json?limit=N&page=P  /products/<handle>[.json]  /meta.json  /shop.json
    /policies/shipping-policy  /policies/refund-policy  /pages/contact
pasar-kilat (JavaScript-rendered, Bahasa)
    /  /produk/<id> (101, 102, 103, 105; filled from /api/products/<id>.json)
    /pengiriman (table built from /api/shipping.json)  /kebijakan-retur  /bantuan  /lacak

Changes v1 -> v2 (``rivalwatch.demo.expected.CHANGES``; nothing else differs):

1. belanja-cepat  Madu Hutan Sumbawa 500ml (8991234010038) price 125000 -> 115000 (-8 %)
2. belanja-cepat  Gula Aren Organik 500g (8991234010045) availability InStock -> OutOfStock
3. belanja-cepat  shipping option "JNE REG" price 18000 -> 20000
4. kedai-rumah    free-shipping threshold none -> Rp150.000 (inclusive, JNE Regular)
5. kedai-rumah    Minyak Kelapa Murni (VCO) 250ml (8991234010069) price 68000 -> 72000
6. pasar-kilat    return window 30 -> 14 days
7. pasar-kilat    Kopi Arabika Gayo 250g (8991234010014, JS-rendered) price 88000 -> 84000
tokoku (own) does not change. The policy texts of belanja-cepat /info/pengiriman, kedai-rumah
/policies/shipping-policy and pasar-kilat /kebijakan-retur change with them (their text hashes move).
Noise that is not a change: "Dilihat N orang" / "Terjual N+" counters, related-products carousels
showing other products' (possibly changed) prices, Shopify's cent prices in ShopifyAnalytics.meta.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from rivalwatch.demo.stores import STORES
from rivalwatch.demo.web import HTML, VERSIONS, Request, Response, Store
from core.testing.loopback import LoopbackStore


class _StoreServer(LoopbackStore):
    """One demo store on 127.0.0.1:0, answering from its ``Store`` at the demo's current version."""

    methods = ("GET", "HEAD")
    server_version = "DemoStore/1.0"

    def __init__(self, store: Store, demo: "DemoStores") -> None:
        super().__init__(name=f"demo-store-{store.slug}")
        self.store, self.demo = store, demo

    def answer(self, handler) -> None:
        parts = urlsplit(handler.path)
        version = self.demo._record(self.store.slug, handler.path)
        request = Request(parts.path or "/", self.base_url, version, dict(parse_qsl(parts.query)))
        try:
            response = self.store.handle(request)
        except Exception as exc:  # a bug in a demo page must show up as a 500, not a hung crawl
            response = Response(500, HTML, f"<h1>500</h1><pre>{type(exc).__name__}</pre>".encode())
        self.send(handler, response.status, response.body, response.content_type)


class DemoStores:
    """Context manager: starts every demo store on 127.0.0.1:0 in background threads.

    ``base_urls`` maps slug -> ``http://127.0.0.1:PORT`` while running; ``request_log`` lists
    ``(slug, path with query string)`` of every request served, in arrival order.
    """

    def __init__(self, version: int = 1, stores: tuple[Store, ...] = STORES) -> None:
        _check_version(version)
        self._version = version
        self._stores = stores
        self._lock = threading.Lock()
        self._servers: list[_StoreServer] = []
        self.base_urls: dict[str, str] = {}
        self.request_log: list[tuple[str, str]] = []

    @property
    def version(self) -> int:
        """The version every store serves now."""
        with self._lock:
            return self._version

    def set_version(self, version: int) -> None:
        """Switch all stores to ``version`` (1 or 2); the next request of every store sees it."""
        _check_version(version)
        with self._lock:
            self._version = version

    def _record(self, slug: str, path: str) -> int:
        with self._lock:
            self.request_log.append((slug, path))
            return self._version

    def start(self) -> "DemoStores":
        """Bind every store to a free port and serve it in a daemon thread."""
        if self._servers:
            raise RuntimeError("demo stores are already running")
        try:
            for store in self._stores:
                server = _StoreServer(store, self)
                self._servers.append(server)
                self.base_urls[store.slug] = server.base_url
                server.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop serving, close the sockets and join the server threads."""
        for server in self._servers:
            server.close()
        self._servers.clear()
        self.base_urls = {}

    def __enter__(self) -> "DemoStores":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _check_version(version: int) -> None:
    if version not in VERSIONS:
        raise ValueError(f"demo stores have versions {VERSIONS}, not {version!r}")


def main(argv: list[str] | None = None) -> None:
    """Serve the demo stores in the foreground until Ctrl+C, printing the URL map."""
    parser = argparse.ArgumentParser(prog="python -m rivalwatch.demo.server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", type=int, choices=VERSIONS, default=1, help="store version to serve")
    parser.add_argument("--write-configs", type=Path, metavar="DIR",
                        help="also write the demo store configs (pointing at these servers) into DIR")
    args = parser.parse_args(argv)
    with DemoStores(args.version) as demo:
        print(f"RivalWatch demo stores, version {args.version} (Ctrl+C to stop):")
        for slug, url in demo.base_urls.items():
            print(f"  {slug:<14} {url}/")
        if args.write_configs:
            from rivalwatch.demo.configs import write_demo_configs

            for path in write_demo_configs(args.write_configs, demo.base_urls):
                print(f"  config: {path}")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")


if __name__ == "__main__":
    main()
