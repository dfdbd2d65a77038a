"""Error classes of product extraction on unseen pages (issue #15), each on pages that show it.

Two kinds of pages: fixtures of our own making (``product_fixtures/``, one per class, described in
its README) and recorded real pages from the development part of the benchmark split
(``bench/product_split.py``: tests never use the validation part). Every assertion checks the value
*and* its provenance, since an analyst must see why a value is what it is.
"""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path

import pytest

from bench.product_split import DEVELOPMENT, split_of
from spiders.pages import extract_product
from spiders.pages.confidence import REVIEW_BELOW
from spiders.pages.identifiers import url_sku

FIXTURES = Path(__file__).resolve().parent / "product_fixtures"
BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "product_pages" / "benchmark_dev"
needs_shared = pytest.mark.skipif(not BENCH.is_dir(), reason=f"shared benchmark data not found at {BENCH}")


def fixture(name: str, url: str):
    return extract_product((FIXTURES / name).read_bytes(), url)


def recorded(prefix: str):
    """Extract a recorded development page; refuses validation pages (they are the independent check)."""
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    key = next(k for k in truth if k.startswith(prefix))
    assert split_of(truth[key]["url"]) == DEVELOPMENT, f"{prefix} is a validation page: tests must not use it"
    html = gzip.decompress((BENCH / "html" / f"{key}.html.gz").read_bytes())
    return extract_product(html, truth[key]["url"]), truth[key]


# --- 1. buy-box price ranking ---------------------------------------------------------------

def test_model_number_in_the_name_is_never_the_price():
    item = fixture("model_number_near_price.html", "https://klangladen.example/future-5-4")
    assert (item.price, item.currency, item.was_price) == (Decimal("129.00"), "EUR", Decimal("149.00")), item
    assert item.provenance["price"] == "heuristic:buy-box"
    assert item.price_confidence is not None and item.price_confidence >= REVIEW_BELOW


def test_struck_price_wrapped_in_a_price_class_is_the_was_price_and_shipping_is_no_candidate():
    item = fixture("clp_dollar_sign_heuristic.html", "https://www.tienda.cl/consola")
    assert (item.price, item.was_price, item.currency) == (Decimal("24990"), Decimal("29990"), "CLP"), item


@needs_shared
@pytest.mark.parametrize("prefix", ["01efbb747904", "27021c0c0aea", "16962698dd77", "2342b61d6831"])
def test_recorded_pages_priced_by_the_buy_box_heuristic(prefix):
    item, labels = recorded(prefix)
    assert item.price in {Decimal(p) for p in labels["price"]}, (item.price, item.provenance.get("price"))
    assert item.provenance["price"].startswith("heuristic:") and 0 < item.price_confidence <= 0.9


@needs_shared
def test_low_confidence_marks_a_price_from_an_image_slider():
    item, labels = recorded("36dbaefc4b2a")  # no markup; the price sits in a slider beside the title
    assert item.price in {Decimal(p) for p in labels["price"]}
    assert item.provenance["price"] == "heuristic:slider-near-title"
    assert item.price_confidence < REVIEW_BELOW, "a slider price is a guess that needs review"


def test_structured_price_is_confident_and_no_price_has_no_confidence():
    item = fixture("item_id_only_in_url.html", "https://shop.example/compass")
    assert (item.price, item.price_confidence) == (Decimal("24.50"), 0.9)
    empty = extract_product("<html><body><h1>About us</h1></body></html>", "https://shop.example/about")
    assert empty.price is None and empty.price_confidence is None


# --- 2. digit grouping by currency and page locale ------------------------------------------

@pytest.mark.parametrize("name, url, price, currency, source", [
    ("clp_dot_thousands.html", "https://tienda.example/notebook", "229990", "CLP", "microdata:Offer.price"),
    ("krw_og_price.html", "https://shop.example/m3", "32900", "KRW", "og:product:price:amount"),
    ("kwd_three_decimals.html", "https://shop.example/l2", "12.5", "KWD", "heuristic:buy-box"),
    ("japanese_model_number.html", "https://shop.example/kx", "29800", "JPY", "heuristic:buy-box"),
])
def test_grouped_digits_follow_the_currency(name, url, price, currency, source):
    item = fixture(name, url)
    assert (item.price, item.currency, item.provenance["price"]) == (Decimal(price), currency, source), item


def test_dollar_sign_takes_the_page_locale_when_config_is_silent():
    page = "<html lang='{}'><body><h1>Lamp</h1><span class='price'>$ 24.990</span><button>Add to cart</button></body></html>"
    assert extract_product(page.format("es-CL"), "https://a.example/p").currency == "CLP"
    assert extract_product(page.format("es-CL"), "https://a.example/p").price == Decimal("24990")
    assert extract_product(page.format("en"), "https://a.example/p").currency is None  # no region: no guess
    assert extract_product(page.format("es-CL"), "https://a.example/p", country="US").currency == "USD"  # config wins


# No development page of the benchmark is priced in a whole-unit currency (they fall in the
# validation part), so this class is shown by the fixtures above only.


# --- 3. SKU beyond JSON-LD --------------------------------------------------------------------

@pytest.mark.parametrize("url, sku, source", [
    ("https://www.market.example/itm/302474151804", "302474151804", "url:/itm/"),
    ("https://shop.example/brass-compass-p400105394.html", "400105394", "url:-p<n>.html"),
    ("https://shop.example/product?pid=77812", "77812", "url:query"),
    ("https://shop.example/Prod/144432/", "144432", "url:/prod/<n>"),
    ("https://www.amazon.example/Brass-Compass/dp/B07FW264WL?th=1", "B07FW264WL", "url:/dp/"),
])
def test_item_id_only_in_the_url(url, sku, source):
    item = fixture("item_id_only_in_url.html", url)
    assert (item.sku, item.provenance["sku"]) == (sku, source)


def test_no_id_in_a_plain_url():
    assert url_sku("https://shop.example/brass-compass") is None
    assert fixture("item_id_only_in_url.html", "https://shop.example/brass-compass").sku is None


def test_visible_label_wins_over_an_internal_jsonld_sku():
    item = fixture("jsonld_internal_sku.html", "https://shop.example/speaker")
    assert (item.sku, item.provenance["sku"]) == ("4781720", "text:label:Product code")


def test_marketplace_listing_id_beats_the_makers_reference_label():
    item = fixture("marketplace_reference_label.html", "https://www.amazon.example/Tondeuse/dp/B08LNX0001")
    assert (item.sku, item.provenance["sku"]) == ("B08LNX0001", "url:/dp/")
    # The same page on a shop URL without a listing id: the labelled reference is the best there is.
    assert fixture("marketplace_reference_label.html", "https://shop.example/tondeuse").sku == "QB737"


@pytest.mark.parametrize("markup, sku, source", [
    ('<div class="buy" data-sku="TS-1042">', "TS-1042", "attribute:data-sku"),
    ('<meta itemprop="sku" content="77-1203">', "77-1203", "microdata:itemprop=sku"),
    ('<meta property="product:retailer_item_id" content="RI-5521">', "RI-5521", "meta:product:retailer_item_id"),
])
def test_sku_from_attributes_and_meta(markup, sku, source):
    page = f"<html><body><h1>Teapot</h1>{markup}<span class='price'>$20.00</span><button>Add to cart</button></body></html>"
    item = extract_product(page, "https://shop.example/teapot")
    assert (item.sku, item.provenance["sku"]) == (sku, source)


def test_japanese_model_number_label():
    item = fixture("japanese_model_number.html", "https://shop.example/kx")
    assert (item.sku, item.provenance["sku"]) == ("KX-9000B", "text:label:型番")


@needs_shared
@pytest.mark.parametrize("prefix, source", [
    ("0094967f37c6", "url:/dp/"),  # no markup at all: the listing id in the URL (the page shows it as ASIN)
    ("04ba14498f10", "microdata:Product.sku"),
    ("7a082dd9d748", "text:label:Product code"),  # JSON-LD sku 10134622 is internal; the page shows 141677
    ("4595f2ae9fd9", "text:label:Cod produs"),  # JSON-LD sku is an internal code
    ("25910052eef8", "microdata:itemprop=sku (visible text)"),  # content 4667999, shown "466/7999"
    ("469894a59bfb", "url:/prod/<n>"),  # JSON-LD "sku" is a model name with spaces
    ("3ef9ddf56392", "url:-p<n>.html"),
    ("2d3e52568d57", "url:/itm/"),
    ("16962698dd77", "text:label:Šifra"),
])
def test_recorded_pages_sku(prefix, source):
    item, labels = recorded(prefix)
    assert item.sku in labels["sku"], (item.sku, item.provenance.get("sku"))
    assert item.provenance["sku"] == source


# --- 4. availability with variants and the buy control --------------------------------------

def test_first_variant_sold_out_is_not_the_products_state():
    item = fixture("variant_first_sold_out.html", "https://shop.example/linen-shirt")
    assert (item.availability, item.provenance["availability"]) == ("InStock", "jsonld:Offer.availability")


def test_the_variant_selected_in_the_url_decides():
    item = fixture("variant_first_sold_out.html", "https://shop.example/linen-shirt?variant=LS-S")
    assert item.availability == "OutOfStock"
    assert item.provenance["availability"] == "jsonld:Offer.availability (variant selected in the URL)"


def test_visible_sold_out_overrules_jsonld_in_stock():
    item = fixture("jsonld_instock_visible_sold_out.html", "https://toko.example/teko")
    assert item.availability == "OutOfStock"
    assert item.provenance["availability"] == "heuristic:stock-text (markup said InStock)"


def test_enabled_add_to_cart_overrules_jsonld_out_of_stock_but_a_hidden_alert_does_not_count():
    item = fixture("jsonld_oos_visible_add_to_cart.html", "https://shop.example/wb")
    assert item.availability == "InStock"
    assert item.provenance["availability"] == "heuristic:buy-button (markup said OutOfStock)"


@needs_shared
def test_recorded_script_toggled_sold_out_alert_does_not_overrule_markup():
    item, labels = recorded("1c79626791f5")  # hidden "Produto esgotado" alerts beside an in-stock buy box
    assert item.availability == labels["availability"][0] == "InStock"
    assert item.provenance["availability"] == "jsonld:Offer.availability"


@needs_shared
@pytest.mark.parametrize("prefix", ["0094967f37c6", "2c036dd02ff3"])
def test_recorded_out_of_stock_pages(prefix):
    item, labels = recorded(prefix)
    assert item.availability == labels["availability"][0] == "OutOfStock"
