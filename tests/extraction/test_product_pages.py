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
from spiders.pages.platforms import shopify_currency
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


def _auction(bids: str, start_label: str = "Starting Price $150") -> str:
    ld = {"@type": "Product", "name": "Pillows", "offers": {"@type": "Offer", "price": 150, "priceCurrency": "USD",
                                                           "availability": "https://schema.org/InStock"}}
    return (f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
            f'<h1 class="title">Pillows</h1><div class="bidding"><div class="status"><span class="price">$200</span>'
            f'<span class="count">{bids}</span></div><span>{start_label}</span>'
            '<button>Place Bid</button></div>'
            '<div class="lots"><div><span>$1,000</span><div>1 bid</div></div></div></body></html>')


def test_auction_current_bid_replaces_structured_starting_price():
    item = extract_product(_auction("2 bids"), URL)
    assert (item.price, item.currency, item.provenance["price"]) == (
        Decimal("200"), "USD", "heuristic:current-bid"), item
    # No bid yet, or the page does not call the structured amount the starting price: structured data stands.
    assert extract_product(_auction("0 bids"), URL).price == Decimal("150")
    assert extract_product(_auction("2 bids", start_label="Estimate $100-$300"), URL).price == Decimal("150")


QUANTITY_TABLE = """<html><body><h1>Lamb food tray</h1><ul class="qty">
<li><div>1 box (24 cans)</div><div>$839</div></li><li><div>2 boxes</div><div>$1,638</div></li>
<li><div>5 boxes</div><div>$3,495</div></li></ul><button class="add-to-cart">Add to cart</button></body></html>"""


def test_quantity_table_gives_the_single_unit_price():
    item = extract_product(QUANTITY_TABLE, URL, country="US")
    assert (item.price, item.currency) == (Decimal("839"), "USD"), f"price: {item.price} ({item.provenance})"


def test_price_in_image_slider_beside_the_title_is_a_fallback():
    html = ('<html><body><h1 class="main-title">Orthopaedic insoles</h1><div class="product-slider">'
            '<span class="slider-pricenew">270,00 Kn</span><span class="slider-priceold">540,00 Kn</span></div>'
            '<p>Long description</p></body></html>')
    item = extract_product(html, URL)
    assert (item.price, item.was_price, item.currency) == (Decimal("270.00"), Decimal("540.00"), "HRK"), item
    assert item.provenance["price"] == "heuristic:slider-near-title"
    related = html.replace("product-slider", "related-products-slider")
    assert extract_product(related, URL).price is None, "a related-products slider is never the price"


def test_title_without_h1_is_found_by_the_page_title():
    html = ('<html><head><title>Lamb food tray - Fresh Shop</title></head><body><div class="menu">Fresh Shop</div>'
            '<div class="prd"><div class="title">Lamb food tray</div><div class="deal">$29</div></div>'
            + "<p>text</p>" * 200 + '<button class="add-to-cart">Add to cart</button></body></html>')
    item = extract_product(html, URL, country="US")
    assert (item.title, item.price) == ("Lamb food tray", Decimal("29")), item
    assert item.provenance["title"] == "heuristic:page-title-match"


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


@pytest.mark.parametrize("body, currency", [
    ('{"name": "Kedai Rumah", "country": "ID", "currency": "IDR"}', "IDR"),  # /meta.json
    ('{"shop": {"name": "Kedai Rumah", "currency": "idr"}}', "IDR"),  # /shop.json
    ('<script>Shopify.shop = "k.myshopify.com";\nShopify.currency = {"active":"IDR","rate":"1.0"};</script>', "IDR"),
    ("<script>ShopifyAnalytics.meta.currency = 'JPY';</script>", "JPY"),
    ('<script>var meta = {"product":{}};\nShopifyAnalytics.meta = {"currency":"EUR","page":{"pageType":"home"}};</script>', "EUR"),
    # A converted display currency (rate other than 1) is the visitor's, not the shop's.
    ('<script>Shopify.currency = {"active":"USD","rate":"0.0000617"};</script>', None),
    ("<html><body>No Shopify here</body></html>", None),
    ('{"currency": 360}', None),
    (b"\x00\x01binary", None),
])
def test_shopify_currency(body, currency):
    assert shopify_currency(body) == currency


def test_shopify_products_keep_the_configured_currency():
    body = json.dumps({"products": [{"title": "Teh", "handle": "teh", "variants": [{"price": "36000.00", "available": True}]}]})
    (item,) = products_from_shopify(body, URL, currency=shopify_currency('{"currency": "IDR"}'))
    assert (item.price, item.currency, item.provenance["currency"]) == (Decimal("36000.00"), "IDR", "shopify:config")


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


@pytest.mark.parametrize("module", ["spiders.pages.money", "spiders.pages.structured", "spiders.pages.schema_shipping",
                                    "spiders.pages.platforms", "spiders.pages.identifiers", "spiders.pages.marked_ids",
                                    "spiders.pages.page_locale",
                                    "spiders.pages.price_rank", "spiders.pages.confidence"])
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


# --- shipping and returns pages: small inline JSON-LD ---------------------------------------

def _ld_page(obj, body: str = "") -> str:
    return (f'<html><head><script type="application/ld+json">{json.dumps(obj)}</script></head>'
            f"<body>{body}</body></html>")


def _details(name: str, price, *, region: str | None = None, country: str = "ID", **extra) -> dict:
    destination = {"@type": "DefinedRegion", "addressCountry": country}
    if region:
        destination["addressRegion"] = region
    return {"@type": "OfferShippingDetails", "name": name, "shippingDestination": destination,
            "shippingRate": {"@type": "MonetaryAmount", "value": price, "currency": "IDR"}, **extra}


def _regions(item) -> list:
    return [(o.name, o.region) for o in item.options]


def test_shipping_region_is_none_for_the_stores_whole_country():
    html = _ld_page({"@graph": [_details("JNE REG", "18000"), _details("GoSend", "35000", region="Jabodetabek")]})
    item = extract_shipping(html, URL, currency="IDR", country="ID")
    assert _regions(item) == [("JNE REG", None), ("GoSend", "Jabodetabek")], f"region: {_regions(item)}"
    # Without the store's country, or for a store abroad, the destination country is the restriction.
    assert _regions(extract_shipping(html, URL)) == [("JNE REG", "ID"), ("GoSend", "ID (Jabodetabek)")]
    assert _regions(extract_shipping(html, URL, country="MY")) == [("JNE REG", "ID"), ("GoSend", "ID (Jabodetabek)")]


def test_shipping_region_keeps_postal_codes_and_foreign_destinations():
    postal = _details("Kurir", "9000")
    postal["shippingDestination"]["postalCode"] = ["40115", "40116"]
    both = _details("Intl", "5", country="US")
    both["shippingDestination"] = [{"@type": "DefinedRegion", "addressCountry": "US"},
                                   {"@type": "DefinedRegion", "addressCountry": "CA"}]
    assert _regions(extract_shipping(_ld_page(postal), URL, country="ID")) == [("Kurir", "40115, 40116")]
    assert _regions(extract_shipping(_ld_page(both), URL, country="US")) == [("Intl", "US, CA")], \
        "region: a row beyond the home country is not unrestricted"


def test_free_shipping_threshold_on_settings_linked_by_url_and_label():
    link = "https://shop.example/info/pengiriman#gratis-ongkir"
    regular = [_details(n, p, shippingLabel="reguler", shippingSettingsLink=link) for n, p in [("JNE", "18000"), ("J&T", "17000")]]
    settings = [
        {"@type": "ShippingRateSettings", "@id": link, "shippingLabel": "kilat",
         "freeShippingThreshold": {"@type": "MonetaryAmount", "value": "500000", "currency": "IDR"}},
        {"@type": "ShippingRateSettings", "@id": link, "shippingLabel": "reguler",
         "freeShippingThreshold": {"@type": "MonetaryAmount", "value": "250000", "currency": "IDR"}},
    ]
    item = extract_shipping(_ld_page({"@graph": [*regular, _details("GoSend", "35000", region="Jabodetabek"), *settings]}),
                            URL, currency="IDR", country="ID")
    threshold = item.free_shipping_threshold
    assert (threshold.amount, threshold.currency, threshold.inclusive) == (Decimal("250000"), "IDR", True), \
        f"free_shipping_threshold: {threshold}"
    assert item.provenance["free_shipping_threshold"] == "jsonld:ShippingRateSettings.freeShippingThreshold"


def test_free_shipping_threshold_on_settings_referenced_by_id_or_service():
    settings = {"@type": "ShippingRateSettings", "@id": "#rates",
                "shippingRate": {"@type": "MonetaryAmount", "value": 5, "currency": "USD"},
                "freeShippingThreshold": {"@type": "DeliveryChargeSpecification", "price": 50, "priceCurrency": "USD"}}
    by_id = {"@type": "OfferShippingDetails", "shippingRate": {"@id": "#rates"},
             "shippingDestination": {"@type": "DefinedRegion", "addressCountry": "US"}}
    item = extract_shipping(_ld_page({"@graph": [by_id, settings]}), URL, country="US")
    assert [(o.price, o.currency, o.region) for o in item.options] == [(Decimal("5"), "USD", None)]
    assert item.free_shipping_threshold.amount == Decimal("50"), f"free_shipping_threshold: {item.free_shipping_threshold}"
    service = {"@type": "OfferShippingDetails", "hasShippingService": {
        "@type": "ShippingService", "name": "Standard", "shippingConditions": {
            "@type": "ShippingConditions", "shippingRate": {"@id": "#rates"},
            "shippingDestination": {"@type": "DefinedRegion", "addressCountry": "US"}}}}
    item = extract_shipping(_ld_page({"@graph": [service, settings]}), URL, country="US")
    assert item.free_shipping_threshold.amount == Decimal("50"), f"free_shipping_threshold: {item.free_shipping_threshold}"
    elsewhere = _details("JNE", "18000", shippingSettingsLink="https://shop.example/other-page", shippingLabel="x")
    assert extract_shipping(_ld_page(elsewhere), URL).free_shipping_threshold is None, "settings not on the page"


_WINDOW_ONLY = {"@type": "MerchantReturnPolicy", "merchantReturnDays": 30,
                "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow"}
_CUSTOMER_PAYS = ("<p>Return shipping costs are the customer's responsibility. "
                  "We do not provide return shipping labels.</p>")


def test_returns_text_fills_fields_structured_data_lacks():
    item = extract_returns(_ld_page(_WINDOW_ONLY, _CUSTOMER_PAYS), URL, currency="USD", country="US")
    assert (item.window_days, item.return_shipping_paid_by, item.free_returns, item.label_provided) == \
        (30, "customer", False, False), f"returns: {item}"
    assert item.provenance["window_days"].startswith("jsonld:"), item.provenance
    assert item.provenance["return_shipping_paid_by"].startswith("text:"), item.provenance
    assert item.provenance["label_provided"].startswith("text:"), item.provenance


def test_returns_structured_fields_win_over_text():
    policy = {**_WINDOW_ONLY, "returnFees": "https://schema.org/FreeReturn"}
    item = extract_returns(_ld_page(policy, _CUSTOMER_PAYS), URL, currency="USD", country="US")
    assert (item.return_shipping_paid_by, item.free_returns) == ("merchant", True), f"returns: {item}"
    assert item.provenance["free_returns"] == "jsonld:MerchantReturnPolicy.returnFees"
    assert item.label_provided is False, "label_provided: not in structured data, so the text's"
    closed = {"@type": "MerchantReturnPolicy", "returnPolicyCategory": "https://schema.org/MerchantReturnNotPermitted"}
    item = extract_returns(_ld_page(closed, "<p>We have a 30-day return policy.</p>" + _CUSTOMER_PAYS), URL)
    assert (item.accepted, item.window_days, item.return_shipping_paid_by) == ("none", None, None), \
        f"returns not permitted: the text must not add a window or a payer ({item})"


def test_shipping_text_fills_threshold_structured_data_lacks():
    html = _ld_page(_details("JNE", "18000"), "<p>GRATIS ONGKIR min. belanja Rp250.000 ke seluruh Indonesia.</p>")
    item = extract_shipping(html, URL, currency="IDR", country="ID")
    assert item.options[0].price == Decimal("18000") and item.provenance["options"] == "jsonld:OfferShippingDetails"
    assert item.free_shipping_threshold and item.free_shipping_threshold.amount == Decimal("250000"), \
        f"free_shipping_threshold: {item.free_shipping_threshold}"
    assert item.provenance["free_shipping_threshold"].startswith("text:"), item.provenance
