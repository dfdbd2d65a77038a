"""SKU classes of issue #15, round 3: sources that disagree, and identifiers read in new places.

A wrong SKU merges different products across stores, so when two sources name different products
and nothing confirms one of them the extractor gives no SKU. Pages are fixtures of our own making
(``product_fixtures/``, see its README) or recorded development pages of the benchmark split
(``bench/product_split.py``); every assertion checks the value and its provenance.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spiders.pages import extract_product
from tests.extraction.test_product_classes import needs_shared, recorded

FIXTURES = Path(__file__).resolve().parent / "product_fixtures"
MARKED = (FIXTURES / "marked_reference_variant_sku.html").read_text(encoding="utf-8")
SHOWN_REFERENCE = '<span data-qa-qualifier="product-reference">4410/305</span>'


def sku_of(page: str | bytes, url: str) -> tuple[str | None, str | None]:
    item = extract_product(page, url)
    return item.sku, item.provenance.get("sku")


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def jsonld_page(node: dict, body: str = "") -> str:
    return (f'<html><head><script type="application/ld+json">{json.dumps(node)}</script></head>'
            f"<body><h1>{node.get('name', 'Lamp')}</h1>{body}</body></html>")


OFFER = {"@type": "Offer", "price": "19.90", "priceCurrency": "EUR", "availability": "https://schema.org/InStock"}


# --- 1. an id shown bare in an element marked as the reference -------------------------------

@pytest.mark.parametrize("url", ["https://moda.example/ie/en/linen-wrap-dress-p14410305.html?v1=55120384",
                                 "https://moda.example/ie/en/linen-wrap-dress.html"])
def test_marked_reference_beats_the_sku_of_one_size(url):
    # JSON-LD lists one Product per size (skus 55120384-401-36/38/40); the page shows "4410/305",
    # which the URL's "-p14410305.html" confirms where it is present.
    assert sku_of(MARKED, url) == ("4410/305", "text:marked:product-reference")


def test_hidden_and_widget_marks_are_not_read_and_a_size_sku_is_no_answer():
    page = MARKED.replace(SHOWN_REFERENCE, "")  # left: a hidden mark, a mark in "related products"
    assert sku_of(page, "https://moda.example/ie/en/linen-wrap-dress.html") == (None, None)
    assert sku_of(page, "https://moda.example/ie/en/linen-wrap-dress-p14410305.html") == ("14410305", "url:-p<n>.html")


def test_marked_reference_equal_but_for_punctuation_gives_the_shown_form():
    page = jsonld_page({"@type": "Product", "name": "Lamp", "sku": "4410305", "offers": OFFER},
                       f"<p>{SHOWN_REFERENCE}</p>")
    assert sku_of(page, "https://shop.example/lamp") == ("4410/305", "text:marked:product-reference")


def test_marked_reference_and_structured_sku_disagree_with_nothing_to_decide():
    page = jsonld_page({"@type": "Product", "name": "Lamp", "sku": "77120", "offers": OFFER}, f"<p>{SHOWN_REFERENCE}</p>")
    assert sku_of(page, "https://shop.example/lamp") == (None, None)
    # The URL names the structured one: it is confirmed and kept.
    assert sku_of(page, "https://shop.example/lamp-p77120.html") == ("77120", "jsonld:Product.sku")


# --- 2. structured sku against the URL's item id ----------------------------------------------

def test_structured_sku_disputed_by_the_url_item_id_gives_no_sku():
    page = jsonld_page({"@type": "Product", "name": "Lamp", "sku": "88213-77", "offers": OFFER})
    assert sku_of(page, "https://shop.example/desk-lamp-p5521043.html") == (None, None)
    assert sku_of(page, "https://shop.example/desk-lamp-p8821377.html") == ("88213-77", "jsonld:Product.sku")
    assert sku_of(page, "https://shop.example/desk-lamp.html") == ("88213-77", "jsonld:Product.sku")


def test_variants_without_a_named_one_leave_the_groups_own_sku():
    group = {"@type": "ProductGroup", "name": "Tee", "sku": "TEE-1001", "hasVariant": [
        {"@type": "Product", "sku": f"TEE-1001-{size}", "gtin13": f"400000000000{n}",
         "offers": dict(OFFER, price=price)} for n, (size, price) in enumerate((("S", "21.00"), ("M", "19.90")))]}
    item = extract_product(jsonld_page(group), "https://shop.example/tee")
    assert (item.sku, item.provenance["sku"], item.gtin) == ("TEE-1001", "jsonld:ProductGroup.sku", None)
    del group["sku"]
    assert sku_of(jsonld_page(group), "https://shop.example/tee") == (None, None)


def test_attributes_listing_one_sku_per_size_give_none():
    body = '<ul><li data-sku="TS-1042-S">S</li><li data-sku="TS-1042-M">M</li></ul><button>Add to cart</button>'
    assert sku_of(f"<html><body><h1>Tee</h1>{body}</body></html>", "https://shop.example/tee") == (None, None)


# --- 3. productID made of an id and the product's name ----------------------------------------

def test_productid_holding_id_and_name_gives_the_id():
    item = extract_product(fixture_text("productid_id_then_name.html"), "https://maison.example/p-coussin-sol-tresse.html")
    assert (item.sku, item.provenance["sku"]) == ("KT220871-5530", "microdata:Product.productID (id before the name)")


def test_a_name_with_a_short_code_is_not_cut_to_an_id():
    page = jsonld_page({"@type": "Product", "name": "Phone", "sku": "A15 Pro Max", "offers": OFFER})
    assert sku_of(page, "https://shop.example/Prod/448812/") == ("448812", "url:/prod/<n>")
    assert sku_of(page, "https://shop.example/phone") == ("A15 Pro Max", "jsonld:Product.sku")


# --- 4. short labels: a bare "Code:" and a classified ad's number -----------------------------

def test_bare_code_label_beside_the_title():
    assert sku_of(fixture_text("code_label_in_title.html"), "https://tehno.example/product/chaynik-vt-7050/") == (
        "04417", "text:label:Код")


def test_weak_label_disputed_by_the_url_item_id_gives_no_sku():
    assert sku_of(fixture_text("code_label_in_title.html"), "https://tehno.example/chaynik-vt-7050-p2209931.html") == (
        None, None)


def test_classified_ad_number_label():
    assert sku_of(fixture_text("classified_ad_number.html"), "https://classifieds.example/furniture/oak-bookcase") == (
        "5518830247", "text:label:Ad ID")


def test_advert_marker_without_colon_is_no_label():
    page = ("<html><body><h1>Kaffeemaschine</h1><div class='teaser'><span>Anzeige</span><span>S21</span></div>"
            "<span class='price'>€ 89,00</span><button>In den Warenkorb</button></body></html>")
    assert sku_of(page, "https://laden.example/kaffeemaschine") == (None, None)
    assert sku_of(page.replace("<span>Anzeige</span>", "<span>Anzeige:</span>"), "https://laden.example/k") == (
        "S21", "text:label:Anzeige")


@needs_shared
def test_recorded_classified_ad_number():
    item, labels = recorded("2342b61d6831")  # "Anzeige:" then the ad number in the next element
    assert item.sku in labels["sku"] and item.provenance["sku"] == "text:label:Anzeige"


# --- 5. a number ending the URL against the page's own id -------------------------------------

def test_url_number_and_retailer_item_id_disagree():
    page = ('<html><head><meta property="product:retailer_item_id" content="9781234567897"></head>'
            '<body><h1>Labour code, annotated</h1><span class="price">€ 71,91</span><button>Add to cart</button></body></html>')
    assert sku_of(page, "https://books.example/labour-code-annotated-1589482272.html") == (None, None)
    assert sku_of(page, "https://books.example/labour-code-annotated-9781234567897.html") == (
        "9781234567897", "meta:product:retailer_item_id")


@needs_shared
def test_recorded_url_number_against_an_isbn_sku():
    item, _ = recorded("16606e09f7ec")  # retailer_item_id and data-product-sku: the ISBN; the URL: another number
    assert item.sku is None


def test_json_ld_only_page_disputed_by_its_url_is_read_in_full():
    # Complete JSON-LD and no label words: the fast path would skip the page, but the URL's item
    # id disputes the JSON-LD sku and the page shows the reference that settles it.
    node = {"@type": "Product", "name": "Lamp", "sku": "60112233-808-2", "offers": OFFER}
    page = jsonld_page(node, f"<p>{SHOWN_REFERENCE}</p>")
    assert sku_of(page, "https://shop.example/lamp-p04410305.html") == ("4410/305", "text:marked:product-reference")
