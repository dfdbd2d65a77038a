"""Product pages: benchmark smoke checks, platform feeds, listings, and bad input.

Bad input must give a clear result (an item with ``price_note``), never an exception. The full
benchmark is measured by ``bench/eval_products.py``; here a few pages guard against regressions.
"""

from __future__ import annotations

import gzip
import json
import time
from decimal import Decimal
from pathlib import Path

import pytest

from spiders.pages import (
    extract_product, extract_returns, extract_shipping, extract_support, find_next_page, find_product_links,
    products_from_shopify, products_from_woocommerce,
)
from spiders.pages.product import availability_in_text

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BENCH = SHARED / "realworld" / "product_pages" / "benchmark_dev"
EXTRUCT_PAGES = SHARED / "realworld" / "product_pages" / "extruct_pages"
URL = "https://shop.example/p/1"
needs_shared = pytest.mark.skipif(not BENCH.is_dir(), reason=f"shared benchmark data not found at {BENCH}")

# Pages chosen for the layer they exercise: JSON-LD variants, microdata, heuristics (no markup),
# per-unit / savings decoys, decimal comma, out of stock.
SMOKE = ["52ea2c660764", "04ba14498f10", "01efbb747904", "64915d8c2251", "16606e09f7ec", "0094967f37c6",
         "5d84948aea2d"]


def _bench_case(prefix: str) -> tuple[bytes, dict]:
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    key = next(k for k in truth if k.startswith(prefix))
    return gzip.decompress((BENCH / "html" / f"{key}.html.gz").read_bytes()), truth[key]


@needs_shared
@pytest.mark.parametrize("prefix", SMOKE)
def test_benchmark_smoke(prefix):
    html, labels = _bench_case(prefix)
    item = extract_product(html, labels["url"])
    expected_prices = {Decimal(p) for p in labels.get("price", [])}
    if expected_prices:
        assert item.price in expected_prices, f"price: expected one of {sorted(expected_prices)}, got {item.price} ({item.provenance.get('price') or item.price_note})"
    assert item.availability in labels["availability"], f"availability: expected {labels['availability']}, got {item.availability}"
    assert item.price is None or item.provenance.get("price"), "provenance: price has no source"


@needs_shared
def test_extruct_pages_free_shipping_thresholds_from_text():
    pytest.importorskip("spiders.pages.policy_text", reason="policy-text parser not installed yet")
    fye = extract_shipping((EXTRUCT_PAGES / "opengraph_ns_product_test.html").read_bytes(), "https://www.fye.com/p", country="US")
    assert fye and fye.free_shipping_threshold, "free_shipping_threshold: banner 'orders over $40' not read"
    assert (fye.free_shipping_threshold.amount, fye.free_shipping_threshold.currency) == (Decimal("40"), "USD")
    pets = extract_shipping((EXTRUCT_PAGES / "microdata-with-description.html").read_bytes(), "https://pets.example/p", country="GB")
    assert pets and pets.free_shipping_threshold, "free_shipping_threshold: 'spend £35 or more' not read"
    assert (pets.free_shipping_threshold.amount, pets.free_shipping_threshold.currency) == (Decimal("35"), "GBP")


# --- bad input: a clear result, never an exception ----------------------------------------

@pytest.mark.parametrize("html", ["", "   ", b"", "<html></html>", "plain words, no markup"])
def test_empty_or_markupless_page(html):
    item = extract_product(html, URL)
    assert item.price is None and item.price_note, f"price_note: {item.price_note!r}"


def test_binary_bytes():
    item = extract_product(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10, URL)
    assert item.price is None and "binary" in item.price_note, f"price_note: {item.price_note!r}"
    assert extract_shipping(b"\x00\x01\x02", URL) is None
    assert extract_support(b"\x00\x01\x02", URL).live_chat is None


def test_no_product_page():
    html = "<html><body><h1>About us</h1><p>We love tea since 1999.</p></body></html>"
    item = extract_product(html, URL)
    assert item.price is None
    assert item.price_note == "no price found: no structured data and no price near a title or buy button"


def test_invalid_jsonld_is_reported_not_raised():
    html = '<script type="application/ld+json">{"@type": "Product", "offers": {"price": </script><p>x</p>'
    item = extract_product(html, URL)
    assert item.price is None and "JSON-LD" in item.price_note, f"price_note: {item.price_note!r}"


def test_zero_and_absurd_prices_are_not_prices():
    for price in ("0", "0.00", "1e40", "-5", "NaN"):
        html = f'<script type="application/ld+json">{{"@type":"Product","name":"x","offers":{{"price":"{price}","priceCurrency":"USD"}}}}</script>'
        item = extract_product(html, URL)
        assert item.price is None and item.price_note, f"price {price!r}: expected no price, got {item.price}"


def test_ten_megabyte_page_finishes_fast():
    tile = '<div class="tile"><h3>Thing</h3><span class="price">$12.99</span><p>In stock</p></div>\n'
    html = "<html><body><h1>Huge</h1><button>Add to cart</button>" + tile * (10_000_000 // len(tile)) + "</body></html>"
    start = time.perf_counter()
    item = extract_product(html, URL)
    assert time.perf_counter() - start < 15, "a 10 MB page must not take more than a few seconds"
    assert item.price == Decimal("12.99")


# --- heuristics, selectors, currency ------------------------------------------------------

BUY_BOX = """<html><body><nav><span class="price">$5.00</span></nav>
<h1 class="product-title">Teapot</h1>
<div class="buybox"><span class="price-old"><del>Rp 250.000</del></span> <span class="price">Rp 199.000</span>
<span class="unit">Rp 19.900 / 100 g</span><span>Cicilan 0% Rp 16.583/bulan</span>
<button class="add-to-cart">+ Keranjang</button><p class="stock">Stok habis</p></div>
<div class="recommendations"><span class="price">Rp 99.000</span></div></body></html>"""


def test_buy_box_heuristics():
    item = extract_product(BUY_BOX, URL, country="ID")
    assert (item.price, item.was_price, item.currency) == (Decimal("199000"), Decimal("250000"), "IDR"), item
    assert item.availability == "OutOfStock", f"availability: {item.availability}"
    assert item.provenance["price"] == "heuristic:buy-box"


def test_equally_plausible_prices_give_no_price():
    html = ('<h1>Mug</h1><div><span class="price">€ 12,00</span><button>Add to cart</button>'
            '<span class="price">€ 14,00</span></div>')
    item = extract_product(html, URL)
    assert item.price is None and "equally" in item.price_note, item


def test_selectors_win_over_structured_data():
    html = ('<script type="application/ld+json">{"@type":"Product","name":"A","offers":{"price":"10","priceCurrency":"EUR"}}</script>'
            '<div class="now">11,50 €</div><div class="st">Nicht verfügbar</div>')
    item = extract_product(html, URL, selectors={"price": "css:.now::text", "availability": "css:.st"})
    assert (item.price, item.currency, item.availability) == (Decimal("11.50"), "EUR", "OutOfStock"), item
    assert item.provenance["price"] == "selector:css:.now::text"
    assert item.title == "A" and item.provenance["title"].startswith("jsonld:")


def test_japanese_yen_with_country():
    html = '<h1>急須</h1><p class="price">3,500円</p><button>カートに入れる</button><span>在庫あり</span>'
    item = extract_product(html, URL, country="JP")
    assert (item.price, item.currency, item.availability) == (Decimal("3500"), "JPY", "InStock"), item


@pytest.mark.parametrize("text,state", [("Stok habis", "OutOfStock"), ("Tersedia", "InStock"),
                                        ("在庫切れ", "OutOfStock"), ("在庫あり", "InStock"),
                                        ("Sold out", "OutOfStock"), ("Auf Lager", "InStock")])
def test_availability_words(text, state):
    assert availability_in_text(text) == state


# --- platforms and listings ---------------------------------------------------------------

def test_shopify_products_json():
    body = json.dumps({"products": [{"title": "Tea", "handle": "tea", "vendor": "Leaf", "variants": [
        {"price": "12.00", "compare_at_price": "15.00", "available": False, "sku": "T-1"},
        {"price": "14.00", "compare_at_price": None, "available": True, "sku": "T-2"}]}]})
    (item,) = products_from_shopify(body, "https://shop.example/products.json?page=1", currency="usd")
    assert (item.price, item.was_price, item.currency, item.availability, item.sku) == (
        Decimal("14.00"), None, "USD", "InStock", "T-2"), item
    assert item.url == "https://shop.example/products/tea"
    assert products_from_shopify(b"not json", URL, currency="USD") == []
    assert products_from_woocommerce(b"{}", URL) == []


def test_listing_links_and_next_page():
    html = """<ul><li class="product-card"><a href="/p/a">A</a></li><li class="product-card"><a href="/p/b#x">B</a></li>
    <li class="product-card"><a href="/p/a">A again</a></li></ul><a href="/cart">Cart</a>
    <nav><a href="?page=3" rel="next">Next</a></nav>"""
    assert find_product_links(html, "https://shop.example/c?page=2") == ["https://shop.example/p/a", "https://shop.example/p/b"]
    assert find_next_page(html, "https://shop.example/c?page=2") == "https://shop.example/c?page=3"
    assert find_next_page("<p>last page</p>", URL) is None
    assert find_product_links("", URL) == []


def test_returns_and_shipping_absent():
    assert extract_returns("<html><body></body></html>", URL) is None


def test_rdfa_product():
    html = """<html><body vocab="https://schema.org/"><div typeof="Product"><h1 property="name">Lamp</h1>
    <div property="offers" typeof="Offer"><span property="price" content="25.00">25,00</span>
    <meta property="priceCurrency" content="EUR"><link property="availability" href="https://schema.org/InStock">
    </div></div></body></html>"""
    item = extract_product(html, URL)
    assert (item.title, item.price, item.currency, item.availability) == ("Lamp", Decimal("25.00"), "EUR", "InStock")
    assert item.provenance["price"] == "rdfa:Offer.price"


@pytest.mark.parametrize("module", ["spiders.pages.money", "spiders.pages.structured"])
def test_cleaning_function_doctests(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0, f"{module}: {result.failed} doctest(s) failed"


SUPPORT_PAGE = """<html><head><script>window.intercomSettings = {app_id: "x"};
(function(){var s=document.createElement('script');s.src='https://widget.intercom.io/widget/x';})();</script></head>
<body><a href="tel:+6221555">Hubungi kami</a><a href="https://wa.me/628123">WhatsApp</a>
<a href="mailto:cs@toko.example">Email</a><a href="/bantuan">Pusat Bantuan</a><a href="/lacak">Lacak Pesanan</a>
<p>Layanan pelanggan 24 jam</p>
<script type="application/ld+json">{"@type":"Organization","aggregateRating":{"@type":"AggregateRating","ratingValue":"4.8","ratingCount":"2310"}}</script>
</body></html>"""


def test_support_signals():
    item = extract_support(SUPPORT_PAGE, URL)
    assert (item.live_chat, item.live_chat_vendor) == (True, "Intercom")
    assert (item.phone, item.email, item.whatsapp, item.faq, item.order_tracking) == (True, True, True, True, True)
    assert (item.hours_24_7, item.rating_value, item.rating_count) == (True, Decimal("4.8"), 2310)
    assert item.provenance["live_chat_vendor"] == "script:Intercom"


@pytest.mark.parametrize("snippet,vendor", [
    ('<script src="https://embed.tawk.to/5f/default" async></script>', "tawk.to"),
    ('<script id="ze-snippet" src="https://static.zdassets.com/ekr/snippet.js?key=1"></script>', "Zendesk"),
    ('<script>window.__lc = {}; __lc.license = 123;</script>', "LiveChat"),
    ('<script src="https://code.tidio.co/abc.js"></script>', "Tidio"),
])
def test_chat_vendors(snippet, vendor):
    assert extract_support(f"<html><head>{snippet}</head><body></body></html>", URL).live_chat_vendor == vendor


def test_support_japanese_and_nothing_seen():
    item = extract_support('<a href="/faq">よくある質問</a><a href="/track">配送状況の確認</a><p>24時間受付</p>', URL)
    assert (item.faq, item.order_tracking, item.hours_24_7) == (True, True, True)
    empty = extract_support("<p>Hello</p>", URL)
    assert empty.live_chat is None and empty.phone is None, "a signal not seen is None, not False"


def test_main_product_is_the_one_for_this_url():
    related = {"@type": "Product", "name": "Saucer", "url": "https://shop.example/p/2",
               "offers": {"@type": "Offer", "price": "3.00", "priceCurrency": "EUR"}}
    main = {"@type": "Product", "name": "Cup", "url": URL, "offers": {"@type": "Offer", "price": "8.00", "priceCurrency": "EUR"}}
    html = "".join(f'<script type="application/ld+json">{json.dumps(n)}</script>' for n in (related, main))
    item = extract_product(html, URL)
    assert (item.title, item.price) == ("Cup", Decimal("8.00")), item


@pytest.mark.parametrize("selector", ["css:..bad((", "xpath://[", "nope", "css:p::attr("])
def test_broken_selectors_fall_back(selector):
    html = '<h1>Pen</h1><span class="price">$2.50</span><button>Add to cart</button>'
    assert extract_product(html, URL, selectors={"price": selector}).price == Decimal("2.50")
    assert find_product_links(html, URL, {"product_links": selector}) == []
