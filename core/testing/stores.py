"""Loopback stores for production tests and benchmarks (127.0.0.1:0, daemon threads).

``CountingStore`` URL map:
    /robots.txt          ``robots`` text (default: allow all)
    /p/<i>               product page with JSON-LD (i < products); optional ``delay`` seconds
    /private/p/<i>       the same page under a path robots.txt may disallow
    /hang/<i>            never answers within a crawl's budget (sleeps ``hang_seconds``)
    /js/<i>              JavaScript-rendered product: an empty shell whose inline script fetches
    /api/<i>.json        … this JSON and writes the JSON-LD and the visible price into the page
Every request is recorded as (monotonic time, path, User-Agent) in ``requests``.
``write_config`` and ``store_yaml`` write the config directory such a crawl reads.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from core.testing.loopback import LoopbackStore

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


class CountingStore(LoopbackStore):
    """A store that records every request it gets."""

    protocol_version = "HTTP/1.1"  # keep connections open like real stores

    def __init__(self, products: int = 10, *, robots: str = "User-agent: *\nAllow: /\n", delay: float = 0.0,
                 hang_seconds: float = 60.0):
        super().__init__()
        self.products, self.robots, self.delay, self.hang_seconds = products, robots, delay, hang_seconds
        self.requests: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()

    def hits(self, prefix: str) -> list[float]:
        with self._lock:
            return [t for t, path, _ in self.requests if path.startswith(prefix)]

    def answer(self, handler) -> None:
        path = handler.path.split("?", 1)[0]
        with self._lock:
            self.requests.append((time.monotonic(), path, handler.headers.get("User-Agent", "")))
        if path == "/robots.txt":
            return self.send(handler, 200, self.robots, "text/plain")
        number = path.rsplit("/", 1)[-1].removesuffix(".json")
        if not number.isdigit() or int(number) >= self.products:
            return self.send(handler, 404, "not found", "text/plain")
        i = int(number)
        if path.startswith("/hang/"):
            time.sleep(self.hang_seconds)
        elif self.delay:
            time.sleep(self.delay)
        if path.startswith(("/p/", "/private/p/", "/hang/")):
            body = (f"<html><head><script type='application/ld+json'>{json.dumps(product_jsonld(i))}</script></head>"
                    f"<body><h1>Item {i}</h1><p class='price'>$1</p></body></html>")
            return self.send(handler, 200, body, "text/html; charset=utf-8")
        if path.startswith("/js/"):
            return self.send(handler, 200, JS_SHELL.format(i=i), "text/html; charset=utf-8")
        if path.startswith("/api/"):
            data = product_jsonld(i)
            body = json.dumps({"name": data["name"], "sku": data["sku"], "price": data["offers"]["price"]})
            return self.send(handler, 200, body, "application/json")
        return self.send(handler, 404, "not found", "text/plain")


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


FAST = {"download_delay": 0, "concurrency": 8, "autothrottle": False}  # politeness off for loopback crawls


def write_config(directory: Path, stores: dict[str, str], contact: str | None = None) -> Path:
    """A config dir with the given store files and a rivalwatch.yaml allowing loopback targets."""
    directory.mkdir(parents=True, exist_ok=True)
    settings = "allow_private_targets: true\n" + (f"user_agent_contact: {contact}\n" if contact else "")
    (directory / "rivalwatch.yaml").write_text(settings, encoding="utf-8")
    for slug, text in stores.items():
        (directory / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return directory
