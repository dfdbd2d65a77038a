"""The four demo stores are each onboarded by ``rivalwatch add`` alone (listing + categories, sitemap,
Shopify API, JavaScript-drawn prices and rate table in Chromium) and a crawl of each written YAML finds
every product and every shipping option at its true price (``rivalwatch.demo.expected``)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import yaml

from rivalwatch.demo.expected import EXPECTED
from rivalwatch.demo.server import DemoStores
from tests.onboard.helpers import add, allow_private, crawl, option_prices, prices

PRODUCT_SOURCE = {"tokoku": "listing", "belanja-cepat": "sitemap", "kedai-rumah": "shopify", "pasar-kilat": "listing"}


@pytest.fixture(scope="module")
def demo():
    with DemoStores(version=1) as stores:
        yield stores


@pytest.mark.parametrize("slug", list(PRODUCT_SOURCE))
def test_demo_store_is_onboarded_and_every_product_crawled(demo, slug, tmp_path):
    config, url = tmp_path / "config", f"sqlite:///{tmp_path / 'rw.sqlite'}"
    allow_private(config)
    own = ["--own"] if slug == "tokoku" else []
    result = add(config, demo.base_urls[slug] + "/", "--slug", slug, *own)
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((config / f"{slug}.yaml").read_text(encoding="utf-8"))
    assert written["sources"][0]["kind"] == PRODUCT_SOURCE[slug]
    assert {"shipping", "returns", "support"} <= {s["kind"] for s in written["sources"]}
    assert written["currency"] == "IDR" and written.get("own", False) == bool(own)
    crawled = crawl(config, slug, url)
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    found = {urlsplit(u).path: p for u, p in prices(url, slug).items()}
    expected = {p["path"]: Decimal(p["price"]) for p in EXPECTED[1][slug]["products"].values()}
    assert found == expected, crawled.stderr[-3000:]
    # Every shipping option at its price, and nothing else (pasar-kilat draws its rate table with a
    # script: `add` must have seen that in Chromium and written render: browser for the page).
    options = sorted(Decimal(o["price"]) for o in EXPECTED[1][slug]["shipping"]["options"])
    assert option_prices(url, slug) == options, crawled.stderr[-3000:]
