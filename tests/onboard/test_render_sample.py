"""``rivalwatch add`` renders one product page in Chromium when the raw HTML has no price. The price of a
single-page-app shop comes from a ``fetch()`` that the page's load event does not wait for; on a busy
machine it arrives after "load". The sampler must wait for the network to go quiet, not read the page
at "load" (the cause of a CI failure: "could not tell the currency ... pass --currency")."""

from __future__ import annotations

import json
import time
from decimal import Decimal

from core.testing.loopback import LoopbackStore
from rivalwatch.onboard.rendering import render_sample
from tests.browser_support import require_chromium

PAGE = """<html><head><title>Kopi</title></head><body>
<div class="product"><h1 class="name"></h1><span class="product-price"></span></div>
<script>
fetch('/api/p.json').then(r => r.json()).then(p => {
  document.querySelector('.name').textContent = p.name;
  document.querySelector('.product-price').textContent = 'Rp' + p.price;
});
</script></body></html>"""


# A page that never goes quiet: it asks the server something every 200 ms for as long as it is open.
POLLING = PAGE.replace("</script>", "setInterval(() => fetch('/ping'), 200);</script>")


class SlowApiShop(LoopbackStore):
    """/produk/1 draws its price from /api/p.json, which answers well after the page has loaded;
    /produk/2 does the same and then polls /ping forever."""

    delay = 1.5

    def answer(self, handler):
        if handler.path in ("/produk/1", "/produk/2"):
            self.send(handler, 200, PAGE if handler.path.endswith("1") else POLLING, "text/html")
        elif handler.path == "/ping":
            self.send(handler, 200, "{}", "application/json")
        elif handler.path == "/api/p.json":
            time.sleep(self.delay)
            self.send(handler, 200, json.dumps({"name": "Kopi Gayo 250g", "price": "88.000"}), "application/json")
        else:
            self.send(handler, 404, "no", "text/plain")


def test_price_from_a_late_api_call_is_waited_for():
    require_chromium()
    with SlowApiShop() as shop:
        item, wait_for = render_sample(f"{shop.base_url}/produk/1", allow_private=True, currency=None)
    assert item is not None and item.price == Decimal("88000") and item.currency == "IDR"
    assert wait_for == ".product-price:not(:empty)"


def test_a_page_that_never_goes_quiet_is_read_when_the_wait_ends():
    require_chromium()
    started = time.monotonic()
    with SlowApiShop() as shop:
        item, _ = render_sample(f"{shop.base_url}/produk/2", allow_private=True, currency=None)
    assert item is not None and item.price == Decimal("88000")  # the wait ended; nothing failed
    assert time.monotonic() - started < 30
