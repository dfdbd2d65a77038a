"""Loopback stores for production tests and benchmarks (127.0.0.1:0, daemon threads).

``CountingStore`` URL map:
    /robots.txt          ``robots`` text (default: allow all)
    /p/<i>               product page with JSON-LD (i < products); optional ``delay`` seconds
    /private/p/<i>       the same page under a path robots.txt may disallow
    /hang/<i>            never answers within a crawl's budget (sleeps ``hang_seconds``)
    /js/<i>              JavaScript-rendered product: an empty shell whose inline script fetches
    /api/<i>.json        … this JSON and writes the JSON-LD and the visible price into the page
Every request is recorded as (monotonic time, path, User-Agent) in ``requests``.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

JS_SHELL = """<html><head><title>Item {i}</title></head><body><h1 id="t">Loading…</h1>
<p class="price"></p><button>Add to cart</button>
<script>
fetch('/api/{i}.json').then(r => r.json()).then(d => {{
  const s = document.createElement('script'); s.type = 'application/ld+json';
  s.textContent = JSON.stringify({{"@context": "https://schema.org", "@type": "Product", "name": d.name,
    "sku": d.sku, "offers": {{"@type": "Offer", "price": d.price, "priceCurrency": "USD",
    "availability": "https://schema.org/InStock"}}}});
  document.head.appendChild(s);
  document.getElementById('t').textContent = d.name;
  const p = document.querySelector('.price'); p.textContent = '$' + d.price; p.id = 'ready';
}});
</script></body></html>"""


def product_jsonld(i: int) -> dict:
    return {"@context": "https://schema.org", "@type": "Product", "name": f"Item {i}", "sku": f"SKU-{i}",
            "offers": {"@type": "Offer", "price": f"{10 + i % 90}.99", "priceCurrency": "USD",
                       "availability": "https://schema.org/InStock"}}


class CountingStore:
    """A store that records every request it gets."""

    def __init__(self, products: int = 10, *, robots: str = "User-agent: *\nAllow: /\n", delay: float = 0.0,
                 hang_seconds: float = 60.0):
        self.products, self.robots, self.delay, self.hang_seconds = products, robots, delay, hang_seconds
        self.requests: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()
        store = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                store._answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> "CountingStore":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hits(self, prefix: str) -> list[float]:
        with self._lock:
            return [t for t, path, _ in self.requests if path.startswith(prefix)]

    def _answer(self, handler) -> None:
        path = handler.path.split("?", 1)[0]
        with self._lock:
            self.requests.append((time.monotonic(), path, handler.headers.get("User-Agent", "")))
        if path == "/robots.txt":
            return self._send(handler, 200, self.robots, "text/plain")
        number = path.rsplit("/", 1)[-1].removesuffix(".json")
        if not number.isdigit() or int(number) >= self.products:
            return self._send(handler, 404, "not found", "text/plain")
        i = int(number)
        if path.startswith("/hang/"):
            time.sleep(self.hang_seconds)
        elif self.delay:
            time.sleep(self.delay)
        if path.startswith(("/p/", "/private/p/", "/hang/")):
            body = (f"<html><head><script type='application/ld+json'>{json.dumps(product_jsonld(i))}</script></head>"
                    f"<body><h1>Item {i}</h1><p class='price'>$1</p></body></html>")
            return self._send(handler, 200, body, "text/html; charset=utf-8")
        if path.startswith("/js/"):
            return self._send(handler, 200, JS_SHELL.format(i=i), "text/html; charset=utf-8")
        if path.startswith("/api/"):
            data = product_jsonld(i)
            body = json.dumps({"name": data["name"], "sku": data["sku"], "price": data["offers"]["price"]})
            return self._send(handler, 200, body, "application/json")
        return self._send(handler, 404, "not found", "text/plain")

    @staticmethod
    def _send(handler, status: int, body: str, content_type: str) -> None:
        data = body.encode("utf-8")
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def store_yaml(slug: str, urls: list[str], *, politeness: dict | None = None, render: str = "http",
               wait_for: str | None = None, schedule: str = "0 6 * * *") -> str:
    """A store config with one product source per URL."""
    lines = [f"slug: {slug}", f"name: {slug.title()}", "country: US", "currency: USD", "confirm_runs: 1",
             f"schedule: '{schedule}'", "sources:"]
    for url in urls:
        lines += ["  - kind: product", f"    url: {url}"]
        if render != "http":
            lines.append(f"    render: {render}")
        if wait_for:
            lines.append(f"    wait_for: '{wait_for}'")
    if politeness:
        lines.append("politeness:")
        lines += [f"  {key}: {json.dumps(value)}" for key, value in politeness.items()]
    return "\n".join(lines) + "\n"
